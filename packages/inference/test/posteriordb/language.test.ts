// The `.dopl` translations against the TS-builder ones: both read posteriordb's data.json
// unchanged, and must compile to the same parameter layout, log-density and gradient (js backend).
// Both are evaluations of the same formula, so they agree to rounding: the tolerance is 1e-10
// relative (measured worst case over all 15: ~1.4e-14, hmm_example's forward recursion).
import { type CompiledModel, compile, Rng } from '@dopl/core';
import { describe, expect, it } from 'vitest';
import { posteriors, readPosteriorFile } from './index.js';
import { buildFromDopl } from './language.js';

const POINTS = 4;

describe('posteriordb .dopl files equal the TS-builder translations', () => {
  for (const [name, posterior] of Object.entries(posteriors)) {
    it(name, () => {
      const dopl: CompiledModel = compile(buildFromDopl(name));
      const ts: CompiledModel = compile(posterior.build(readPosteriorFile(name, 'data.json')));
      const layout = (m: CompiledModel) => m.layout.map((p) => [p.name, p.constraint, [...p.shape]]);
      expect(layout(dopl)).toEqual(layout(ts));
      expect(dopl.dim).toBe(ts.dim);

      const rng = new Rng(`posteriordb-language/${name}`);
      const gDopl = new Float64Array(dopl.dim);
      const gTs = new Float64Array(ts.dim);
      const close = (a: number, b: number) => Math.abs(a - b) <= 1e-10 * Math.max(1, Math.abs(b));
      for (let k = 0; k < POINTS; k++) {
        const theta = Float64Array.from({ length: dopl.dim }, () => 4 * rng.uniform() - 2);
        const lpDopl = dopl.logDensityAndGradient(theta, gDopl);
        const lpTs = ts.logDensityAndGradient(theta, gTs);
        expect(Number.isFinite(lpTs)).toBe(true);
        expect(close(lpDopl, lpTs), `log density ${lpDopl} vs ${lpTs}`).toBe(true);
        expect(dopl.logDensity(theta)).toBe(lpDopl);
        const bad = [...gDopl].findIndex((g, i) => !close(g, gTs[i]));
        expect(bad, `gradient[${bad}] ${gDopl[bad]} vs ${gTs[bad]}`).toBe(-1);
        // The reported quantities (what the conformance suite compares) are the same values too.
        const vDopl = dopl.constrain(theta);
        const vTs = ts.constrain(theta);
        for (const node of posterior.reported) {
          expect(vDopl[node].shape).toEqual(vTs[node].shape);
          const i = [...vDopl[node].data].findIndex((x, j) => !close(x, vTs[node].data[j]));
          expect(i, `${node}[${i}]`).toBe(-1);
        }
      }
    });
  }
});
