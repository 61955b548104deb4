// posteriordb `earnings-logearn_interaction_z`: log earnings on z-scored height, sex and their
// interaction; improper flat priors on beta and sigma.
import { Flat, type Graph, HalfFlat, log, ModelBuilder, mean, Normal, sqrt, square, sum } from '@dopl/core';
import { pick } from './util.js';

export const reported = ['beta', 'sigma'] as const;

export function build(data: Record<string, unknown>): Graph {
  const m = new ModelBuilder();
  const N = m.data('N', { type: 'int' });
  const earn = m.data('earn', { dims: ['N'], lower: 0 });
  const height = m.data('height', { dims: ['N'] });
  const male = m.data('male', { dims: ['N'], lower: 0, upper: 1 });
  // Transformed data (data-only expressions, evaluated once by the compiler; not reported).
  const logEarn = log(earn);
  const centered = height.sub(mean(height));
  const sd = sqrt(sum(square(centered)).div(N.sub(1))); // sample sd, denominator N − 1
  const zHeight = centered.div(sd);
  const inter = zHeight.mul(male);

  const beta = m.random('beta', Flat(), { dims: [4] });
  const sigma = m.random('sigma', HalfFlat());
  const mu = beta.at(0).add(beta.at(1).mul(zHeight)).add(beta.at(2).mul(male)).add(beta.at(3).mul(inter));
  m.random('log_earn', Normal(mu, sigma), { observed: logEarn });
  return m.build(pick(data, ['N', 'earn', 'height', 'male']));
}
