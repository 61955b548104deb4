// Counterfactual diagnosis: the associative posterior P(d | s = 1) ranks d2, which does not cause
// the symptom, above d1; the expected disablement P(s would be 0 under do(d = 0) | s = 1) ranks d1
// first and gives d2 zero. Both by exact enumeration: abduction (the posterior over every latent,
// exogenous ones included), action (do), prediction (each state pushed through the intervened
// model with its own noise) — Pearl's three steps, weighted by the enumerated posterior.
import { readFileSync } from 'node:fs';
import type { Graph } from '@dopl/core';
import { compileModel } from '@dopl/dsl';
import { infer, probabilityOf } from '@dopl/inference';
import { counterfactualProbability } from './enumerated-counterfactual.js';

export const diagnosisModel = (): Graph =>
  compileModel(readFileSync(new URL('diagnosis.dopl', import.meta.url), 'utf8'), { file: 'diagnosis.dopl' });

export function diagnose() {
  const g = diagnosisModel();
  const evidence = { s: 1 };
  const post = infer(g, evidence);
  return {
    method: post.method,
    posterior: { d1: probabilityOf(post, 'd1', 1), d2: probabilityOf(post, 'd2', 1) },
    disablement: {
      d1: counterfactualProbability(g, post, evidence, { d1: 0 }, 's', 0),
      d2: counterfactualProbability(g, post, evidence, { d2: 0 }, 's', 0),
    },
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
