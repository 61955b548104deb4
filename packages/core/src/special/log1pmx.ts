// log(1 + μ) − μ without the cancellation of its two ≈ μ-sized terms for small μ; it is the exponent
// of the gamma and beta densities written about their modes (Temme's form of the incomplete
// gamma/beta prefactors).

/** log(1 + x) − x for x ≥ −1 (−Infinity at −1, NaN below). */
export function log1pmx(x: number): number {
  if (x === Number.POSITIVE_INFINITY) return Number.NEGATIVE_INFINITY;
  if (!(Math.abs(x) <= 0.5)) return Math.log1p(x) - x;
  // With t = x/(2 + x): log(1 + x) = 2·atanh t = 2(t + t³/3 + t⁵/5 + …) and x − 2t = t·x, so
  // log(1 + x) − x = −t·x + 2t³(1/3 + t²/5 + …); |t| ≤ ⅓ makes 17 terms enough.
  const t = x / (2 + x);
  const t2 = t * t;
  let s = 1 / 35;
  for (let k = 16; k >= 1; k--) s = s * t2 + 1 / (2 * k + 1);
  return 2 * t * t2 * s - t * x;
}
