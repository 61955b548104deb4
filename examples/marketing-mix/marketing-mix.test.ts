import { readFileSync } from 'node:fs';
import { compileModel } from '@dopl/dsl';
import { createAttrs, type InferenceData } from '@dopl/inference';
import { describe, expect, it } from 'vitest';
import { prepare } from './prepare.js';
import { counterfactualNoX2, nextQuarterX1 } from './scenarios.js';

const here = new URL('.', import.meta.url);
const csv = readFileSync(new URL('mmm_example.csv', here), 'utf8');
const data = JSON.parse(readFileSync(new URL('mmm_data.json', here), 'utf8'));
const source = readFileSync(new URL('mmm.dopl', here), 'utf8');

// The generating process of the reference README (section 2), on the model's scale.
const TRUE = { alpha: [0.4, 0.2], lam: [3.9866, 2.9831], beta: [0.36091, 0.2406] };

/** Normalised geometric adstock (l_max 8) and logistic saturation, written out by hand. */
function channel(x: number[], c: number): number[] {
  const a = TRUE.alpha[c];
  const w = Array.from({ length: 8 }, (_, l) => a ** l);
  const sw = w.reduce((p, q) => p + q, 0);
  return x.map((_, t) => {
    let ad = 0;
    for (let l = 0; l < 8 && l <= t; l++) ad += (w[l] / sw) * (x[t - l] / data.spend_max[c]);
    const e = Math.exp(-TRUE.lam[c] * ad);
    return (TRUE.beta[c] * (1 - e)) / (1 + e);
  });
}

describe('the marketing-mix example', () => {
  it('mmm_data.json is prepare.ts applied to the vendored CSV', () => {
    expect(prepare(csv)).toEqual(data);
    expect(data.T).toBe(179);
    expect(data.y_max).toBeCloseTo(8312.4075, 4);
  });

  it('compiles with alpha[c], lam[c], beta[c] per channel and the contribution nodes', () => {
    const g = compileModel(source, { file: 'mmm.dopl', data });
    for (const p of ['alpha', 'lam', 'beta']) expect(g.shapeOf(p)).toEqual([2]);
    expect(g.shapeOf('channel_contribution')).toEqual([179, 2]);
    expect(g.get('y_scaled').kind).toBe('random');
  });

  describe('scenarios on a one-draw fit at the true parameters', () => {
    const graph = compileModel(source, { file: 'mmm.dopl', data });
    const one = (v: number | number[]) => {
      const a = Array.isArray(v) ? v : [v];
      return { shape: [1, 1, ...(Array.isArray(v) ? [a.length] : [])], data: Float64Array.from(a) };
    };
    const idata: InferenceData = {
      posterior: {
        alpha: one(TRUE.alpha),
        lam: one(TRUE.lam),
        beta: one(TRUE.beta),
        intercept: one(0.35),
        gamma_control: one([0.18, 0.3, 0.00064]),
        gamma_fourier: one([0, -0.06, 0.06, 0]),
        sigma: one(0.03),
      },
      attrs: createAttrs(),
    };
    const m = { graph, idata, yMax: data.y_max, spendMax: data.spend_max, spend: data.spend };

    it('counterfactual: the loss is y_max · Σ (x2 contribution with − without weeks 60–80)', () => {
      const x2 = data.spend.map((r: number[]) => r[1]);
      const off = x2.map((v: number, t: number) => (t >= 60 && t <= 80 ? 0 : v));
      const withX2 = channel(x2, 1);
      const without = channel(off, 1);
      let loss = 0;
      for (let t = 60; t <= 87; t++) loss += withX2[t] - without[t];
      const cf = counterfactualNoX2(m);
      expect(cf.weeks).toEqual([60, 87]);
      expect(cf.loss.mean).toBeCloseTo(data.y_max * loss, 8);
      expect(cf.counterfactual.mean).toBeCloseTo(cf.observed - data.y_max * loss, 8);
    });

    it('interventional: shared noise, so the uplift is y_max · Σ (x1 contribution at 1.2× − 1×)', () => {
      const x1 = data.spend.map((r: number[]) => r[0]);
      const future = (k: number) => [...x1, ...x1.slice(179 - 52, 179 - 52 + 13).map((v: number) => v * k)];
      const hi = channel(future(1.2), 0);
      const lo = channel(future(1), 0);
      let uplift = 0;
      for (let t = 179; t < 192; t++) uplift += hi[t] - lo[t];
      const iv = nextQuarterX1(m);
      expect(iv.uplift.mean).toBeCloseTo(data.y_max * uplift, 6);
      expect(iv.extraSpend).toBeCloseTo(
        0.2 * x1.slice(127, 140).reduce((a: number, b: number) => a + b, 0),
        12,
      );
    });
  });
});
