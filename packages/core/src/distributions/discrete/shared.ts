import { DoplError } from '../../errors.js';
import { getOp } from '../../ops/index.js';
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

// TensorFlow.js counterparts, for the `tf` forwards of the log-mass functions (float32 tensors,
// rank-aligned by the tfjs backend). In float32, lgamma(n + 1) − lgamma(k + 1) − … loses
// ~1e-7·n·log n to cancellation (1e-2 at n = 1e5), so the mass functions are written in Loader's
// saddle-point form — Stirling remainders and deviances bd0, whose large parts cancel
// analytically (as R's dbinom/dpois/dnbinom do). The forwards first replace invalid data and
// parameters by harmless values (`where`), so no NaN reaches an unselected branch or tf.grad,
// then mask the result to −Infinity.
type T = any;

export const HALF_LN_2PI = 0.9189385332046728;

/** lgamma (float32 Stirling series, the `lgamma` op's forward). */
export const tfLgamma = (tf: T, x: T): T => getOp('lgamma').tf!(tf, [x], {});

/** x is a finite integer (a bool tensor). */
export const tfIsInteger = (tf: T, x: T): T => tf.logicalAnd(tf.equal(tf.floor(x), x), tf.isFinite(x));

/** x is a non-negative integer (false for NaN and ±Infinity). */
export const tfIsCount = (tf: T, x: T): T => tf.logicalAnd(tfIsInteger(tf, x), tf.greaterEqual(x, 0));

/** Conjunction of several bool tensors (broadcasting). */
export const tfAll = (tf: T, ...conds: T[]): T => conds.reduce((a, b) => tf.logicalAnd(a, b));

/** `cond ? value : -Infinity`. */
export const tfGuard = (tf: T, cond: T, value: T): T => tf.where(cond, value, Number.NEGATIVE_INFINITY);

/**
 * log1p accurate in float32 for small arguments — tfjs's wasm backend computes log(1 + x), which
 * loses everything below 2⁻²⁴ — by log(u)·x/(u − 1) with u = 1 + x (Goldberg), with the exact
 * derivative 1/(1 + x) given to tf.grad (differentiating the formula would amplify its rounding).
 */
export function tfLog1p(tf: T, x: T): T {
  return tf.customGrad((v: T, save: (ts: T[]) => void) => {
    save([v]);
    const u = tf.add(v, 1);
    const d = tf.sub(u, 1);
    const exact = tf.equal(d, 0);
    const ratio = tf.where(tf.logicalOr(exact, tf.logicalNot(tf.isFinite(d))), 1, tf.div(v, d));
    return {
      value: tf.where(exact, v, tf.mul(tf.log(u), ratio)),
      gradFunc: (dy: T, [s]: T[]) => tf.div(dy, tf.add(s, 1)),
    };
  })(x);
}

/** x·f(y) with 0·f(y) = 0 even where f(y) is infinite (y is replaced by `safe` where x = 0). */
export const tfXmul = (tf: T, x: T, y: T, f: (v: T) => T, safe = 0): T =>
  tf.mul(x, f(tf.where(tf.equal(x, 0), safe, y)));

/**
 * Stirling's remainder δ(z) = lgamma(z + 1) − (z + ½)·log z + z − ½·log 2π for z > 0: its series
 * from z = 10 on (error < 1e-10), else directly (the terms are then below ~15).
 */
export function tfStirlerr(tf: T, z: T): T {
  const big = tf.greaterEqual(z, 10);
  const zb = tf.where(big, z, 10);
  const zi = tf.reciprocal(zb);
  const zi2 = tf.square(zi);
  const series = tf.mul(zi, tf.add(1 / 12, tf.mul(zi2, tf.add(-1 / 360, tf.mul(zi2, 1 / 1260)))));
  const zs = tf.where(big, 1, z);
  const direct = tf.sub(
    tf.add(tf.sub(tfLgamma(tf, tf.add(zs, 1)), tf.mul(tf.add(zs, 0.5), tf.log(zs))), zs),
    HALF_LN_2PI,
  );
  return tf.where(big, series, direct);
}

/**
 * Loader's deviance term bd0(x, M) = x·log(x/M) + M − x ≥ 0, given d = x − M and r = d/M
 * (computed by the caller without forming M where that would round): x·log1p(r) − d, and M = −d
 * at x = 0.
 */
export const tfBd0 = (tf: T, x: T, d: T, r: T): T =>
  tf.sub(
    tfXmul(tf, x, r, (v) => tfLog1p(tf, v)),
    d,
  );

/**
 * lgamma(z + h) − lgamma(z) for z > 0, zh = z + h > 0, without the cancellation of the two
 * lgammas: (z − ½)·log(zh/z) + h·(log zh − 1) + δ(zh) − δ(z).
 */
export function tfLgammaDiff(tf: T, z: T, h: T, zh: T): T {
  const r = tf.div(h, z);
  const logRatio = tf.where(tf.less(r, -0.5), tf.log(tf.div(zh, z)), tfLog1p(tf, r));
  return tf.add(
    tf.add(tf.mul(tf.sub(z, 0.5), logRatio), tf.mul(h, tf.sub(tf.log(zh), 1))),
    tf.sub(tfStirlerr(tf, zh), tfStirlerr(tf, z)),
  );
}

/**
 * log B(a, b) for a, b > 0 by Stirling, s = min, l = max: (s − ½)·log(s/(s + l)) +
 * (l − ½)·log1p(−s/(s + l)) − ½·log(s + l) + ½·log 2π + δ(s) + δ(l) − δ(s + l).
 */
export function tfLbeta(tf: T, a: T, b: T): T {
  const s = tf.minimum(a, b);
  const l = tf.maximum(a, b);
  const t = tf.add(s, l);
  const w = tf.div(s, t);
  const main = tf.add(
    tf.add(tf.mul(tf.sub(s, 0.5), tf.log(w)), tf.mul(tf.sub(l, 0.5), tfLog1p(tf, tf.neg(w)))),
    tf.sub(HALF_LN_2PI, tf.mul(0.5, tf.log(t))),
  );
  return tf.add(main, tf.sub(tf.add(tfStirlerr(tf, s), tfStirlerr(tf, l)), tfStirlerr(tf, t)));
}

/**
 * Poisson log-mass at valid x, mu: −mu at x = 0, else −δ(x) − bd0(x, mu) − ½·log(2πx).
 */
export function tfPoissonLogPmf(tf: T, x: T, mu: T): T {
  const zero = tf.equal(x, 0);
  // The x > 0 branch with x = mu = 1 where x = 0 (no 0/0 in it, nor in its gradient).
  const [xs, ms] = [tf.where(zero, 1, x), tf.where(zero, 1, mu)];
  const d = tf.sub(xs, ms);
  const main = tf.neg(
    tf.add(
      tf.add(tfStirlerr(tf, xs), tfBd0(tf, xs, d, tf.div(d, ms))),
      tf.add(tf.mul(0.5, tf.log(xs)), HALF_LN_2PI),
    ),
  );
  return tf.where(zero, tf.neg(mu), main);
}

/**
 * Binomial log-mass at valid x, n, given np, nq = n·(1 − p) and the values at x = 0 (n·log q) and
 * x = n (n·log p): δ(n) − δ(x) − δ(n − x) − bd0(x, np) − bd0(n − x, nq) − ½·log(2πx(n − x)/n)
 * inside.
 */
export function tfBinomialLogPmf(tf: T, x: T, n: T, np: T, nq: T, atZero: T, atN: T): T {
  const m = tf.sub(n, x);
  const inside = tf.logicalAnd(tf.greater(x, 0), tf.greater(m, 0));
  // The inside branch with x = n − x = np = nq = 1 elsewhere (no 0/0 in it, nor in its gradient).
  const [xs, ms] = [tf.where(inside, x, 1), tf.where(inside, m, 1)];
  const [nps, nqs] = [tf.where(inside, np, 1), tf.where(inside, nq, 1)];
  const ns = tf.add(xs, ms);
  const d1 = tf.sub(xs, nps);
  const d2 = tf.sub(ms, nqs);
  const main = tf.sub(
    tf.sub(
      tf.sub(tfStirlerr(tf, ns), tf.add(tfStirlerr(tf, xs), tfStirlerr(tf, ms))),
      tf.add(tfBd0(tf, xs, d1, tf.div(d1, nps)), tfBd0(tf, ms, d2, tf.div(d2, nqs))),
    ),
    tf.add(tf.mul(0.5, tf.log(tf.div(tf.mul(xs, ms), ns))), HALF_LN_2PI),
  );
  return tf.where(inside, main, tf.where(tf.equal(x, 0), atZero, atN));
}
