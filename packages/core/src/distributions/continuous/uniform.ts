import { scalarFamily } from '../distribution.js';

/**
 * Uniform(lower, upper) on [lower, upper].
 *
 * log p = −log(upper − lower) inside the interval.
 *
 * @example getDistribution('Uniform').cdf!(1, { lower: 0, upper: 4 }) // 0.25
 */
export const Uniform = scalarFamily({
  name: 'Uniform',
  params: ['lower', 'upper'],
  defaults: { lower: 0, upper: 1 },
  support: { kind: 'interval', lower: 'lower', upper: 'upper' },
  checks: { lower: 'real', upper: 'real' },
  lpdf: {
    fwd: ([x, lo, hi]) =>
      `(${lo} < ${hi} && ${x} >= ${lo} && ${x} <= ${hi} ? -Math.log(${hi} - ${lo}) : -Infinity)`,
    grad: [
      () => '0',
      (g, _y, [_x, lo, hi]) => `${g} / (${hi} - ${lo})`,
      (g, _y, [_x, lo, hi]) => `${g} / (${lo} - ${hi})`,
    ],
  },
  tf: (tf, [x, lo, hi]) => {
    const inside = tf.logicalAnd(tf.greaterEqual(x, lo), tf.lessEqual(x, hi));
    return tf.where(inside, tf.neg(tf.log(tf.sub(hi, lo))), -Infinity);
  },
  sample: (rng, { lower, upper }) => lower + (upper - lower) * rng.uniform(),
  cdf: (x, { lower, upper }) => uniformCdf(x, lower, upper),
  structural: {
    base: 'uniform',
    apply: ({ lower, upper }, u) => lower + (upper - lower) * u,
    abduct: ({ lower, upper }, x) => uniformCdf(x, lower, upper),
  },
});

const uniformCdf = (x: number, lower: number, upper: number): number =>
  Math.min(1, Math.max(0, (x - lower) / (upper - lower)));
