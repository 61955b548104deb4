// posteriordb `sblrc-blr`: linear regression without intercept on an N×D design matrix.
import { type Graph, HalfNormal, ModelBuilder, Normal } from '@dopl/core';
import { pick } from './util.js';

export const reported = ['beta', 'sigma'] as const;

export function build(data: Record<string, unknown>): Graph {
  const m = new ModelBuilder();
  m.data('N', { type: 'int' });
  m.data('D', { type: 'int' });
  const X = m.data('X', { dims: ['N', 'D'] });
  m.data('y', { dims: ['N'] });
  const beta = m.random('beta', Normal(0, 10), { dims: ['D'] });
  const sigma = m.random('sigma', HalfNormal(10));
  m.random('y', Normal(X.matmul(beta), sigma));
  return m.build(pick(data, ['N', 'D', 'X', 'y']));
}
