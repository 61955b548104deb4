import type { InferenceData, SummaryRow } from '@dopl/inference';
import { describe, expect, it } from 'vitest';
import { checkNode, statistics } from './commands/ppc.js';
import { PARAMETER_KEYS, parameterStats, samplerDiagnostics, stringifyJson } from './json-summary.js';

const row = (name: string, r_hat: number): SummaryRow => ({
  name,
  mean: 1,
  sd: 2,
  q5: 0,
  q50: 1,
  q95: 2,
  hdi_low: -0.1,
  hdi_high: 2.1,
  mcse_mean: 0.01,
  mcse_sd: 0.02,
  ess_bulk: 400,
  ess_tail: 380,
  r_hat,
});

describe('the JSON summary', () => {
  it('keeps the contract keys, in order, and writes non-finite statistics as null', () => {
    const stats = parameterStats([row('mu', 1.001), row('c', Number.NaN)]);
    expect(Object.keys(stats.mu)).toEqual([...PARAMETER_KEYS]);
    expect('mcse_sd' in stats.mu).toBe(false);
    expect(stats.c.r_hat).toBeNull();
    expect(JSON.parse(stringifyJson({ x: Number.POSITIVE_INFINITY, y: 1 }))).toEqual({ x: null, y: 1 });
  });

  it('counts divergences and tree-depth hits and gives each chain its E-BFMI', () => {
    const idata: InferenceData = {
      attrs: { created_at: '', inference_library: 'dopl' },
      sample_stats: {
        diverging: { shape: [2, 3], data: Float64Array.of(0, 1, 0, 1, 1, 0) },
        tree_depth: { shape: [2, 3], data: Float64Array.of(3, 10, 4, 10, 2, 3) },
        energy: { shape: [2, 3], data: Float64Array.of(1, 2, 3, 1, 3, 2) },
      },
    };
    const d = samplerDiagnostics(idata, 10);
    expect(d.divergences).toBe(3);
    expect(d.max_treedepth_hits).toBe(2);
    expect(d.bfmi).toEqual([1, 2.5]);
  });
});

describe('posterior predictive statistics', () => {
  it('computes T(y) and P(T(y_rep) >= T(y))', () => {
    expect(statistics([1, 2, 3, 6])).toEqual({ mean: 3, sd: Math.sqrt(14 / 3), min: 1, max: 6 });
    expect(statistics([4]).sd).toBe(0);
    // Three replicated data sets of two values each.
    const check = checkNode([1, 3], Float64Array.of(0, 2, 2, 4, 5, 5), 2);
    expect(check.size).toBe(2);
    expect(check.statistics.mean.observed).toBe(2);
    expect(check.statistics.mean.p_value).toBeCloseTo(2 / 3, 12); // means 1, 3, 5
    expect(check.statistics.mean.replicated_mean).toBe(3);
    expect(check.statistics.min.p_value).toBeCloseTo(2 / 3, 12); // mins 0, 2, 5 vs 1
    expect(check.statistics.max.p_value).toBeCloseTo(2 / 3, 12); // maxes 2, 4, 5 vs 3
    expect(check.statistics.sd.p_value).toBeCloseTo(2 / 3, 12); // sds √2, √2, 0 vs √2
  });
});
