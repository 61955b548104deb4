import { lognormal } from '../../random/index.js';
import { LN_SQRT_2PI, normalCdf } from '../../special/index.js';
import { scalarFamily } from '../distribution.js';

/**
 * LogNormal(mu, sigma): exp of Normal(mu, sigma), on (0, ∞).
 *
 * log p = −log x − log σ − ½·log(2π) − ½·z², z = (log x − μ)/σ.
 *
 * @example getDistribution('LogNormal').cdf!(1, { mu: 0, sigma: 1 }) // 0.5
 */
export const LogNormal = scalarFamily({
  name: 'LogNormal',
  params: ['mu', 'sigma'],
  defaults: { mu: 0, sigma: 1 },
  support: { kind: 'positive' },
  checks: { mu: 'real', sigma: 'positive' },
  lpdf: {
    fwd: ([x, mu, s]) => {
      const z = `((Math.log(${x}) - ${mu}) / ${s})`;
      return `(${s} > 0 && ${x} > 0 ? -Math.log(${x}) - Math.log(${s}) - ${LN_SQRT_2PI} - 0.5 * ${z} * ${z} : -Infinity)`;
    },
    grad: [
      // ∂/∂x = −(1 + z/σ)/x
      (g, _y, [x, mu, s]) => `${g} * -(1 + (Math.log(${x}) - ${mu}) / (${s} * ${s})) / ${x}`,
      (g, _y, [x, mu, s]) => `${g} * (Math.log(${x}) - ${mu}) / (${s} * ${s})`,
      (g, _y, [x, mu, s]) => {
        const z = `((Math.log(${x}) - ${mu}) / ${s})`;
        return `${g} * (${z} * ${z} - 1) / ${s}`;
      },
    ],
  },
  tf: (tf, [x, mu, s]) => {
    const logx = tf.log(x);
    const z = tf.div(tf.sub(logx, mu), s);
    const lp = tf.sub(tf.sub(tf.sub(tf.neg(logx), tf.log(s)), LN_SQRT_2PI), tf.mul(0.5, tf.square(z)));
    return tf.where(tf.greater(x, 0), lp, -Infinity);
  },
  sample: (rng, { mu, sigma }) => lognormal(rng, mu, sigma),
  cdf: (x, { mu, sigma }) => (x > 0 ? normalCdf((Math.log(x) - mu) / sigma) : 0),
  // Location-scale on the log scale, so the noise is the standard normal z (DESIGN §3).
  structural: {
    base: 'normal',
    apply: ({ mu, sigma }, u) => Math.exp(mu + sigma * u),
    abduct: ({ mu, sigma }, x) => (Math.log(x) - mu) / sigma,
  },
});
