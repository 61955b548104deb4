import { readFileSync } from 'node:fs';
import { compileModel } from '@dopl/dsl';
import { sample, summary } from '@dopl/inference';
import { describe, expect, it } from 'vitest';

// Parameter recovery on the benchmark's synthetic MMM (/work/shared/bench, vendored here): the
// generating values are known, on the model's scale, in truth.json.

const here = new URL('.', import.meta.url);
const raw = JSON.parse(readFileSync(new URL('mmm.json', here), 'utf8'));
const truth = JSON.parse(readFileSync(new URL('truth.json', here), 'utf8'));

/** The Stan program's transformed data, as data of the dopl file. */
export function benchData(d: typeof raw) {
  const spend = d.spend as number[][];
  const sales = d.sales as number[];
  return {
    T: d.T,
    C: d.C,
    L: d.L,
    spend,
    sales,
    spend_max: Array.from({ length: d.C }, (_, c) => Math.max(...spend.map((r) => r[c]))),
    sales_max: Math.max(...sales),
    tt: Array.from({ length: d.T }, (_, t) => (t + 1) / d.T),
  };
}

describe('benchmark MMM: parameter recovery', () => {
  it('recovers alpha, lam, beta, intercept, trend and sigma with 0 divergences', async () => {
    const graph = compileModel(readFileSync(new URL('mmm_bench.dopl', here), 'utf8'), {
      file: 'mmm_bench.dopl',
      data: benchData(raw),
    });
    // Two short chains keep this under a minute on one core; the tolerance scales with the
    // posterior sd, so fewer draws only widen it through the MCSE.
    const fit = await sample(graph, { chains: 2, tune: 400, draws: 400, seed: 3, workers: 1 });
    const rows = summary(fit.idata).rows;
    const want: Record<string, number> = {
      intercept: truth.intercept_model_scale,
      trend: truth.trend_model_scale,
    };
    want.sigma = truth.sigma_model_scale;
    for (let c = 0; c < raw.C; c++) {
      want[`alpha[${c}]`] = truth.alpha[c];
      want[`lam[${c}]`] = truth.lam[c];
      want[`beta[${c}]`] = truth.beta_model_scale[c];
    }
    const divergent = fit.idata.sample_stats!.diverging.data.reduce((a, b) => a + b, 0);
    expect(divergent).toBe(0);
    for (const [name, value] of Object.entries(want)) {
      const r = rows.find((x) => x.name === name);
      expect(r, name).toBeDefined();
      // Truth within 3.5 posterior sds (+ 3 MCSE): for 15 roughly normal marginals the chance
      // that any misses is about 15 × 4.7e-4 ≈ 0.7 %; R-hat ≤ 1.05 suits 2 × 400 draws.
      expect(Math.abs(r!.mean - value), name).toBeLessThan(3.5 * r!.sd + 3 * r!.mcse_mean);
      expect(r!.r_hat, name).toBeLessThan(1.05);
    }
  });
});
