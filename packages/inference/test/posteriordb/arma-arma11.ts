// posteriordb `arma-arma11`: ARMA(1,1) by the conditional error recursion.
import { type Graph, HalfCauchy, ModelBuilder, Normal, prev, t } from '@dopl/core';
import { pick } from './util.js';

export const reported = ['mu', 'phi', 'theta', 'sigma'] as const;

export function build(data: Record<string, unknown>): Graph {
  const m = new ModelBuilder();
  m.data('T', { type: 'int', lower: 1 });
  const y = m.data('y', { dims: ['T'] });
  const mu = m.random('mu', Normal(0, 10));
  const phi = m.random('phi', Normal(0, 2));
  const theta = m.random('theta', Normal(0, 2));
  const sigma = m.random('sigma', HalfCauchy(2.5));
  // One-step predictions (0-based): nu[0] = mu + phi·mu (pre-sample y = mu, pre-sample error 0);
  // nu[t] = mu + phi·y[t−1] + theta·err[t−1] with err[t−1] = y[t−1] − nu[t−1].
  const yPrev = y.at(t().sub(1));
  const nu = m.recurrence('nu', {
    length: 'T',
    init: [mu.add(phi.mul(mu))],
    step: mu.add(phi.mul(yPrev)).add(theta.mul(yPrev.sub(prev()))),
  });
  // err[t] = y[t] − nu[t] ~ Normal(0, sigma) for all T points, i.e. y[t] ~ Normal(nu[t], sigma).
  m.random('y_obs', Normal(nu, sigma), { observed: y });
  return m.build(pick(data, ['T', 'y']));
}
