import { getOp } from '../../ops/index.js';
import { gamma } from '../../random/index.js';
import { gammaP, gammaPInv } from '../../special/index.js';
import { scalarFamily } from '../distribution.js';

/**
 * Gamma(alpha, beta): shape alpha, rate beta (mean α/β), on (0, ∞).
 *
 * log p = α·log β − lgamma(α) + (α − 1)·log x − βx.
 *
 * @example getDistribution('Gamma').cdf!(1, { alpha: 1, beta: 1 }) // 1 − e⁻¹ (the exponential)
 */
export const Gamma = scalarFamily({
  name: 'Gamma',
  params: ['alpha', 'beta'],
  support: { kind: 'positive' },
  checks: { alpha: 'positive', beta: 'positive' },
  lpdf: {
    fwd: ([x, a, b]) =>
      `(${a} > 0 && ${b} > 0 && ${x} > 0 ? ${a} * Math.log(${b}) - rt.lgamma(${a}) + (${a} - 1) * Math.log(${x}) - ${b} * ${x} : -Infinity)`,
    grad: [
      (g, _y, [x, a, b]) => `${g} * ((${a} - 1) / ${x} - ${b})`,
      (g, _y, [x, a, b]) => `${g} * (Math.log(${b}) - rt.digamma(${a}) + Math.log(${x}))`,
      (g, _y, [x, a, b]) => `${g} * (${a} / ${b} - ${x})`,
    ],
  },
  tf: (tf, [x, a, b]) => {
    const lgamma = getOp('lgamma').tf!(tf, [a], {});
    const lp = tf.sub(
      tf.add(tf.sub(tf.mul(a, tf.log(b)), lgamma), tf.mul(tf.sub(a, 1), tf.log(x))),
      tf.mul(b, x),
    );
    return tf.where(tf.greater(x, 0), lp, -Infinity);
  },
  sample: (rng, { alpha, beta }) => gamma(rng, alpha, beta),
  cdf: (x, { alpha, beta }) => (x > 0 ? gammaP(alpha, beta * x) : 0),
  structural: {
    base: 'uniform',
    apply: ({ alpha, beta }, u) => gammaPInv(alpha, u) / beta,
    abduct: ({ alpha, beta }, x) => (x > 0 ? gammaP(alpha, beta * x) : 0),
  },
});
