// posteriordb `kilpisjarvi_mod-kilpisjarvi`: straight line on the (+2000-shifted) year, prior
// hyperparameters given as data, flat sigma. x is NOT centered (the geometry is the point).
// data.json also holds xpred, which this posterior ignores.
import { type Graph, HalfFlat, ModelBuilder, Normal } from '@dopl/core';
import { pick } from './util.js';

export const reported = ['alpha', 'beta', 'sigma'] as const;

export function build(data: Record<string, unknown>): Graph {
  const m = new ModelBuilder();
  m.data('N', { type: 'int' });
  const x = m.data('x', { dims: ['N'] });
  m.data('y', { dims: ['N'] });
  const pmualpha = m.data('pmualpha');
  const psalpha = m.data('psalpha', { lower: 0 });
  const pmubeta = m.data('pmubeta');
  const psbeta = m.data('psbeta', { lower: 0 });
  const alpha = m.random('alpha', Normal(pmualpha, psalpha));
  const beta = m.random('beta', Normal(pmubeta, psbeta));
  const sigma = m.random('sigma', HalfFlat());
  m.random('y', Normal(alpha.add(beta.mul(x)), sigma));
  return m.build(pick(data, ['N', 'x', 'y', 'pmualpha', 'psalpha', 'pmubeta', 'psbeta']));
}
