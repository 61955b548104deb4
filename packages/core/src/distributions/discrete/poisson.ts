import { poisson } from '../../random/index.js';
import { gammaQ } from '../../special/index.js';
import { scalarFamily } from '../distribution.js';
import {
  guard,
  guard0,
  inverseCdfStructural,
  isCount,
  tfAll,
  tfGuard,
  tfIsCount,
  tfPoissonLogPmf,
  xdivy,
  xlogy,
} from './shared.js';

type Params = Readonly<Record<string, number>>;

const rate = (p: Params): number => ('mu' in p ? p.mu : Math.exp(p.log_mu));

/** P(X ≤ x) = Q(⌊x⌋ + 1, mu), the regularized upper incomplete gamma function. */
export function poissonCdf(x: number, mu: number): number {
  if (!(mu >= 0 && mu < Number.POSITIVE_INFINITY) || Number.isNaN(x)) return Number.NaN;
  if (x < 0) return 0;
  if (x === Number.POSITIVE_INFINITY) return 1;
  if (mu === 0) return 1;
  return gammaQ(Math.floor(x) + 1, mu);
}

/**
 * Poisson(mu), or Poisson(log_mu) with mu = exp(log_mu) (the log-link form, stable for large
 * linear predictors).
 *
 * log p(x) = x·log mu − mu − lgamma(x + 1). Structural form: inverse-CDF coupling.
 *
 * @example getDistribution('Poisson').cdf!(3, { mu: 4 }) // 0.4334701203667
 */
export const Poisson = scalarFamily({
  name: 'Poisson',
  params: ['mu'],
  parametrizations: [['mu'], ['log_mu']],
  support: { kind: 'integer', lower: 0 },
  discrete: true,
  checks: { mu: 'nonnegative', log_mu: 'real' },
  lpdf: [
    {
      fwd: ([x, mu]) =>
        guard(
          `${isCount(x)} && ${mu} >= 0 && ${mu} < Infinity`,
          `${xlogy(x, mu)} - ${mu} - rt.lgamma(${x} + 1)`,
        ),
      grad: [null, (g, _y, [x, mu]) => guard0(isCount(x), `${g} * (${xdivy(x, mu)} - 1)`)],
    },
    {
      fwd: ([x, l]) =>
        guard(
          `${isCount(x)} && ${l} === ${l} && ${l} < Infinity`,
          `(${x} === 0 ? 0 : ${x} * ${l}) - Math.exp(${l}) - rt.lgamma(${x} + 1)`,
        ),
      grad: [null, (g, _y, [x, l]) => guard0(isCount(x), `${g} * (${x} - Math.exp(${l}))`)],
    },
  ],
  tf: [
    (tf, [x, mu]) => {
      const ok = tfAll(tf, tfIsCount(tf, x), tf.greaterEqual(mu, 0), tf.less(mu, Infinity));
      return tfGuard(tf, ok, tfPoissonLogPmf(tf, tf.where(ok, x, 0), tf.where(ok, mu, 1)));
    },
    (tf, [x, l]) => {
      const ok = tfAll(tf, tfIsCount(tf, x), tf.logicalNot(tf.isNaN(l)), tf.less(l, Infinity));
      return tfGuard(tf, ok, tfPoissonLogPmf(tf, tf.where(ok, x, 0), tf.exp(tf.where(ok, l, 0))));
    },
  ],
  sample: (rng, p) => poisson(rng, rate(p)),
  cdf: (x, p) => poissonCdf(x, rate(p)),
  structural: inverseCdfStructural({
    name: 'Poisson',
    cdf: (x, p) => poissonCdf(x, rate(p)),
    lower: 0,
    upper: () => Number.POSITIVE_INFINITY,
    mean: rate,
  }),
});
