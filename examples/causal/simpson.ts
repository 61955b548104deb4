// Simpson's paradox: drug A looks worse than B overall but is better for women and for men. The
// causal effect P(clot | do(A)) − P(clot | do(B)) is the backdoor adjustment over sex (the only
// minimal backdoor set of the DAG sex → drug → clot, sex → clot), computed per posterior draw
// of the fitted model (a `query` of the fit) so it comes with its posterior uncertainty. The
// fitted model holds the cell probabilities, not the causal mechanisms, so the adjustment
// formula is written out rather than asked of `do`.
import { readFileSync } from 'node:fs';
import { Bernoulli, backdoorAdjustmentSets, type Graph, model } from '@dopl/core';
import { compileModel } from '@dopl/dsl';
import { query, sample } from '@dopl/inference';

// female: A 24 clot / 56 no clot, B 17 / 25; male: A 3 / 39, B 6 / 74.
export const table = { n: [80, 42, 42, 80], clots: [24, 17, 3, 6], females: 122, patients: 244 };

export const simpsonModel = (): Graph =>
  compileModel(readFileSync(new URL('simpson.dopl', import.meta.url), 'utf8'), {
    file: 'simpson.dopl',
    data: table,
  });

/** The causal story of the table, for the structure query (probabilities are placeholders). */
export const simpsonDag = (): Graph =>
  model((m) => {
    const sex = m.random('sex', Bernoulli({ p: 0.5 }));
    const drug = m.random('drug', Bernoulli({ p: sex.mul(0.4).add(0.3) }));
    m.random('clot', Bernoulli({ p: sex.mul(0.2).add(drug.mul(0.1)).add(0.05) }));
  });

export async function simpson(options: { draws?: number; seed?: number } = {}) {
  const fit = await sample(simpsonModel(), {
    seed: options.seed ?? 3,
    chains: 2,
    draws: options.draws ?? 1000,
    tune: 500,
    workers: 1,
  });
  // Σ_sex P(sex) [P(clot | A, sex) − P(clot | B, sex)] in every posterior draw: a query whose
  // target is the backdoor formula, summarised over the draws (MCSE from the chains' ESS).
  const ate = query(
    { graph: fit.graph, fit: fit.idata },
    {
      target: (v) => v.p_female[0] * (v.p[0] - v.p[1]) + (1 - v.p_female[0]) * (v.p[2] - v.p[3]),
      targetLabel: 'P(clot | do(A)) − P(clot | do(B))',
      seed: 1,
    },
  );
  const { n, clots } = table;
  const naive = (clots[0] + clots[2]) / (n[0] + n[2]) - (clots[1] + clots[3]) / (n[1] + n[3]);
  return {
    adjustment: backdoorAdjustmentSets(simpsonDag(), 'drug', 'clot'),
    naive,
    ate: { mean: ate.mean, mcse: ate.mcseMean, q5: ate.q5, q95: ate.q95 },
  };
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const r = await simpson();
  console.log(`backdoor adjustment set: {${r.adjustment.sets[0]?.join(', ')}}`);
  console.log(`naive P(clot | A) − P(clot | B) = ${r.naive.toFixed(4)}`);
  console.log(
    `P(clot | do(A)) − P(clot | do(B)) = ${r.ate.mean.toFixed(4)} (90% interval ${r.ate.q5.toFixed(4)} to ${r.ate.q95.toFixed(4)})`,
  );
}
