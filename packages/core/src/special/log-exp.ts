// Thresholds and branches follow Mächler (2012), "Accurately computing log(1 − exp(−|a|))", R package
// Rmpfr vignette: each branch is the form that is free of cancellation and overflow on its range.

/** log(1 + eˣ) (softplus): eˣ for x ≤ −37, x for x > 33.3, never overflowing. */
export function log1pExp(x: number): number {
  if (x <= -37) return Math.exp(x);
  if (x <= 18) return Math.log1p(Math.exp(x));
  if (x <= 33.3) return x + Math.exp(-x);
  return x;
}

/** log(1 − eˣ) for x ≤ 0: −Infinity at 0, NaN for x > 0. */
export function log1mExp(x: number): number {
  if (x > 0) return Number.NaN;
  // Near 0, 1 − eˣ must come from expm1; far below, log1p keeps the tiny eˣ.
  return x > -Math.LN2 ? Math.log(-Math.expm1(x)) : Math.log1p(-Math.exp(x));
}

/** log(eᵃ + eᵇ) without overflow; −Infinity when both are −Infinity. */
export function logSumExp2(a: number, b: number): number {
  if (Number.isNaN(a) || Number.isNaN(b)) return Number.NaN;
  const m = Math.max(a, b);
  // Equal infinities would make a − b NaN below.
  if (m === Number.POSITIVE_INFINITY || m === Number.NEGATIVE_INFINITY) return m;
  return m + Math.log1p(Math.exp(-Math.abs(a - b)));
}

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
