import { getOp } from '../../ops/index.js';
import { beta } from '../../random/index.js';
import { betaInc, betaIncInv } from '../../special/index.js';
import { scalarFamily } from '../distribution.js';

/**
 * Beta(alpha, beta) on (0, 1).
 *
 * log p = (α − 1)·log x + (β − 1)·log1p(−x) − lgamma(α) − lgamma(β) + lgamma(α + β).
 *
 * @example getDistribution('Beta').cdf!(0.5, { alpha: 2, beta: 2 }) // 0.5
 */
export const Beta = scalarFamily({
  name: 'Beta',
  params: ['alpha', 'beta'],
  support: { kind: 'unit' },
  checks: { alpha: 'positive', beta: 'positive' },
  lpdf: {
    fwd: ([x, a, b]) =>
      `(${a} > 0 && ${b} > 0 && ${x} > 0 && ${x} < 1 ? (${a} - 1) * Math.log(${x}) + (${b} - 1) * Math.log1p(-${x})` +
      ` - rt.lgamma(${a}) - rt.lgamma(${b}) + rt.lgamma(${a} + ${b}) : -Infinity)`,
    grad: [
      (g, _y, [x, a, b]) => `${g} * ((${a} - 1) / ${x} - (${b} - 1) / (1 - ${x}))`,
      (g, _y, [x, a, b]) => `${g} * (Math.log(${x}) - rt.digamma(${a}) + rt.digamma(${a} + ${b}))`,
      (g, _y, [x, a, b]) => `${g} * (Math.log1p(-${x}) - rt.digamma(${b}) + rt.digamma(${a} + ${b}))`,
    ],
  },
  tf: (tf, [x, a, b]) => {
    const lgamma = (v: unknown) => getOp('lgamma').tf!(tf, [v], {});
    const lbeta = tf.sub(tf.add(lgamma(a), lgamma(b)), lgamma(tf.add(a, b)));
    const lp = tf.sub(
      tf.add(tf.mul(tf.sub(a, 1), tf.log(x)), tf.mul(tf.sub(b, 1), tf.log1p(tf.neg(x)))),
      lbeta,
    );
    return tf.where(tf.logicalAnd(tf.greater(x, 0), tf.less(x, 1)), lp, -Infinity);
  },
  sample: (rng, { alpha, beta: b }) => beta(rng, alpha, b),
  cdf: (x, { alpha, beta: b }) => (x <= 0 ? 0 : x >= 1 ? 1 : betaInc(alpha, b, x)),
  structural: {
    base: 'uniform',
    apply: ({ alpha, beta: b }, u) => betaIncInv(alpha, b, u),
    abduct: ({ alpha, beta: b }, x) => (x <= 0 ? 0 : x >= 1 ? 1 : betaInc(alpha, b, x)),
  },
});
