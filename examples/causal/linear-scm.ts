// Interventional and counterfactual answers of a linear-Gaussian SCM through `query`. The
// interventional mean comes from forward sampling the intervened model; the counterfactual for one
// unit is exact: abduction recovers each noise from the unit's values, action sets x, prediction
// recomputes.
import { readFileSync } from 'node:fs';
import type { Graph } from '@dopl/core';
import { compileModel } from '@dopl/dsl';
import { query } from '@dopl/inference';

export const linearModel = (): Graph =>
  compileModel(readFileSync(new URL('linear-scm.dopl', import.meta.url), 'utf8'), {
    file: 'linear-scm.dopl',
  });

export function linearScm(draws = 20000) {
  const g = linearModel();
  const under = (target: string) => query(g, { target, do: { x: 2 }, draws, seed: 11 }).mean;
  // The unit observed at x = 1, y = 4, z = 2: what would y and z have been had x been 0?
  const unit = { x: 1, y: 4, z: 2 };
  const cf = (target: string) =>
    query(g, { target, given: unit, do: { x: 0 }, counterfactual: true }).draws[0];
  return {
    doX2: { y: under('y'), z: under('z') },
    counterfactual: { y: cf('y'), z: cf('z') },
  };
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const r = linearScm();
  console.log(`E[y | do(x=2)] ≈ ${r.doX2.y.toFixed(3)}, E[z | do(x=2)] ≈ ${r.doX2.z.toFixed(3)}`);
  console.log(`unit (x=1, y=4, z=2) had x been 0: y = ${r.counterfactual.y}, z = ${r.counterfactual.z}`);
}
