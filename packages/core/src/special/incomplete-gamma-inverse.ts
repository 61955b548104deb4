import { lgamma, lgamma1p } from './gamma.js';
import { incompleteGamma, logGammaPrefix } from './incomplete-gamma.js';
import { normalQuantile } from './normal-quantile.js';

// Inverse of P(a, ·): a starting value from the Wilson–Hilferty cube-root normal approximation
// (Wilson & Hilferty 1931) or, where that fails, from the leading term of the lower or upper tail
// (as in DiDonato & Morris 1986), refined by Halley's method kept inside a shrinking bracket.

const MAX_ITER = 200;
const TOL = 4 * Number.EPSILON;

function startingValue(a: number, p: number, q: number): number {
  // P(a, x) ≈ xᵃ/Γ(a + 1) for small x, which underestimates the root.
  const small = Math.exp((Math.log(p) + lgamma1p(a)) / a);
  if (a >= 1) {
    const z = q < p ? -normalQuantile(q) : normalQuantile(p);
    const c = 1 / (9 * a);
    const base = 1 - c + z * Math.sqrt(c);
    if (base > 0) {
      const wh = a * base * base * base;
      return small < 0.5 * a ? Math.max(wh, small) : wh;
    }
    return small;
  }
  if (small <= 1) return small;
  // Upper tail for small a: Q(a, x) ≈ x^(a−1)·e⁻ˣ/Γ(a); a few fixed-point steps of its log.
  let x = Math.max(1, -Math.log(q) - lgamma(a));
  for (let i = 0; i < 3; i++) x = Math.max(1, -Math.log(q) - lgamma(a) + (a - 1) * Math.log(x));
  return x;
}

/**
 * The x with P(a, x) = p, i.e. the quantile of Gamma(shape a, rate 1): 0 at p = 0, +Infinity at p = 1,
 * NaN for a ≤ 0 or p outside [0, 1].
 */
export function gammaPInv(a: number, p: number): number {
  if (!(a > 0 && p >= 0 && p <= 1) || a === Number.POSITIVE_INFINITY) return Number.NaN;
  if (p === 0) return 0;
  if (p === 1) return Number.POSITIVE_INFINITY;
  const q = 1 - p;
  // Above the median match Q(a, x) to 1 − p, which is exact, so both keep their relative accuracy.
  const upper = p > 0.5;
  let x = startingValue(a, p, q);
  // P(a, x) ≈ xᵃ/Γ(a + 1) for tiny x, so when that start underflows the quantile does too.
  if (x === 0) return 0;
  let lo = 0;
  let hi = Number.POSITIVE_INFINITY;
  const target = upper ? q : p;
  for (let iter = 0; iter < MAX_ITER; iter++) {
    // The tail on the side of the target; g = P(x) − p increases with x in both cases.
    const tail = incompleteGamma(a, x, upper);
    const g = upper ? target - tail : tail - target;
    if (g === 0) return x;
    if (g < 0) lo = x;
    else hi = x;
    const slope = Math.exp(logGammaPrefix(a, x)) / x;
    let next = Number.NaN;
    if (tail > 0 && slope > 0 && Number.isFinite(slope)) {
      if (tail > 2 * target || tail < 0.5 * target) {
        // Far from the root: Newton on log(tail), against log x for P (which behaves like xᵃ there, so
        // one step covers any number of decades) and against x for Q (which behaves like e⁻ˣ).
        const ratio = (Math.log(tail) - Math.log(target)) * (tail / slope);
        next = upper ? x + ratio : x * Math.exp(-ratio / x);
        // The root lies below the smallest positive double.
        if (next === 0 && lo === 0) return 0;
      } else {
        const newton = g / slope;
        // Halley's correction from P″/P′ = (a − 1)/x − 1; dropped when it would more than double the step.
        const halley = 1 - 0.5 * newton * ((a - 1) / x - 1);
        next = x - (halley > 0.5 ? newton / halley : newton);
        // A step below the resolution of x means convergence, even if rounding left the bracket.
        if (Math.abs(next - x) <= TOL * x) return next > lo && next < hi ? next : x;
      }
    }
    if (!(next > lo && next < hi)) {
      if (hi === Number.POSITIVE_INFINITY) next = 4 * x;
      else if (lo === 0) next = hi / 16;
      else next = hi > 4 * lo ? Math.sqrt(lo) * Math.sqrt(hi) : 0.5 * (lo + hi);
    }
    if (hi - lo <= TOL * lo) return next;
    x = next;
  }
  return x;
}
