// posteriordb `diamonds-diamonds`: brms-generated normal regression on a column-centered design
// (the all-ones first column of X is dropped), Student-t priors on Intercept and sigma.
import { type Graph, HalfStudentT, ModelBuilder, mean, Normal, StudentT } from '@dopl/core';
import { intOf, pick } from './util.js';

export const reported = ['b', 'Intercept', 'sigma'] as const;

export function build(data: Record<string, unknown>): Graph {
  // brms skips the likelihood when prior_only ≠ 0; the posteriordb data has prior_only = 0 and
  // the prior-only variant is not a posterior of this suite.
  if (data.prior_only !== 0) throw new Error('diamonds: only prior_only = 0 is supported');
  const K = intOf(data, 'K');
  const m = new ModelBuilder();
  m.data('N', { type: 'int' });
  m.data('K', { type: 'int' });
  const X = m.data('X', { dims: ['N', 'K'] });
  m.data('Y', { dims: ['N'] });
  m.data('prior_only', { type: 'int', lower: 0, upper: 1 });
  // Transformed data: Xc[n][k] = X[n][k+1] − mean_n X[n][k+1]  (N × (K−1)).
  const Xdrop = X.slice(1, null, 1, 1);
  const Xc = Xdrop.sub(mean(Xdrop, 0));

  const b = m.random('b', Normal(0, 1), { dims: [K - 1] });
  const intercept = m.random('Intercept', StudentT(3, 8, 10));
  const sigma = m.random('sigma', HalfStudentT(3, 10));
  m.random('Y', Normal(intercept.add(Xc.matmul(b)), sigma));
  return m.build(pick(data, ['N', 'K', 'X', 'Y', 'prior_only']));
}
