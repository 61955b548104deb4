import { normalCdf } from '../../special/index.js';
import { scalarFamily } from '../distribution.js';

const HALF_LOG_2PI = 0.9189385332046728;

/** Normal(mu, sigma): sigma is the standard deviation. */
export const Normal = scalarFamily({
  name: 'Normal',
  params: ['mu', 'sigma'],
  defaults: { mu: 0, sigma: 1 },
  support: { kind: 'real' },
  checks: { mu: 'real', sigma: 'positive' },
  lpdf: {
    // Work on sigma alone (its log, its inverse) is hoisted out of the loop when sigma is a scalar.
    fwd: ([x, mu, s], h) =>
      `(${s} > 0 ? -0.5 * ((${x} - ${mu}) * ${h(`1 / ${s}`, [2])}) * ((${x} - ${mu}) * ${h(`1 / ${s}`, [2])}) - ${h(`Math.log(${s})`, [2])} - ${HALF_LOG_2PI} : -Infinity)`,
    grad: [
      (g, _y, [x, mu, s], h) => `${g} * (${mu} - ${x}) * ${h(`1 / (${s} * ${s})`, [2])}`,
      (g, _y, [x, mu, s], h) => `${g} * (${x} - ${mu}) * ${h(`1 / (${s} * ${s})`, [2])}`,
      (g, _y, [x, mu, s], h) =>
        `${g} * (((${x} - ${mu}) * ${h(`1 / ${s}`, [2])}) * ((${x} - ${mu}) * ${h(`1 / ${s}`, [2])}) - 1) * ${h(`1 / ${s}`, [2])}`,
    ],
  },
  tf: (tf, [x, mu, s]) => {
    const z = tf.div(tf.sub(x, mu), s);
    return tf.sub(tf.sub(tf.mul(-0.5, tf.square(z)), tf.log(s)), HALF_LOG_2PI);
  },
  sample: (rng, { mu, sigma }) => mu + sigma * rng.normal(),
  cdf: (x, { mu, sigma }) => normalCdf((x - mu) / sigma),
  structural: {
    base: 'normal',
    apply: ({ mu, sigma }, u) => mu + sigma * u,
    abduct: ({ mu, sigma }, x) => (x - mu) / sigma,
  },
});
