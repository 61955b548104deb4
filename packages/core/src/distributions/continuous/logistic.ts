import { logistic } from '../../random/index.js';
import { invLogit } from '../../special/index.js';
import { scalarFamily } from '../distribution.js';

/**
 * Logistic(mu, s): location mu, scale s (variance s²π²/3); its CDF is the logistic sigmoid.
 *
 * log p = −|z| − log s − 2·log1p(e^(−|z|)), z = (x − μ)/s: the density is symmetric, and taking |z|
 * keeps the exponential from overflowing in either tail.
 *
 * @example getDistribution('Logistic').cdf!(0, { mu: 0, s: 1 }) // 0.5
 */
export const Logistic = scalarFamily({
  name: 'Logistic',
  params: ['mu', 's'],
  defaults: { mu: 0, s: 1 },
  support: { kind: 'real' },
  checks: { mu: 'real', s: 'positive' },
  lpdf: {
    fwd: ([x, mu, s]) => {
      const az = `Math.abs((${x} - ${mu}) / ${s})`;
      return `(${s} > 0 ? -${az} - Math.log(${s}) - 2 * Math.log1p(Math.exp(-${az})) : -Infinity)`;
    },
    grad: [
      // ∂/∂z of the log-density is −tanh(z/2).
      (g, _y, [x, mu, s]) => `${g} * -Math.tanh(0.5 * (${x} - ${mu}) / ${s}) / ${s}`,
      (g, _y, [x, mu, s]) => `${g} * Math.tanh(0.5 * (${x} - ${mu}) / ${s}) / ${s}`,
      (g, _y, [x, mu, s]) =>
        `${g} * (((${x} - ${mu}) / ${s}) * Math.tanh(0.5 * (${x} - ${mu}) / ${s}) - 1) / ${s}`,
    ],
  },
  tf: (tf, [x, mu, s]) => {
    const az = tf.abs(tf.div(tf.sub(x, mu), s));
    return tf.sub(tf.sub(tf.neg(az), tf.log(s)), tf.mul(2, tf.log1p(tf.exp(tf.neg(az)))));
  },
  sample: (rng, { mu, s }) => logistic(rng, mu, s),
  cdf: (x, { mu, s }) => invLogit((x - mu) / s),
  // The standardized logistic is not normal, so the noise is the uniform u = F(x).
  structural: {
    base: 'uniform',
    apply: ({ mu, s }, u) => mu + s * (Math.log(u) - Math.log1p(-u)),
    abduct: ({ mu, s }, x) => invLogit((x - mu) / s),
  },
});
