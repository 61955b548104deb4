// posteriordb `hmm_example-hmm_example`: two-state HMM with unit-sd Gaussian emissions, hidden
// states summed out by the forward algorithm; flat priors on the two transition simplexes.
import { Flat, type Graph, log, logSumExp, ModelBuilder, Normal, prev, reshape, stack, t } from '@dopl/core';
import { intOf, normalLpdf, pick } from './util.js';

export const reported = ['theta1', 'theta2', 'mu'] as const;

export function build(data: Record<string, unknown>): Graph {
  const K = intOf(data, 'K');
  if (K !== 2) throw new Error('hmm_example: the model has two transition simplexes, so K must be 2');
  const m = new ModelBuilder();
  const N = m.data('N', { type: 'int', lower: 1 });
  m.data('K', { type: 'int', lower: 1 });
  const y = m.data('y', { dims: ['N'] });
  // No explicit prior: uniform on each simplex (Flat with the simplex transform).
  const theta1 = m.random('theta1', Flat(), { dims: ['K'], constraint: 'simplex' });
  const theta2 = m.random('theta2', Flat(), { dims: ['K'], constraint: 'simplex' });
  const mu = m.random('mu', Normal([3, 10], 1), { dims: ['K'], constraint: 'positive_ordered' });
  // logGamma[j][k] = log P(z[t] = k | z[t−1] = j): rows are theta1, theta2.
  const logGamma = log(stack([theta1, theta2]));
  // Log forward variables (0-based): gamma[0][k] = log N(y[0] | mu[k], 1);
  // gamma[t][k] = log_sum_exp_j(gamma[t−1][j] + logGamma[j][k]) + log N(y[t] | mu[k], 1).
  const gamma = m.recurrence('gamma', {
    length: 'N',
    init: [normalLpdf(y.at(0), mu, 1)],
    step: logSumExp(reshape(prev(), [K, 1]).add(logGamma), 0).add(normalLpdf(y.at(t()), mu, 1)),
  });
  m.factor('y_forward', logSumExp(gamma.at(N.sub(1))));
  return m.build(pick(data, ['N', 'K', 'y']));
}
