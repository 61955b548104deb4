import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { constantData, main } from '@dopl/cli';
import { compileModel } from '@dopl/dsl';
import { createAttrs, type InferenceData, toJSON } from '@dopl/inference';
import { afterAll, describe, expect, it } from 'vitest';
import { type MmmData, nextQuarter } from './next-quarter.js';
import { counterfactualNoX2, nextQuarterX1 } from './scenarios.js';

// The README's two what-if questions, asked exactly as written there through `dopl query`, on a
// saved fit of two posterior draws (the generating parameters and a second point near them), so
// that every draw's answer has a closed form: the model's channel transform written out by hand.

const here = fileURLToPath(new URL('.', import.meta.url));
const file = (name: string) => join(here, name);
const data: MmmData = JSON.parse(readFileSync(file('mmm_data.json'), 'utf8'));
const source = readFileSync(file('mmm.dopl'), 'utf8');

interface Draw {
  alpha: number[];
  lam: number[];
  beta: number[];
  intercept: number;
  gamma_control: number[];
  gamma_fourier: number[];
  sigma: number;
}
// Draw 0: the truth of the reference README (model scale); draw 1: a nearby point.
const DRAWS: Draw[] = [
  {
    alpha: [0.4, 0.2],
    lam: [3.9866, 2.9831],
    beta: [0.36091, 0.2406],
    intercept: 0.35,
    gamma_control: [0.18, 0.3, 0.00064],
    gamma_fourier: [0, -0.06, 0.06, 0],
    sigma: 0.03,
  },
  {
    alpha: [0.35, 0.25],
    lam: [4.3, 2.5],
    beta: [0.33, 0.29],
    intercept: 0.36,
    gamma_control: [0.17, 0.31, 0.0006],
    gamma_fourier: [0.01, -0.05, 0.05, 0.01],
    sigma: 0.035,
  },
];

/** Normalised geometric adstock (l_max 8), then logistic saturation, times beta: one channel. */
function channel(x: readonly number[], c: number, d: Draw): number[] {
  const w = Array.from({ length: 8 }, (_, l) => d.alpha[c] ** l);
  const sw = w.reduce((p, q) => p + q, 0);
  return x.map((_, t) => {
    let ad = 0;
    for (let l = 0; l < 8 && l <= t; l++) ad += (w[l] / sw) * (x[t - l] / data.spend_max[c]);
    const e = Math.exp(-d.lam[c] * ad);
    return (d.beta[c] * (1 - e)) / (1 + e);
  });
}

const mean = (v: number[]) => v.reduce((a, b) => a + b, 0) / v.length;
// The sample sd of two values is |a − b| / √2.
const sd2 = (v: number[]) => Math.abs(v[0] - v[1]) / Math.SQRT2;

const dir = mkdtempSync(join(tmpdir(), 'dopl-mmm-query-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const fit = join(dir, 'idata.json');
const idata: InferenceData = {
  posterior: Object.fromEntries(
    (Object.keys(DRAWS[0]) as (keyof Draw)[]).map((k) => {
      const values = DRAWS.map((d) => d[k]);
      const len = Array.isArray(values[0]) ? values[0].length : 0;
      return [k, { shape: [1, DRAWS.length, ...(len ? [len] : [])], data: Float64Array.from(values.flat()) }];
    }),
  ),
  // As `dopl sample --out` saves it: the data travels with the fit, so the query needs no --data.
  attrs: {
    ...createAttrs(),
    constant_data: constantData(
      compileModel(source, { file: 'mmm.dopl', data: data as unknown as Record<string, unknown> }),
    ),
  },
};
writeFileSync(fit, toJSON(idata));

async function query(args: string[]): Promise<Record<string, any>> {
  let stdout = '';
  let stderr = '';
  const code = await main(['query', ...args, '--json'], {
    stdout: { write: (s: string) => (stdout += s) },
    stderr: { write: (s: string) => (stderr += s) },
  });
  expect(stderr).toBe('');
  expect(code).toBe(0);
  return JSON.parse(stdout);
}

// The commands of the README (section 5), with the saved fit in place of fit/.
const MODEL = file('mmm.dopl');
const NEXT = file('mmm_next_quarter.json');

describe('marketing mix through dopl query', () => {
  it('mmm_next_quarter.json is next-quarter.ts applied to mmm_data.json', () => {
    expect(JSON.parse(readFileSync(NEXT, 'utf8'))).toEqual(nextQuarter(data));
  });

  it('"sales in weeks 60–80 had x2 spent nothing": observed − y_max · Σ (x2 contribution lost), per draw', async () => {
    const x2 = data.spend.map((r) => r[1]);
    const off = x2.map((v, t) => (t >= 60 && t <= 80 ? 0 : v));
    let observed = 0;
    for (let t = 60; t <= 87; t++) observed += data.y[t];
    // With additive Normal noise the abducted noise is y_t/y_max − mu_t, so the counterfactual
    // sales of week t are y_t − y_max · (x2's contribution with − without its spend in 60–80).
    const perDraw = DRAWS.map((d) => {
      const a = channel(x2, 1, d);
      const b = channel(off, 1, d);
      let loss = 0;
      for (let t = 60; t <= 87; t++) loss += a[t] - b[t];
      return observed - data.y_max * loss;
    });
    const out = await query([
      MODEL,
      ...['--fit', fit, '--target', 'y_max * sum(y_scaled[60:88])'],
      ...['--do', 'spend[60:81, 1] = 0', '--counterfactual'],
    ]);
    expect(out.kind).toBe('counterfactual');
    expect(out.n_draws).toBe(2);
    expect(out.mean).toBeCloseTo(mean(perDraw), 6);
    expect(out.sd).toBeCloseTo(sd2(perDraw), 6);
    // The loss as its own target: the factual sales are data, the same in both worlds.
    const loss = await query([
      MODEL,
      ...['--fit', fit, '--target', 'sum(y[60:88]) - y_max * sum(y_scaled[60:88])'],
      ...['--do', 'spend[60:81, 1] = 0', '--counterfactual'],
    ]);
    expect(loss.mean).toBeCloseTo(observed - mean(perDraw), 6);
    // scenarios.ts computes the same by the MMM API: the two routes agree.
    const graph = compileModel(source, {
      file: 'mmm.dopl',
      data: data as unknown as Record<string, unknown>,
    });
    const m = { graph, idata, yMax: data.y_max, spendMax: data.spend_max, spend: data.spend };
    expect(counterfactualNoX2(m).counterfactual.mean).toBeCloseTo(out.mean, 6);
  });

  it('"next quarter if we spend 20% more on x1": the uplift against the plan, per draw', async () => {
    const T = data.T;
    const future = nextQuarter(data);
    const x1 = future.spend.map((r) => r[0]);
    const more = x1.map((v, t) => (t >= T ? v * 1.2 : v));
    // Both worlds share their noise draws, so the contrast is y_max · Σ (x1 at 1.2× − at 1×).
    const perDraw = DRAWS.map((d) => {
      const hi = channel(more, 0, d);
      const lo = channel(x1, 0, d);
      let u = 0;
      for (let t = T; t < T + 13; t++) u += hi[t] - lo[t];
      return data.y_max * u;
    });
    const args = [MODEL, '--fit', fit, '--data', NEXT, '--target', 'y_max * sum(y_scaled[179:192])'];
    const uplift = await query([
      ...args,
      ...['--do', 'spend[179:192, 0] = spend[179:192, 0] * 1.2'],
      ...['--vs', 'spend[179:192, 0] = spend[179:192, 0]', '--seed', '11'],
    ]);
    expect(uplift.kind).toBe('interventional');
    expect(uplift.contrast).toBe(
      'do(spend[179:192, 0] = spend[179:192, 0] * 1.2) vs do(spend[179:192, 0] = spend[179:192, 0])',
    );
    expect(uplift.mean).toBeCloseTo(mean(perDraw), 4);
    expect(uplift.sd).toBeCloseTo(sd2(perDraw), 4);
    // scenarios.ts's uplift on the same two draws.
    const graph = compileModel(source, {
      file: 'mmm.dopl',
      data: data as unknown as Record<string, unknown>,
    });
    const m = { graph, idata, yMax: data.y_max, spendMax: data.spend_max, spend: data.spend };
    expect(nextQuarterX1(m).uplift.mean).toBeCloseTo(uplift.mean, 4);
  });
});
