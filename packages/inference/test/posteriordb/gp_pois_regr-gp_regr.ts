// posteriordb `gp_pois_regr-gp_regr`: marginal GP regression, y ~ MultiNormal(0, C) with
// C = alpha² exp(−(x_i − x_j)² / (2 rho²)) + sigma·I — sigma enters the diagonal as is (it is a
// variance despite its name), faithfully to posteriordb. data.json also holds `k` (counts), unused.
import {
  exp,
  Gamma,
  type Graph,
  HalfNormal,
  ModelBuilder,
  MvNormal,
  reshape,
  square,
  term,
} from '@dopl/core';
import { eye, intOf, pick } from './util.js';

export const reported = ['rho', 'alpha', 'sigma'] as const;

export function build(data: Record<string, unknown>): Graph {
  const N = intOf(data, 'N');
  const m = new ModelBuilder();
  m.data('N', { type: 'int', lower: 1 });
  const x = m.data('x', { dims: ['N'] });
  m.data('y', { dims: ['N'] });
  const d2 = square(reshape(x, [N, 1]).sub(reshape(x, [1, N])));

  const rho = m.random('rho', Gamma(25, 4));
  const alpha = m.random('alpha', HalfNormal(2));
  const sigma = m.random('sigma', HalfNormal(1));
  // The identity comes from TS (no `eye` op).
  const cov = square(alpha)
    .mul(exp(d2.div(square(rho).mul(-2))))
    .add(term(eye(N)).mul(sigma));
  m.random('y', MvNormal(new Array(N).fill(0), { cov }));
  return m.build(pick(data, ['N', 'x', 'y']));
}
