// posteriordb `eight_schools-eight_schools_centered`: the same posterior in the centered
// parameterization (the funnel); scored against the non-centered reference.
import { type Graph, HalfCauchy, ModelBuilder, Normal } from '@dopl/core';
import { pick } from './util.js';

export const reported = ['theta', 'mu', 'tau'] as const;

export function build(data: Record<string, unknown>): Graph {
  const m = new ModelBuilder();
  m.data('J', { type: 'int' });
  m.data('y', { dims: ['J'] });
  const sigma = m.data('sigma', { dims: ['J'], lower: 0 });
  const mu = m.random('mu', Normal(0, 5));
  const tau = m.random('tau', HalfCauchy(5));
  const theta = m.random('theta', Normal(mu, tau), { dims: ['J'] });
  m.random('y', Normal(theta, sigma));
  return m.build(pick(data, ['J', 'y', 'sigma']));
}
