import { cauchy } from '../../random/index.js';
import { LN_PI } from '../../special/index.js';
import { scalarFamily } from '../distribution.js';

/**
 * Cauchy(alpha, beta): location alpha, scale beta; Student's t with one degree of freedom.
 *
 * log p = −log π − log β − log1p(z²), z = (x − α)/β.
 *
 * @example getDistribution('Cauchy').cdf!(3, { alpha: 2, beta: 1 }) // 0.75
 */
export const Cauchy = scalarFamily({
  name: 'Cauchy',
  params: ['alpha', 'beta'],
  support: { kind: 'real' },
  checks: { alpha: 'real', beta: 'positive' },
  lpdf: {
    fwd: ([x, a, b]) =>
      `(${b} > 0 ? -${LN_PI} - Math.log(${b}) - Math.log1p(((${x} - ${a}) / ${b}) * ((${x} - ${a}) / ${b})) : -Infinity)`,
    grad: [
      // ∂/∂x = −2z / (β·(1 + z²))
      (g, _y, [x, a, b]) => `${g} * -2 * (${x} - ${a}) / (${b} * ${b} + (${x} - ${a}) * (${x} - ${a}))`,
      (g, _y, [x, a, b]) => `${g} * 2 * (${x} - ${a}) / (${b} * ${b} + (${x} - ${a}) * (${x} - ${a}))`,
      // ∂/∂β = (z² − 1) / (β·(1 + z²))
      (g, _y, [x, a, b]) =>
        `${g} * ((${x} - ${a}) * (${x} - ${a}) - ${b} * ${b}) / (${b} * (${b} * ${b} + (${x} - ${a}) * (${x} - ${a})))`,
    ],
  },
  tf: (tf, [x, a, b]) => {
    const z = tf.div(tf.sub(x, a), b);
    return tf.sub(tf.sub(-LN_PI, tf.log(b)), tf.log1p(tf.square(z)));
  },
  sample: (rng, { alpha, beta }) => cauchy(rng, alpha, beta),
  cdf: (x, { alpha, beta }) => cauchyCdf((x - alpha) / beta),
  // The standardized Cauchy is not normal, so the noise is the uniform u = F(x).
  structural: {
    base: 'uniform',
    apply: ({ alpha, beta }, u) => alpha + beta * Math.tan(Math.PI * (u - 0.5)),
    abduct: ({ alpha, beta }, x) => cauchyCdf((x - alpha) / beta),
  },
});

/** ½ + atan(z)/π written as atan2(1, −z)/π, which keeps full relative precision in the lower tail. */
const cauchyCdf = (z: number): number => Math.atan2(1, -z) / Math.PI;
