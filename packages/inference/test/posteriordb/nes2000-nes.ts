// posteriordb `nes2000-nes`: party identification on ideology, race, age-group dummies, education,
// gender and income; flat priors. Covariates are used exactly as coded in data.json (gender 1/2,
// race 1/1.5/2). data.json also holds `year`, which this posterior ignores.
import { Flat, type Graph, HalfFlat, ModelBuilder, Normal } from '@dopl/core';
import { pick } from './util.js';

export const reported = ['beta', 'sigma'] as const;

export function build(data: Record<string, unknown>): Graph {
  const m = new ModelBuilder();
  m.data('N', { type: 'int' });
  m.data('partyid7', { dims: ['N'] });
  const realIdeo = m.data('real_ideo', { dims: ['N'] });
  const raceAdj = m.data('race_adj', { dims: ['N'] });
  const age = m.data('age_discrete', { type: 'int', dims: ['N'], lower: 1, upper: 4 });
  const educ1 = m.data('educ1', { dims: ['N'] });
  const gender = m.data('gender', { dims: ['N'] });
  const income = m.data('income', { dims: ['N'] });
  // Transformed data: indicators of age categories 2, 3, 4 (category 1 is the baseline). The
  // categories are compared as codes, so no 1-based → 0-based shift is involved.
  const a2 = age.eq(2);
  const a3 = age.eq(3);
  const a4 = age.eq(4);

  const beta = m.random('beta', Flat(), { dims: [9] });
  const sigma = m.random('sigma', HalfFlat());
  const covariates = [realIdeo, raceAdj, a2, a3, a4, educ1, gender, income];
  let mu = beta.at(0);
  covariates.forEach((c, k) => {
    mu = mu.add(beta.at(k + 1).mul(c));
  });
  m.random('partyid7', Normal(mu, sigma));
  return m.build(
    pick(data, ['N', 'partyid7', 'real_ideo', 'race_adj', 'age_discrete', 'educ1', 'gender', 'income']),
  );
}
