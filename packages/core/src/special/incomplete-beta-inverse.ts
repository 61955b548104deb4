import { lbeta } from './beta.js';
import { incompleteBeta, logBetaPrefix } from './incomplete-beta.js';
import { normalQuantile } from './normal-quantile.js';

// Inverse of I_·(a, b): the starting value of Algorithm AS 109 (Cran, Martin & Thomas 1977, after
// Carter 1947 for a, b > 1 and a chi-square/tail approximation otherwise), refined by Halley's method
// kept inside a shrinking bracket.

const MAX_ITER = 200;
const TOL = 4 * Number.EPSILON;

/** AS 109's first approximation to the p-quantile of Beta(a, b). */
function startingValue(a: number, b: number, p: number, q: number): number {
  // Upper-tail normal deviate of p, positive for p < ½.
  const y = p < q ? -normalQuantile(p) : normalQuantile(q);
  if (a > 1 && b > 1) {
    const r = (y * y - 3) / 6;
    const s = 1 / (2 * a - 1);
    const t = 1 / (2 * b - 1);
    const h = 2 / (s + t);
    const w = (y * Math.sqrt(h + r)) / h - (t - s) * (r + 5 / 6 - 2 / (3 * h));
    return a / (a + b * Math.exp(2 * w));
  }
  const logBeta = lbeta(a, b);
  const r = 2 * b;
  let t = 1 / (9 * b);
  t = r * (1 - t + y * Math.sqrt(t)) ** 3;
  if (t <= 0) return -Math.expm1((Math.log1p(-p) + Math.log(b) + logBeta) / b);
  t = (4 * a + r - 2) / t;
  if (t <= 1) return Math.exp((Math.log(p * a) + logBeta) / a);
  return 1 - 2 / (t + 1);
}

/**
 * The x with I_x(a, b) = p, i.e. the p-quantile of Beta(a, b): 0 at p = 0, 1 at p = 1, NaN for
 * a, b ≤ 0 or p outside [0, 1].
 */
export function betaIncInv(a: number, b: number, p: number): number {
  if (
    !(a > 0 && b > 0 && p >= 0 && p <= 1) ||
    a === Number.POSITIVE_INFINITY ||
    b === Number.POSITIVE_INFINITY
  ) {
    return Number.NaN;
  }
  if (p === 0) return 0;
  if (p === 1) return 1;
  const q = 1 - p;
  // Above the median match the upper tail 1 − I to 1 − p, which is exact, so both keep their accuracy.
  const upper = p > 0.5;
  let x = startingValue(a, b, p, q);
  if (!(x > 0 && x < 1)) x = 0.5;
  let lo = 0;
  let hi = 1;
  const target = upper ? q : p;
  for (let iter = 0; iter < MAX_ITER; iter++) {
    const y = 1 - x;
    // The tail on the side of the target; g = I(x) − p increases with x in both cases.
    const tail = incompleteBeta(a, b, x, upper);
    const g = upper ? target - tail : tail - target;
    if (g === 0) return x;
    if (g < 0) lo = x;
    else hi = x;
    const slope = Math.exp(logBetaPrefix(a, b, x, y)) / (x * y);
    let next = Number.NaN;
    if (tail > 0 && slope > 0 && Number.isFinite(slope)) {
      if (tail > 2 * target || tail < 0.5 * target) {
        // Far from the root: Newton on log(tail) against log x (log(1 − x) for the upper tail). The
        // tails behave like xᵃ and (1 − x)ᵇ there, so one step covers any number of decades.
        const ratio = (Math.log(tail) - Math.log(target)) * (tail / slope);
        next = upper ? 1 - y * Math.exp(-ratio / y) : x * Math.exp(-ratio / x);
        // The root lies closer to 0 (or 1) than any double.
        if (next === 0 && lo === 0) return 0;
        if (next === 1 && hi === 1) return 1;
      } else {
        const newton = g / slope;
        // Halley's correction from I″/I′ = (a − 1)/x − (b − 1)/(1 − x); dropped when it would more
        // than double the step.
        const halley = 1 - 0.5 * newton * ((a - 1) / x - (b - 1) / y);
        next = x - (halley > 0.5 ? newton / halley : newton);
        // A step below the resolution of x means convergence, even if rounding left the bracket.
        if (Math.abs(next - x) <= TOL * x) return next > lo && next < hi ? next : x;
      }
    }
    if (!(next > lo && next < hi)) {
      if (lo === 0) next = hi / 16;
      else next = hi > 4 * lo ? Math.sqrt(lo) * Math.sqrt(hi) : 0.5 * (lo + hi);
    }
    if (hi - lo <= TOL * lo) return next;
    x = next;
  }
  return x;
}
