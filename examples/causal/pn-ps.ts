// Probabilities of necessity and sufficiency of a binary SCM, two ways: as counterfactuals by
// exact enumeration (`probabilityOfNecessity`, `probabilityOfSufficiency`), and by the Tian–Pearl
// (2000) formulas, which under monotonicity identify them from observational and interventional
// probabilities alone:
//   PN = [P(y) − P(y | do(x = 0))] / P(x = 1, y = 1)
//   PS = [P(y | do(x = 1)) − P(y)] / P(x = 0, y = 0)
import { readFileSync } from 'node:fs';
import type { Graph } from '@dopl/core';
import { compileModel } from '@dopl/dsl';
import { probabilityOfNecessity, probabilityOfSufficiency, query } from '@dopl/inference';

export const pnPsModel = (): Graph =>
  compileModel(readFileSync(new URL('pn-ps.dopl', import.meta.url), 'utf8'), { file: 'pn-ps.dopl' });

export function pnPs() {
  const g = pnPsModel();
  const pY = query(g, { target: 'y' }).mean;
  const pYdo0 = query(g, { target: 'y', do: { x: 0 } }).mean;
  const pYdo1 = query(g, { target: 'y', do: { x: 1 } }).mean;
  const joint = (x: number, y: number) =>
    query(g, { target: (v) => (v.x[0] === x && v.y[0] === y ? 1 : 0) }).mean;
  const spec = { treatment: 'x', outcome: 'y' };
  return {
    counterfactual: { pn: probabilityOfNecessity(g, spec).mean, ps: probabilityOfSufficiency(g, spec).mean },
    tianPearl: { pn: (pY - pYdo0) / joint(1, 1), ps: (pYdo1 - pY) / joint(0, 0) },
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
