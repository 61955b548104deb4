// Runs every causal example: `pnpm example:causal`.
import { diagnose } from './diagnosis.js';
import { frontdoor } from './frontdoor.js';
import { iv, TRUE_BETA } from './iv.js';
import { linearScm } from './linear-scm.js';
import { pnPs } from './pn-ps.js';
import { simpson } from './simpson.js';

const f = (x: number) => x.toFixed(4);

const d = diagnose();
console.log(`Diagnosis (${d.method}): P(d1 | s) = ${f(d.posterior.d1)}, P(d2 | s) = ${f(d.posterior.d2)};`);
console.log(`  expected disablement d1 = ${f(d.disablement.d1)}, d2 = ${f(d.disablement.d2)}`);

const s = await simpson();
console.log(
  `Simpson: naive A − B = ${f(s.naive)}; adjusted for {${s.adjustment.sets[0]?.join(', ')}}: ${f(s.ate.mean)}`,
);
console.log(`  (90% interval ${f(s.ate.q5)} to ${f(s.ate.q95)})`);

const l = linearScm();
console.log(
  `Linear SCM: E[y | do(x=2)] ≈ ${l.doX2.y.toFixed(3)}; unit (1, 4, 2) had x been 0: y = ${l.counterfactual.y}, z = ${l.counterfactual.z}`,
);

const p = pnPs();
console.log(
  `PN = ${f(p.counterfactual.pn)} (Tian–Pearl ${f(p.tianPearl.pn)}), PS = ${f(p.counterfactual.ps)} (Tian–Pearl ${f(p.tianPearl.ps)})`,
);

const fd = frontdoor(1);
console.log(`Front door: P(y | do(x=1)) = ${f(fd.frontdoor)} (truth ${f(fd.truth)}, naive ${f(fd.naive)})`);

const v = await iv();
console.log(
  `IV: true β = ${TRUE_BETA}, least squares ${v.ols.toFixed(3)}, IV posterior ${v.beta.mean.toFixed(3)} ± ${v.beta.sd.toFixed(3)}`,
);
