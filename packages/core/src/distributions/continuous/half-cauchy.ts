import { cauchy } from '../../random/index.js';
import { LN_2, LN_PI } from '../../special/index.js';
import { scalarFamily } from '../distribution.js';

/**
 * HalfCauchy(beta): beta·|C| with C standard Cauchy, on [0, ∞).
 *
 * log p = log 2 − log π − log β − log1p((x/β)²).
 *
 * @example getDistribution('HalfCauchy').cdf!(2, { beta: 2 }) // 0.5 (the median is beta)
 */
export const HalfCauchy = scalarFamily({
  name: 'HalfCauchy',
  params: ['beta'],
  support: { kind: 'positive' },
  checks: { beta: 'positive' },
  lpdf: {
    fwd: ([x, b]) =>
      `(${b} > 0 && ${x} >= 0 ? ${LN_2 - LN_PI} - Math.log(${b}) - Math.log1p((${x} / ${b}) * (${x} / ${b})) : -Infinity)`,
    grad: [
      // ∂/∂x = −2x / (β² + x²)
      (g, _y, [x, b]) => `${g} * -2 * ${x} / (${b} * ${b} + ${x} * ${x})`,
      // ∂/∂β = (x² − β²) / (β·(β² + x²))
      (g, _y, [x, b]) => `${g} * (${x} * ${x} - ${b} * ${b}) / (${b} * (${b} * ${b} + ${x} * ${x}))`,
    ],
  },
  tf: (tf, [x, b]) => {
    const lp = tf.sub(tf.sub(LN_2 - LN_PI, tf.log(b)), tf.log1p(tf.square(tf.div(x, b))));
    return tf.where(tf.greaterEqual(x, 0), lp, -Infinity);
  },
  sample: (rng, { beta }) => Math.abs(cauchy(rng, 0, beta)),
  cdf: (x, { beta }) => (x > 0 ? (2 / Math.PI) * Math.atan(x / beta) : 0),
  structural: {
    base: 'uniform',
    apply: ({ beta }, u) => beta * Math.tan(0.5 * Math.PI * u),
    abduct: ({ beta }, x) => (x > 0 ? (2 / Math.PI) * Math.atan(x / beta) : 0),
  },
});
