import { laplace } from '../../random/index.js';
import { LN_2 } from '../../special/index.js';
import { scalarFamily } from '../distribution.js';

/**
 * Laplace(mu, b): the double exponential with location mu and scale b (variance 2b²).
 *
 * log p = −log(2b) − |x − μ|/b.
 *
 * @example getDistribution('Laplace').cdf!(0, { mu: 0, b: 1 }) // 0.5
 */
export const Laplace = scalarFamily({
  name: 'Laplace',
  params: ['mu', 'b'],
  support: { kind: 'real' },
  checks: { mu: 'real', b: 'positive' },
  lpdf: {
    fwd: ([x, mu, b]) => `(${b} > 0 ? -${LN_2} - Math.log(${b}) - Math.abs(${x} - ${mu}) / ${b} : -Infinity)`,
    grad: [
      // At x = μ the density has a kink; Math.sign gives the midpoint 0 of the subgradient.
      (g, _y, [x, mu, b]) => `${g} * -Math.sign(${x} - ${mu}) / ${b}`,
      (g, _y, [x, mu, b]) => `${g} * Math.sign(${x} - ${mu}) / ${b}`,
      (g, _y, [x, mu, b]) => `${g} * (Math.abs(${x} - ${mu}) / ${b} - 1) / ${b}`,
    ],
  },
  tf: (tf, [x, mu, b]) => tf.sub(tf.sub(-LN_2, tf.log(b)), tf.div(tf.abs(tf.sub(x, mu)), b)),
  sample: (rng, { mu, b }) => laplace(rng, mu, b),
  cdf: (x, { mu, b }) => laplaceCdf((x - mu) / b),
  // The standardized Laplace is not normal, so the noise is the uniform u = F(x).
  structural: {
    base: 'uniform',
    apply: ({ mu, b }, u) => (u < 0.5 ? mu + b * Math.log(2 * u) : mu - b * Math.log(2 * (1 - u))),
    abduct: ({ mu, b }, x) => laplaceCdf((x - mu) / b),
  },
});

/** Each tail from its own exponential, so the lower one keeps full relative precision. */
const laplaceCdf = (z: number): number => (z < 0 ? 0.5 * Math.exp(z) : 1 - 0.5 * Math.exp(-z));
