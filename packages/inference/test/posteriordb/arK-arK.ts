// posteriordb `arK-arK`: AR(K) with intercept, likelihood conditional on the first K values.
import { type Graph, HalfCauchy, ModelBuilder, Normal, stack, transpose } from '@dopl/core';
import { intOf, pick } from './util.js';

export const reported = ['alpha', 'beta', 'sigma'] as const;

export function build(data: Record<string, unknown>): Graph {
  const K = intOf(data, 'K');
  const T = intOf(data, 'T');
  const m = new ModelBuilder();
  m.data('K', { type: 'int', lower: 0 });
  m.data('T', { type: 'int', lower: 0 });
  const y = m.data('y', { dims: ['T'] });
  // Transformed data: lags[t][k] = y[t − k − 1] (0-based) for t = K … T−1, a (T−K) × K matrix;
  // column k (0-based) is the lag k+1 that beta[k] multiplies.
  const lags = transpose(stack(Array.from({ length: K }, (_, k) => y.slice(K - k - 1, T - k - 1))));

  const alpha = m.random('alpha', Normal(0, 10));
  const beta = m.random('beta', Normal(0, 10), { dims: ['K'] });
  const sigma = m.random('sigma', HalfCauchy(2.5));
  // y[K+1..T] in 1-based terms: the first K observations get no likelihood term of their own.
  m.random('y_obs', Normal(alpha.add(lags.matmul(beta)), sigma), { observed: y.slice(K, null) });
  return m.build(pick(data, ['K', 'T', 'y']));
}
