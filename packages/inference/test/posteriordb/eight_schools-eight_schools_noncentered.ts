// posteriordb `eight_schools-eight_schools_noncentered`: hierarchical normal model, non-centered.
import { type Graph, HalfCauchy, ModelBuilder, Normal } from '@dopl/core';
import { pick } from './util.js';

/** Quantities in the reference draws, in reference order (`theta` is derived). */
export const reported = ['theta', 'mu', 'tau'] as const;

export function build(data: Record<string, unknown>): Graph {
  const m = new ModelBuilder();
  m.data('J', { type: 'int' });
  m.data('y', { dims: ['J'] });
  const sigma = m.data('sigma', { dims: ['J'], lower: 0 });
  const mu = m.random('mu', Normal(0, 5));
  const tau = m.random('tau', HalfCauchy(5));
  // posteriordb calls the standardized effects `theta_trans`.
  const z = m.random('z', Normal(0, 1), { dims: ['J'] });
  const theta = m.let('theta', mu.add(tau.mul(z)));
  m.random('y', Normal(theta, sigma));
  return m.build(pick(data, ['J', 'y', 'sigma']));
}
