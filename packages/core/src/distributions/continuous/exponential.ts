import { exponential } from '../../random/index.js';
import { scalarFamily } from '../distribution.js';

/**
 * Exponential(lam): rate lam (mean 1/lam), on [0, ∞).
 *
 * log p = log λ − λx.
 *
 * @example getDistribution('Exponential').cdf!(Math.LN2, { lam: 1 }) // 0.5
 */
export const Exponential = scalarFamily({
  name: 'Exponential',
  params: ['lam'],
  support: { kind: 'positive' },
  checks: { lam: 'positive' },
  lpdf: {
    fwd: ([x, lam]) => `(${lam} > 0 && ${x} >= 0 ? Math.log(${lam}) - ${lam} * ${x} : -Infinity)`,
    grad: [(g, _y, [_x, lam]) => `${g} * -${lam}`, (g, _y, [x, lam]) => `${g} * (1 / ${lam} - ${x})`],
  },
  tf: (tf, [x, lam]) => tf.where(tf.greaterEqual(x, 0), tf.sub(tf.log(lam), tf.mul(lam, x)), -Infinity),
  sample: (rng, { lam }) => exponential(rng, lam),
  cdf: (x, { lam }) => (x > 0 ? -Math.expm1(-lam * x) : 0),
  structural: {
    base: 'uniform',
    apply: ({ lam }, u) => -Math.log1p(-u) / lam,
    abduct: ({ lam }, x) => (x > 0 ? -Math.expm1(-lam * x) : 0),
  },
});
