// The front-door adjustment: with u never observed, P(y | do(x)) is still identified from the
// observational joint of (x, m, y) by Pearl's formula
//   P(y | do(x)) = Σ_m P(m | x) Σ_x' P(y | m, x') P(x').
// Here the observational probabilities are observational queries (exact enumeration, u summed
// out), and the answer is compared with the truth: the interventional query P(y | do(x)).
import { readFileSync } from 'node:fs';
import { backdoorAdjustmentSets, frontdoorCheck, type Graph } from '@dopl/core';
import { compileModel } from '@dopl/dsl';
import { query } from '@dopl/inference';

export const frontdoorModel = (): Graph =>
  compileModel(readFileSync(new URL('frontdoor.dopl', import.meta.url), 'utf8'), { file: 'frontdoor.dopl' });

export function frontdoor(x: 0 | 1) {
  const g = frontdoorModel();
  const check = frontdoorCheck(g, 'x', 'y', 'm', { latent: ['u'] });
  const backdoor = backdoorAdjustmentSets(g, 'x', 'y', { latent: ['u'] });
  // Observational quantities only: P(v = 1 | evidence) for v among (x, m, y).
  const p1 = (target: string, given: Record<string, number> = {}) => query(g, { target, given }).mean;
  const px1 = p1('x');
  let adjusted = 0;
  for (const m of [0, 1]) {
    const pm1 = p1('m', { x });
    const pmGivenX = m ? pm1 : 1 - pm1;
    let inner = 0;
    for (const x2 of [0, 1]) inner += p1('y', { m, x: x2 }) * (x2 ? px1 : 1 - px1);
    adjusted += pmGivenX * inner;
  }
  return {
    criterion: check.message,
    backdoor: backdoor.exists ? 'a backdoor set exists' : backdoor.message,
    frontdoor: adjusted,
    naive: p1('y', { x }),
    truth: query(g, { target: 'y', do: { x } }).mean,
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
