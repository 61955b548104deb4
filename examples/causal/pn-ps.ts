// Probabilities of necessity and sufficiency of a binary SCM, two ways: as counterfactuals by
// enumeration (abduction–action–prediction), and by the Tian–Pearl (2000) formulas, which under
// monotonicity identify them from observational and interventional probabilities alone:
//   PN = [P(y) − P(y | do(x = 0))] / P(x = 1, y = 1)
//   PS = [P(y | do(x = 1)) − P(y)] / P(x = 0, y = 0)
import { readFileSync } from 'node:fs';
import { doIntervention, type Graph } from '@dopl/core';
import { compileModel } from '@dopl/dsl';
import { infer, probabilityOf } from '@dopl/inference';
import { counterfactualProbability } from './enumerated-counterfactual.js';

export const pnPsModel = (): Graph =>
  compileModel(readFileSync(new URL('pn-ps.dopl', import.meta.url), 'utf8'), { file: 'pn-ps.dopl' });

export function pnPs() {
  const g = pnPsModel();
  const prior = infer(g);
  const pY = probabilityOf(prior, 'y', 1);
  const pYdo0 = probabilityOf(infer(doIntervention(g, { x: 0 })), 'y', 1);
  const pYdo1 = probabilityOf(infer(doIntervention(g, { x: 1 })), 'y', 1);
  const pX1Y1 = Math.exp(infer(g, { x: 1, y: 1 }).logEvidence);
  const pX0Y0 = Math.exp(infer(g, { x: 0, y: 0 }).logEvidence);
  // PN = P(y would be 0 had x been 0 | x = 1, y = 1); PS = P(y would be 1 had x been 1 | x = 0, y = 0).
  const e11 = { x: 1, y: 1 };
  const e00 = { x: 0, y: 0 };
  const pn = counterfactualProbability(g, infer(g, e11), e11, { x: 0 }, 'y', 0);
  const ps = counterfactualProbability(g, infer(g, e00), e00, { x: 1 }, 'y', 1);
  return {
    counterfactual: { pn, ps },
    tianPearl: { pn: (pY - pYdo0) / pX1Y1, ps: (pYdo1 - pY) / pX0Y0 },
    pY,
    pYdo0,
    pYdo1,
  };
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const r = pnPs();
  console.log(
    `P(y) = ${r.pY.toFixed(4)}, P(y | do(x=0)) = ${r.pYdo0.toFixed(4)}, P(y | do(x=1)) = ${r.pYdo1.toFixed(4)}`,
  );
  console.log(
    `PN: counterfactual ${r.counterfactual.pn.toFixed(6)}, Tian–Pearl ${r.tianPearl.pn.toFixed(6)}`,
  );
  console.log(
    `PS: counterfactual ${r.counterfactual.ps.toFixed(6)}, Tian–Pearl ${r.tianPearl.ps.toFixed(6)}`,
  );
}
