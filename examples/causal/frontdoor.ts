// The front-door adjustment: with u never observed, P(y | do(x)) is still identified from the
// observational joint of (x, m, y) by Pearl's formula
//   P(y | do(x)) = Σ_m P(m | x) Σ_x' P(y | m, x') P(x').
// Here the observational probabilities come from exact enumeration of the model (u summed out),
// and the answer is compared with the truth: enumeration of the intervened model.
import { readFileSync } from 'node:fs';
import { backdoorAdjustmentSets, doIntervention, frontdoorCheck, type Graph } from '@dopl/core';
import { compileModel } from '@dopl/dsl';
import { infer, probabilityOf } from '@dopl/inference';

export const frontdoorModel = (): Graph =>
  compileModel(readFileSync(new URL('frontdoor.dopl', import.meta.url), 'utf8'), { file: 'frontdoor.dopl' });

export function frontdoor(x: 0 | 1) {
  const g = frontdoorModel();
  const check = frontdoorCheck(g, 'x', 'y', 'm', { latent: ['u'] });
  const backdoor = backdoorAdjustmentSets(g, 'x', 'y', { latent: ['u'] });
  // Observational quantities only: probabilities of events in (x, m, y).
  const p = (ev: Record<string, number>) => Math.exp(infer(g, ev).logEvidence);
  let adjusted = 0;
  for (const m of [0, 1]) {
    const pmGivenX = p({ x, m }) / p({ x });
    let inner = 0;
    for (const x2 of [0, 1]) inner += (p({ y: 1, m, x: x2 }) / p({ m, x: x2 })) * p({ x: x2 });
    adjusted += pmGivenX * inner;
  }
  return {
    criterion: check.message,
    backdoor: backdoor.exists ? 'a backdoor set exists' : backdoor.message,
    frontdoor: adjusted,
    naive: p({ y: 1, x }) / p({ x }),
    truth: probabilityOf(infer(doIntervention(g, { x })), 'y', 1),
  };
}

if (import.meta.url === `file://${process.argv[1]}`) {
  for (const x of [0, 1] as const) {
    const r = frontdoor(x);
    if (x === 0) console.log(`${r.criterion}\n${r.backdoor}`);
    console.log(
      `P(y | do(x=${x})): front-door ${r.frontdoor.toFixed(6)}, truth ${r.truth.toFixed(6)}, naive P(y | x=${x}) ${r.naive.toFixed(6)}`,
    );
  }
}
