import { erf, normalQuantile } from '../../special/index.js';
import { scalarFamily } from '../distribution.js';

/** ½·log(2/π): the log of twice the standard normal density at 0. */
const HALF_LOG_2_OVER_PI = -0.2257913526447274;

/**
 * HalfNormal(sigma): |Z|·sigma for a standard normal Z, on [0, ∞); sigma is the scale of the
 * underlying normal (PyMC's parametrization).
 *
 * @example getDistribution('HalfNormal').cdf!(1, { sigma: 1 }) // 0.6826894921370859 = P(|Z| ≤ 1)
 */
export const HalfNormal = scalarFamily({
  name: 'HalfNormal',
  params: ['sigma'],
  defaults: { sigma: 1 },
  support: { kind: 'positive' },
  checks: { sigma: 'positive' },
  lpdf: {
    fwd: ([x, s]) =>
      `(${s} > 0 && ${x} >= 0 ? ${HALF_LOG_2_OVER_PI} - Math.log(${s}) - 0.5 * (${x} / ${s}) * (${x} / ${s}) : -Infinity)`,
    grad: [
      (g, _y, [x, s]) => `${g} * -${x} / (${s} * ${s})`,
      (g, _y, [x, s]) => `${g} * ((${x} / ${s}) * (${x} / ${s}) - 1) / ${s}`,
    ],
  },
  tf: (tf, [x, s]) => {
    const lp = tf.sub(tf.sub(HALF_LOG_2_OVER_PI, tf.log(s)), tf.mul(0.5, tf.square(tf.div(x, s))));
    return tf.where(tf.greaterEqual(x, 0), lp, -Infinity);
  },
  sample: (rng, { sigma }) => sigma * Math.abs(rng.normal()),
  cdf: (x, { sigma }) => (x > 0 ? erf(x / (sigma * Math.SQRT2)) : 0),
  // |Z| is not invertible in Z, so the noise is the uniform u = F(x).
  structural: {
    base: 'uniform',
    // Φ⁻¹ of the upper tail (1 − u)/2 keeps the precision of large x.
    apply: ({ sigma }, u) =>
      u < 0.5 ? sigma * normalQuantile(0.5 + 0.5 * u) : -sigma * normalQuantile(0.5 * (1 - u)),
    abduct: ({ sigma }, x) => (x > 0 ? erf(x / (sigma * Math.SQRT2)) : 0),
  },
});
