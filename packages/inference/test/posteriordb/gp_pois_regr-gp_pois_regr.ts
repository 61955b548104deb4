// posteriordb `gp_pois_regr-gp_pois_regr`: Poisson counts with a latent squared-exponential GP in
// the non-centered (Cholesky) parameterization. data.json also holds `y`, used only by gp_regr.
import {
  cholesky,
  exp,
  Gamma,
  type Graph,
  HalfNormal,
  ModelBuilder,
  Normal,
  Poisson,
  reshape,
  square,
  term,
} from '@dopl/core';
import { eye, intOf, pick } from './util.js';

export const reported = ['rho', 'alpha', 'f'] as const;

export function build(data: Record<string, unknown>): Graph {
  const N = intOf(data, 'N');
  const m = new ModelBuilder();
  m.data('N', { type: 'int', lower: 1 });
  const x = m.data('x', { dims: ['N'] });
  m.data('k', { type: 'int', dims: ['N'], lower: 0 });
  // Transformed data: squared distances d2[i][j] = (x[i] − x[j])².
  const d2 = square(reshape(x, [N, 1]).sub(reshape(x, [1, N])));

  const rho = m.random('rho', Gamma(25, 4));
  const alpha = m.random('alpha', HalfNormal(2));
  const fTilde = m.random('f_tilde', Normal(0, 1), { dims: ['N'] });
  // C = alpha² exp(−d2 / (2 rho²)) + 1e-10 I; the identity comes from TS (no `eye` op).
  const cov = square(alpha)
    .mul(exp(d2.div(square(rho).mul(-2))))
    .add(term(eye(N)).mul(1e-10));
  const f = m.let('f', cholesky(cov).matmul(fTilde));
  m.random('k', Poisson({ log_mu: f }));
  return m.build(pick(data, ['N', 'x', 'k']));
}
