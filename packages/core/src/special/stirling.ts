// The tail of Stirling's series, lgamma(x) − [(x − ½)·log x − x + ½·log 2π] = Σₖ B₂ₖ / (2k(2k−1)·x^(2k−1)).
// Kept separate so that lbeta and the incomplete gamma/beta prefactors can cancel the large
// (x − ½)·log x parts analytically instead of subtracting nearly equal lgamma values.

// B₂ₖ / (2k(2k−1)) for k = 1…8; the first omitted term is below 2e-18 for x ≥ 10.
const COEFFICIENTS = [
  1 / 12,
  -1 / 360,
  1 / 1260,
  -1 / 1680,
  1 / 1188,
  -691 / 360360,
  1 / 156,
  -3617 / 122400,
] as const;

/** lgamma(x) − [(x − ½)·log x − x + ½·log 2π], full double precision for x ≥ 10 (callers guarantee x ≥ 10). */
export function lgammaCorrection(x: number): number {
  const r = 1 / x;
  const r2 = r * r;
  let s = COEFFICIENTS[7];
  for (let i = 6; i >= 0; i--) s = s * r2 + COEFFICIENTS[i];
  return s * r;
}
