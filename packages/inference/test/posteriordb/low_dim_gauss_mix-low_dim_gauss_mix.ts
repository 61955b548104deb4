// posteriordb `low_dim_gauss_mix-low_dim_gauss_mix`: two-component normal mixture with ordered means,
// component indicators summed out with log-sum-exp.
import {
  Beta,
  type Graph,
  HalfNormal,
  log,
  log1p,
  logSumExp,
  ModelBuilder,
  Normal,
  stack,
  sum,
} from '@dopl/core';
import { normalLpdf, pick } from './util.js';

export const reported = ['mu', 'sigma', 'theta'] as const;

export function build(data: Record<string, unknown>): Graph {
  const m = new ModelBuilder();
  m.data('N', { type: 'int', lower: 0 });
  const y = m.data('y', { dims: ['N'] });
  const mu = m.random('mu', Normal(0, 2), { dims: [2], constraint: 'ordered' });
  const sigma = m.random('sigma', HalfNormal(2), { dims: [2] });
  const theta = m.random('theta', Beta(5, 5));
  // log p(y[n]) = log_sum_exp(log θ + log N(y[n] | mu[1], sigma[1]), log(1 − θ) + log N(y[n] | mu[2], sigma[2]))
  const first = log(theta).add(normalLpdf(y, mu.at(0), sigma.at(0)));
  const second = log1p(theta.neg()).add(normalLpdf(y, mu.at(1), sigma.at(1)));
  m.factor('y_mixture', sum(logSumExp(stack([first, second]), 0)));
  return m.build(pick(data, ['N', 'y']));
}
