import { getOp } from '../../ops/index.js';
import { gamma } from '../../random/index.js';
import { gammaPInv, gammaQ } from '../../special/index.js';
import { scalarFamily } from '../distribution.js';

/**
 * InverseGamma(alpha, beta): 1/Y for Y ~ Gamma(alpha, rate beta), i.e. shape alpha and scale beta
 * (mean β/(α − 1) for α > 1), on (0, ∞).
 *
 * log p = α·log β − lgamma(α) − (α + 1)·log x − β/x.
 *
 * @example getDistribution('InverseGamma').cdf!(1, { alpha: 1, beta: 1 }) // e⁻¹
 */
export const InverseGamma = scalarFamily({
  name: 'InverseGamma',
  params: ['alpha', 'beta'],
  support: { kind: 'positive' },
  checks: { alpha: 'positive', beta: 'positive' },
  lpdf: {
    fwd: ([x, a, b]) =>
      `(${a} > 0 && ${b} > 0 && ${x} > 0 ? ${a} * Math.log(${b}) - rt.lgamma(${a}) - (${a} + 1) * Math.log(${x}) - ${b} / ${x} : -Infinity)`,
    grad: [
      (g, _y, [x, a, b]) => `${g} * (${b} / ${x} - (${a} + 1)) / ${x}`,
      (g, _y, [x, a, b]) => `${g} * (Math.log(${b}) - rt.digamma(${a}) - Math.log(${x}))`,
      (g, _y, [x, a, b]) => `${g} * (${a} / ${b} - 1 / ${x})`,
    ],
  },
  tf: (tf, [x, a, b]) => {
    const lgamma = getOp('lgamma').tf!(tf, [a], {});
    const lp = tf.sub(
      tf.sub(tf.sub(tf.mul(a, tf.log(b)), lgamma), tf.mul(tf.add(a, 1), tf.log(x))),
      tf.div(b, x),
    );
    return tf.where(tf.greater(x, 0), lp, -Infinity);
  },
  sample: (rng, { alpha, beta }) => beta / gamma(rng, alpha, 1),
  // P(X ≤ x) = P(Y ≥ β/x) for Y ~ Gamma(α, 1): the upper incomplete gamma.
  cdf: (x, { alpha, beta }) => (x > 0 ? gammaQ(alpha, beta / x) : 0),
  structural: {
    base: 'uniform',
    apply: ({ alpha, beta }, u) => beta / gammaPInv(alpha, 1 - u),
    abduct: ({ alpha, beta }, x) => (x > 0 ? gammaQ(alpha, beta / x) : 0),
  },
});
