import { weibull } from '../../random/index.js';
import { scalarFamily } from '../distribution.js';

/**
 * Weibull(alpha, beta): shape alpha, scale beta, on (0, ∞); F(x) = 1 − exp(−(x/β)^α).
 *
 * log p = log α − log β + (α − 1)·log(x/β) − (x/β)^α.
 *
 * @example getDistribution('Weibull').cdf!(2, { alpha: 3, beta: 2 }) // 1 − e⁻¹
 */
export const Weibull = scalarFamily({
  name: 'Weibull',
  params: ['alpha', 'beta'],
  support: { kind: 'positive' },
  checks: { alpha: 'positive', beta: 'positive' },
  lpdf: {
    fwd: ([x, a, b]) =>
      `(${a} > 0 && ${b} > 0 && ${x} > 0 ? Math.log(${a} / ${b}) + (${a} - 1) * Math.log(${x} / ${b}) - Math.pow(${x} / ${b}, ${a}) : -Infinity)`,
    grad: [
      // With w = (x/β)^α: ∂/∂x = (α − 1 − αw)/x, ∂/∂α = 1/α + (1 − w)·log(x/β), ∂/∂β = α(w − 1)/β.
      (g, _y, [x, a, b]) => `${g} * (${a} - 1 - ${a} * Math.pow(${x} / ${b}, ${a})) / ${x}`,
      (g, _y, [x, a, b]) => `${g} * (1 / ${a} + (1 - Math.pow(${x} / ${b}, ${a})) * Math.log(${x} / ${b}))`,
      (g, _y, [x, a, b]) => `${g} * ${a} * (Math.pow(${x} / ${b}, ${a}) - 1) / ${b}`,
    ],
  },
  tf: (tf, [x, a, b]) => {
    const r = tf.div(x, b);
    const lp = tf.sub(tf.add(tf.log(tf.div(a, b)), tf.mul(tf.sub(a, 1), tf.log(r))), tf.pow(r, a));
    return tf.where(tf.greater(x, 0), lp, -Infinity);
  },
  sample: (rng, { alpha, beta }) => weibull(rng, alpha, beta),
  cdf: (x, { alpha, beta }) => (x > 0 ? -Math.expm1(-((x / beta) ** alpha)) : 0),
  structural: {
    base: 'uniform',
    apply: ({ alpha, beta }, u) => beta * (-Math.log1p(-u)) ** (1 / alpha),
    abduct: ({ alpha, beta }, x) => (x > 0 ? -Math.expm1(-((x / beta) ** alpha)) : 0),
  },
});
