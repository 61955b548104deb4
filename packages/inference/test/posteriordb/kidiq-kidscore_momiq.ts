// posteriordb `kidiq-kidscore_momiq`: kid_score ~ Normal(beta[1] + beta[2] mom_iq, sigma), flat beta.
// data.json also holds mom_hs, mom_hs_new and mom_iq_new, which this posterior ignores.
import { Flat, type Graph, HalfCauchy, ModelBuilder, Normal } from '@dopl/core';
import { pick } from './util.js';

export const reported = ['beta', 'sigma'] as const;

export function build(data: Record<string, unknown>): Graph {
  const m = new ModelBuilder();
  m.data('N', { type: 'int' });
  m.data('kid_score', { dims: ['N'], lower: 0, upper: 200 });
  const momIq = m.data('mom_iq', { dims: ['N'], lower: 0, upper: 200 });
  const beta = m.random('beta', Flat(), { dims: [2] });
  const sigma = m.random('sigma', HalfCauchy(2.5));
  m.random('kid_score', Normal(beta.at(0).add(beta.at(1).mul(momIq)), sigma));
  return m.build(pick(data, ['N', 'kid_score', 'mom_iq']));
}
