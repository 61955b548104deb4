import { LN_SQRT_2PI } from './constants.js';
import { lgamma, lgammaCorrection } from './gamma.js';

// For large arguments lgamma(a) + lgamma(b) − lgamma(a + b) subtracts numbers of size a·log a and
// loses all relative accuracy; writing each lgamma as Stirling's formula plus its small correction
// lets the (x − ½)·log x parts cancel analytically, leaving only well-conditioned logarithms
// (Stirling's formula, Abramowitz & Stegun 6.1.40; R's lbeta uses the same decomposition).

/** log B(a, b) = log Γ(a) + log Γ(b) − log Γ(a + b) for a, b ≥ 0; NaN for negative arguments. */
export function lbeta(a: number, b: number): number {
  const p = Math.min(a, b);
  const q = Math.max(a, b);
  if (Number.isNaN(p) || Number.isNaN(q) || p < 0) return Number.NaN;
  if (p === 0) return Number.POSITIVE_INFINITY;
  if (q === Number.POSITIVE_INFINITY) return Number.NEGATIVE_INFINITY;
  const s = p + q;
  if (p >= 10) {
    const corr = lgammaCorrection(p) + lgammaCorrection(q) - lgammaCorrection(s);
    return LN_SQRT_2PI - 0.5 * Math.log(q) + corr + (p - 0.5) * Math.log(p / s) + q * Math.log1p(-p / s);
  }
  if (q >= 10) {
    const corr = lgammaCorrection(q) - lgammaCorrection(s);
    return lgamma(p) + corr + p - p * Math.log(s) + (q - 0.5) * Math.log1p(-p / s);
  }
  return lgamma(p) + lgamma(q) - lgamma(s);
}

/**
 * log of the binomial coefficient C(n, k) = Γ(n + 1) / (Γ(k + 1)·Γ(n − k + 1)) for real 0 ≤ k ≤ n.
 * −Infinity for k < 0 or k > n (the coefficient is 0 there for integer arguments); NaN for n < 0.
 */
export function lchoose(n: number, k: number): number {
  if (Number.isNaN(n) || Number.isNaN(k) || n < 0 || n === Number.POSITIVE_INFINITY) return Number.NaN;
  if (k < 0 || k > n) return Number.NEGATIVE_INFINITY;
  if (k === 0 || k === n) return 0;
  // C(n, k) = 1 / ((n + 1)·B(n − k + 1, k + 1)); lbeta keeps this accurate when n is large.
  return -Math.log1p(n) - lbeta(n - k + 1, k + 1);
}
