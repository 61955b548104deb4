import { betaBinomial } from '../../random/index.js';
import { lgamma } from '../../special/index.js';
import { scalarFamily } from '../distribution.js';
import {
  guard,
  guard0,
  inverseCdfStructural,
  isCount,
  lchooseT,
  tfAll,
  tfGuard,
  tfIsCount,
  tfIsInteger,
  tfLbeta,
  tfLgammaDiff,
} from './shared.js';

/** log P(X = k) for integer 0 ≤ k ≤ n. */
function logPmf(k: number, n: number, a: number, b: number): number {
  return (
    lgamma(n + 1) -
    lgamma(k + 1) -
    lgamma(n - k + 1) +
    lgamma(k + a) +
    lgamma(n - k + b) -
    lgamma(n + a + b) -
    lgamma(a) -
    lgamma(b) +
    lgamma(a + b)
  );
}

/**
 * P(X ≤ x) by summing the mass function over the shorter side (the family can be U-shaped, so
 * there is no tail to truncate): at most n/2 + 1 terms.
 */
export function betaBinomialCdf(x: number, n: number, a: number, b: number): number {
  if (!(Number.isInteger(n) && n >= 0 && a > 0 && b > 0 && a < Infinity && b < Infinity) || Number.isNaN(x)) {
    return Number.NaN;
  }
  if (x < 0) return 0;
  if (x >= n) return 1;
  const k = Math.floor(x);
  let s = 0;
  if (k < n / 2) {
    for (let j = 0; j <= k; j++) s += Math.exp(logPmf(j, n, a, b));
    return Math.min(s, 1);
  }
  for (let j = k + 1; j <= n; j++) s += Math.exp(logPmf(j, n, a, b));
  return Math.max(1 - s, 0);
}

const valid = (x: string, n: string, a: string, b: string) =>
  `${isCount(x)} && Number.isInteger(${n}) && ${x} <= ${n} && ${a} > 0 && ${b} > 0 && ${a} < Infinity && ${b} < Infinity`;

/**
 * BetaBinomial(n, alpha, beta): Binomial(n, π) with π ~ Beta(alpha, beta).
 *
 * log p(x) = log C(n, x) + lbeta(x + α, n − x + β) − lbeta(α, β). Structural form: inverse-CDF
 * coupling.
 *
 * @example getDistribution('BetaBinomial').cdf!(0, { n: 10, alpha: 2, beta: 3 }) // 0.0659340659
 */
export const BetaBinomial = scalarFamily({
  name: 'BetaBinomial',
  params: ['n', 'alpha', 'beta'],
  support: { kind: 'integer', lower: 0, upper: 'n' },
  discrete: true,
  checks: { n: 'count', alpha: 'positive', beta: 'positive' },
  lpdf: {
    fwd: ([x, n, a, b]) =>
      guard(
        valid(x, n, a, b),
        `${lchooseT(n, x)} + rt.lgamma(${x} + ${a}) + rt.lgamma(${n} - ${x} + ${b}) - rt.lgamma(${n} + ${a} + ${b})` +
          ` - rt.lgamma(${a}) - rt.lgamma(${b}) + rt.lgamma(${a} + ${b})`,
      ),
    grad: [
      null,
      null,
      (g, _y, [x, n, a, b]) =>
        guard0(
          valid(x, n, a, b),
          `${g} * (rt.digamma(${x} + ${a}) - rt.digamma(${n} + ${a} + ${b}) - rt.digamma(${a}) + rt.digamma(${a} + ${b}))`,
        ),
      (g, _y, [x, n, a, b]) =>
        guard0(
          valid(x, n, a, b),
          `${g} * (rt.digamma(${n} - ${x} + ${b}) - rt.digamma(${n} + ${a} + ${b}) - rt.digamma(${b}) + rt.digamma(${a} + ${b}))`,
        ),
    ],
  },
  // Without the cancellation of nine lgammas (tfLgammaDiff, tfLbeta): for α + β ≤ n,
  //   −[lgamma(n + α + β) − lgamma(n + 1)] + [lgamma(x + α) − lgamma(x + 1)]
  //   + [lgamma(n − x + β) − lgamma(n − x + 1)] − lbeta(α, β),
  // else log C(n, x) + [lgamma(x + α) − lgamma(α)] + [lgamma(n − x + β) − lgamma(β)]
  //   − [lgamma(n + α + β) − lgamma(α + β)]: float32 error ~1e-7·min(n, α + β)·log(n + α + β).
  tf: (tf, [x, n, a, b]) => {
    const ok = tfAll(
      tf,
      tfIsCount(tf, x),
      tfIsInteger(tf, n),
      tf.lessEqual(x, n),
      tf.greater(a, 0),
      tf.greater(b, 0),
      tf.less(a, Infinity),
      tf.less(b, Infinity),
    );
    const [xs, ns, as, bs] = [tf.where(ok, x, 0), tf.where(ok, n, 0), tf.where(ok, a, 1), tf.where(ok, b, 1)];
    const G = (z: unknown, h: unknown, zh: unknown) => tfLgammaDiff(tf, z, h, zh);
    const m = tf.sub(ns, xs);
    const ab = tf.add(as, bs);
    const [xa, mb, nab] = [tf.add(xs, as), tf.add(m, bs), tf.add(ns, ab)];
    const fewTrials = tf.sub(
      tf.add(
        tf.neg(G(tf.add(ns, 1), tf.sub(ab, 1), nab)),
        tf.add(G(tf.add(xs, 1), tf.sub(as, 1), xa), G(tf.add(m, 1), tf.sub(bs, 1), mb)),
      ),
      tfLbeta(tf, as, bs),
    );
    const lchoose = tf.neg(tf.add(tf.log(tf.add(ns, 1)), tfLbeta(tf, tf.add(xs, 1), tf.add(m, 1))));
    const manyTrials = tf.sub(tf.add(lchoose, tf.add(G(as, xs, xa), G(bs, m, mb))), G(ab, ns, nab));
    return tfGuard(tf, ok, tf.where(tf.lessEqual(ab, ns), fewTrials, manyTrials));
  },
  sample: (rng, { n, alpha, beta }) => betaBinomial(rng, n, alpha, beta),
  cdf: (x, { n, alpha, beta }) => betaBinomialCdf(x, n, alpha, beta),
  structural: inverseCdfStructural({
    name: 'BetaBinomial',
    cdf: (x, { n, alpha, beta }) => betaBinomialCdf(x, n, alpha, beta),
    lower: 0,
    upper: (p) => p.n,
    mean: ({ n, alpha, beta }) => (n * alpha) / (alpha + beta),
  }),
});
