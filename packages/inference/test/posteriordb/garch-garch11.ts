// posteriordb `garch-garch11`: GARCH(1,1) with constant mean. No explicit prior: the density is
// constant on {alpha0 > 0, alpha1 > 0, beta1 > 0, alpha1 + beta1 < 1} (improper in mu, alpha0).
import { Flat, type Graph, HalfFlat, ModelBuilder, Normal, prev, sqrt, square, t, term } from '@dopl/core';
import { pick } from './util.js';

export const reported = ['mu', 'alpha0', 'alpha1', 'beta1'] as const;

export function build(data: Record<string, unknown>): Graph {
  const m = new ModelBuilder();
  m.data('T', { type: 'int', lower: 1 });
  const y = m.data('y', { dims: ['T'] });
  const sigma1 = m.data('sigma1', { lower: 0 });
  const mu = m.random('mu', Flat());
  const alpha0 = m.random('alpha0', HalfFlat());
  const alpha1 = m.random('alpha1', Flat(), { constraint: { lower: 0, upper: 1 } });
  // Flat on (0, 1 − alpha1): the interval transform's log-Jacobian includes log(1 − alpha1), which
  // is what makes the joint density constant on the triangle (not Uniform(0, 1 − alpha1)).
  const beta1 = m.random('beta1', Flat(), { constraint: { lower: 0, upper: term(1).sub(alpha1) } });
  // s[0] = sigma1; s[t] = sqrt(alpha0 + alpha1·(y[t−1] − mu)² + beta1·s[t−1]²).
  const s = m.recurrence('s', {
    length: 'T',
    init: [sigma1],
    step: sqrt(alpha0.add(alpha1.mul(square(y.at(t().sub(1)).sub(mu)))).add(beta1.mul(square(prev())))),
  });
  m.random('y_obs', Normal(mu, s), { observed: y });
  return m.build(pick(data, ['T', 'y', 'sigma1']));
}
