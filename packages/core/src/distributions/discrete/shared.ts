import { DoplError } from '../../errors.js';
import type { Structural } from '../distribution.js';

// Helpers shared by the discrete families: code templates for the generated log-mass functions,
// and the inverse-CDF structural form built from a family's cdf.

type Params = Readonly<Record<string, number>>;

/** Template: `x` is a non-negative integer (false for NaN and ±Infinity). */
export const isCount = (x: string): string => `(Number.isInteger(${x}) && ${x} >= 0)`;

/** Template: x·log(y) with 0·log(0) = 0 (the x = 0 term of a mass function). */
export const xlogy = (x: string, y: string): string => `(${x} === 0 ? 0 : ${x} * Math.log(${y}))`;

/** Template: x·log1p(−y) with 0·log(0) = 0. */
export const xlog1my = (x: string, y: string): string => `(${x} === 0 ? 0 : ${x} * Math.log1p(-${y}))`;

/** Template: x/y with 0/0 = 0 (the derivative of xlogy in y). */
export const xdivy = (x: string, y: string): string => `(${x} === 0 ? 0 : ${x} / ${y})`;

/** Template: log C(n, k) = lgamma(n + 1) − lgamma(k + 1) − lgamma(n − k + 1). */
export const lchooseT = (n: string, k: string): string =>
  `(rt.lgamma(${n} + 1) - rt.lgamma(${k} + 1) - rt.lgamma(${n} - ${k} + 1))`;

/** Template: `cond ? value : -Infinity`. */
export const guard = (cond: string, value: string): string => `(${cond} ? ${value} : -Infinity)`;

/** Template: `cond ? value : 0` (gradients are 0 off the support). */
export const guard0 = (cond: string, value: string): string => `(${cond} ? ${value} : 0)`;

/** A finite number (false for NaN and ±Infinity). */
export const finite = (v: number): boolean => Number.isFinite(v);

/**
 * The smallest integer k in [lower, upper] with cdf(k) > u: the inverse-CDF coupling x = F⁻(u).
 * Starts at `guess` (the mean), gallops away from it and bisects, so it needs O(log |x − guess|)
 * cdf evaluations. NaN when u is not in [0, 1).
 */
export function discreteQuantile(
  u: number,
  cdf: (k: number) => number,
  lower: number,
  upper: number,
  guess: number,
): number {
  if (!(u >= 0 && u < 1)) return Number.NaN;
  let k = Math.min(Math.max(Number.isFinite(guess) ? Math.floor(guess) : lower, lower), upper);
  const start = cdf(k);
  if (Number.isNaN(start)) return Number.NaN;
  let lo: number;
  let hi: number;
  if (start > u) {
    // Answer ≤ k: find lo with cdf(lo) ≤ u (or lo = lower − 1, where the cdf is 0).
    hi = k;
    let step = 1;
    lo = k - step;
    while (lo >= lower && cdf(lo) > u) {
      hi = lo;
      step *= 2;
      lo = hi - step;
    }
    lo = Math.max(lo, lower - 1);
  } else {
    // Answer > k: find hi with cdf(hi) > u (upper itself has cdf 1 > u).
    lo = k;
    let step = 1;
    hi = k + step;
    while (hi < upper && cdf(hi) <= u) {
      lo = hi;
      step *= 2;
      hi = lo + step;
    }
    hi = Math.min(hi, upper);
  }
  // Invariant: cdf(lo) ≤ u < cdf(hi) (cdf(lower − 1) = 0).
  while (hi - lo > 1) {
    k = lo + Math.floor((hi - lo) / 2);
    if (cdf(k) > u) hi = k;
    else lo = k;
  }
  return hi;
}

export interface CdfCoupling {
  readonly name: string;
  readonly cdf: (x: number, p: Params) => number;
  readonly lower: number;
  readonly upper: (p: Params) => number;
  readonly mean: (p: Params) => number;
}

/**
 * Inverse-CDF coupling for an integer family (DESIGN §3): x = F⁻(u) with u ~ Uniform(0, 1), and
 * abduct(x) = [F(x − 1), F(x)), the uniforms that produce x.
 */
export function inverseCdfStructural(c: CdfCoupling): Structural {
  return {
    base: 'uniform',
    apply: (p, u) => discreteQuantile(u, (k) => c.cdf(k, p), c.lower, c.upper(p), c.mean(p)),
    abduct: (p, x) => {
      if (!(Number.isInteger(x) && x >= c.lower && x <= c.upper(p))) {
        throw new DoplError(`${c.name}: cannot abduct the noise of ${x}, which is outside the support`);
      }
      return [x - 1 < c.lower ? 0 : c.cdf(x - 1, p), c.cdf(x, p)] as const;
    },
  };
}
