// Counterfactual diagnosis: the associative posterior P(d | s = 1) ranks d2, which does not cause
// the symptom, above d1; the expected disablement P(s would be 0 under do(d = 0) | s = 1) ranks d1
// first and gives d2 zero. Both by exact enumeration through `query`: the posterior over every
// latent given the symptom, then abduction, action and prediction for each enumerated state.
import { readFileSync } from 'node:fs';
import type { Graph } from '@dopl/core';
import { compileModel } from '@dopl/dsl';
import { expectedDisablement, query } from '@dopl/inference';

export const diagnosisModel = (): Graph =>
  compileModel(readFileSync(new URL('diagnosis.dopl', import.meta.url), 'utf8'), { file: 'diagnosis.dopl' });

export function diagnose() {
  const g = diagnosisModel();
  const evidence = { s: 1 };
  const posterior = (d: string) => query(g, { target: d, given: evidence });
  const disablement = (d: string) => expectedDisablement(g, { cause: d, evidence }).mean;
  const d1 = posterior('d1');
  return {
    method: d1.method,
    posterior: { d1: d1.mean, d2: posterior('d2').mean },
    disablement: { d1: disablement('d1'), d2: disablement('d2') },
  };
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const r = diagnose();
  console.log(`Diagnosis given the symptom (method: ${r.method})`);
  console.log('disease   P(d | s = 1)   expected disablement');
  for (const d of ['d1', 'd2'] as const)
    console.log(
      `${d.padEnd(9)} ${r.posterior[d].toFixed(4).padStart(12)}   ${r.disablement[d].toFixed(4).padStart(20)}`,
    );
}
