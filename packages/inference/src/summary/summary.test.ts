import { describe, expect, it } from 'vitest';
import { fromDraws, type InferenceData } from '../data/inference-data.js';
import { normals } from '../data/test-util.js';
import { mcseQuantile } from '../diagnostics/index.js';
import { formatLocation, formatStatistic, formatSummary, summary } from './summary.js';

const CHAINS = 4;
const DRAWS = 1000;

/** iid draws: mu ~ N(1, 2²), beta[k] ~ N(k, 1), L[i,j] ~ N(10i + j, 0.5²); quiet sampler stats. */
function iidFit(): InferenceData {
  return fromDraws(
    Array.from({ length: CHAINS }, (_, c) => {
      const beta = normals(100 + c, DRAWS * 2);
      for (let i = 0; i < beta.length; i++) beta[i] += i % 2;
      const L = normals(200 + c, DRAWS * 4, 0, 0.5);
      for (let i = 0; i < L.length; i++) L[i] += [0, 1, 10, 11][i % 4];
      return {
        values: { mu: normals(c, DRAWS, 1, 2), beta, L },
        stats: {
          diverging: new Float64Array(DRAWS),
          tree_depth: new Float64Array(DRAWS).fill(3),
          energy: normals(300 + c, DRAWS, 20, 3),
        },
      };
    }),
    { beta: [2], L: [2, 2] },
    { attrs: { sampler: { maxTreeDepth: 10 } } },
  );
}

describe('summary of iid normal draws', () => {
  const idata = iidFit();
  const { rows, warnings } = summary(idata);

  it('has a row per scalar element, named row-major and 0-based', () => {
    expect(rows.map((r) => r.name)).toEqual([
      'mu',
      'beta[0]',
      'beta[1]',
      'L[0,0]',
      'L[0,1]',
      'L[1,0]',
      'L[1,1]',
    ]);
    expect(rows.find((r) => r.name === 'L[1,0]')!.mean).toBeCloseTo(10, 1);
    expect(rows.find((r) => r.name === 'beta[1]')!.mean).toBeCloseTo(1, 1);
  });

  it('recovers the mean, sd and quantiles within their Monte Carlo error', () => {
    const mu = rows[0];
    const pooled = [idata.posterior!.mu.data];
    const z95 = 1.6448536269514722;
    expect(Math.abs(mu.mean - 1)).toBeLessThan(4 * mu.mcse_mean);
    expect(Math.abs(mu.sd - 2)).toBeLessThan(4 * mu.mcse_sd);
    expect(Math.abs(mu.q5 - (1 - 2 * z95))).toBeLessThan(4 * mcseQuantile(pooled, 0.05));
    expect(Math.abs(mu.q50 - 1)).toBeLessThan(4 * mcseQuantile(pooled, 0.5));
    expect(Math.abs(mu.q95 - (1 + 2 * z95))).toBeLessThan(4 * mcseQuantile(pooled, 0.95));
    // The 94% HDI of N(1, 2²) is 1 ± 2·1.8808.
    expect(mu.hdi_low).toBeCloseTo(1 - 2 * 1.8807936081512509, 0);
    expect(mu.hdi_high).toBeCloseTo(1 + 2 * 1.8807936081512509, 0);
    expect(mu.mcse_mean).toBeCloseTo(2 / Math.sqrt(CHAINS * DRAWS), 2);
  });

  it('reports converged chains without warnings', () => {
    for (const r of rows) {
      expect(r.r_hat).toBeLessThan(1.01);
      expect(r.ess_bulk).toBeGreaterThan(2000);
      expect(r.ess_tail).toBeGreaterThan(2000);
    }
    expect(warnings).toEqual([]);
  });

  it('honours the HDI probability', () => {
    const narrow = summary(idata, { hdiProb: 0.5, varNames: ['mu'] });
    expect(narrow.rows).toHaveLength(1);
    expect(narrow.rows[0].hdi_high - narrow.rows[0].hdi_low).toBeCloseTo(2 * 2 * 0.6744897501960817, 0);
  });
});

describe('summary warnings', () => {
  it('flags R-hat when one chain is shifted', () => {
    const idata = iidFit();
    const mu = idata.posterior!.mu.data;
    for (let d = 0; d < DRAWS; d++) mu[2 * DRAWS + d] += 1;
    const { rows, warnings } = summary(idata);
    expect(rows[0].r_hat).toBeGreaterThan(1.01);
    expect(rows.slice(1).every((r) => r.r_hat < 1.01)).toBe(true);
    // Disagreeing chains also make the rank-normalised bulk ESS small; R-hat is reported first.
    expect(warnings[0]).toMatch(/^R-hat above 1\.01 for 1 quantity \(mu 1\.\d{3}\): the chains disagree/);
    expect(warnings[0]).toMatch(/run longer chains/);
  });

  it('flags low bulk and tail ESS from autocorrelated draws', () => {
    const idata = iidFit();
    const mu = idata.posterior!.mu.data;
    for (let c = 0; c < CHAINS; c++) {
      for (let d = 1; d < DRAWS; d++)
        mu[c * DRAWS + d] = 0.99 * mu[c * DRAWS + d - 1] + 0.14 * mu[c * DRAWS + d];
    }
    const { rows, warnings } = summary(idata);
    expect(rows[0].ess_bulk).toBeLessThan(400);
    const bulk = warnings.find((w) => w.startsWith('Bulk ESS'));
    const tail = warnings.find((w) => w.startsWith('Tail ESS'));
    expect(bulk).toMatch(/^Bulk ESS below 400 \(100 per chain × 4 chains\) for 1 quantity \(mu \d+\): /);
    expect(tail).toMatch(/^Tail ESS below 400 .*quantiles and intervals/);
  });

  it('counts divergent transitions', () => {
    const idata = iidFit();
    const diverging = idata.sample_stats!.diverging.data;
    for (let i = 0; i < 12; i++) diverging[i * 37] = 1;
    const { warnings } = summary(idata);
    expect(warnings).toEqual([
      '12 divergent transitions after warm-up (0.3% of 4000): the posterior has regions of high curvature the ' +
        'sampler cannot follow, so the draws may be biased; reparameterise (e.g. non-centred for hierarchical ' +
        'scales) or raise target_accept (e.g. to 0.95).',
    ]);
  });

  it('counts transitions at the maximum tree depth', () => {
    const idata = iidFit();
    const depth = idata.sample_stats!.tree_depth.data;
    for (let i = 0; i < 40; i++) depth[i] = 10;
    const [warning] = summary(idata).warnings;
    expect(warning).toMatch(/^40 transitions of 4000 \(1\.0%\) reached the maximum tree depth of 10: /);
    expect(warning).toMatch(/raise max_tree_depth/);
    expect(summary(idata, { maxTreeDepth: 12 }).warnings).toEqual([]);
  });

  it('flags chains with low E-BFMI', () => {
    const idata = iidFit();
    const energy = idata.sample_stats!.energy.data;
    // A slowly wandering energy in chain 1: small steps relative to its spread.
    for (let d = 1; d < DRAWS; d++)
      energy[DRAWS + d] = 0.98 * energy[DRAWS + d - 1] + 0.02 * energy[DRAWS + d];
    const [warning] = summary(idata).warnings;
    expect(warning).toMatch(/^E-BFMI below 0\.3 in 1 chain \(chain 1: 0\.\d\d\): /);
    expect(warning).toMatch(/reparameterise/);
  });

  it('runs the sampler checks only for the posterior', () => {
    const idata = iidFit();
    idata.sample_stats!.diverging.data[0] = 1;
    idata.prior = idata.posterior;
    expect(summary(idata, { group: 'prior' }).warnings).toEqual([]);
  });
});

describe('formatSummary', () => {
  it('prints an aligned table and the warnings', () => {
    const idata = iidFit();
    idata.sample_stats!.diverging.data[0] = 1;
    const s = summary(idata);
    const text = formatSummary(s.rows, s.warnings, { hdiProb: s.hdiProb });
    const lines = text.split('\n');
    expect(lines[0].trim().split(/\s+/)).toEqual([
      'mean',
      'sd',
      '5%',
      '50%',
      '95%',
      'hdi_3%',
      'hdi_97%',
      'mcse_mean',
      'mcse_sd',
      'ess_bulk',
      'ess_tail',
      'r_hat',
    ]);
    const table = lines.slice(0, 8);
    expect(new Set(table.map((l) => l.length)).size).toBe(1);
    expect(table[6].startsWith('L[1,0] ')).toBe(true);
    expect(lines[8]).toBe('');
    expect(lines[9]).toMatch(/^Warning: 1 divergent transition after warm-up/);
    expect(text.endsWith('\n')).toBe(true);
  });

  it('labels other HDI probabilities', () => {
    const text = formatSummary([], [], { hdiProb: 0.89 });
    expect(text).toContain('hdi_5.5%');
    expect(text).toContain('hdi_94.5%');
  });

  it('uses about three significant digits', () => {
    expect(formatStatistic(1.23456)).toBe('1.23');
    expect(formatStatistic(-0.0123456)).toBe('-0.0123');
    expect(formatStatistic(123.456)).toBe('123');
    expect(formatStatistic(12345.6)).toBe('12346');
    expect(formatStatistic(0)).toBe('0');
    expect(formatStatistic(1.5e-5)).toBe('1.50e-5');
    expect(formatStatistic(2.5e7)).toBe('2.50e+7');
    expect(formatStatistic(Number.NaN)).toBe('NaN');
  });

  it('prints locations to the precision of their sd', () => {
    expect(formatLocation(1000.0212, 1.01)).toBe('1000.02');
    expect(formatLocation(8.48e-5, 0.00997)).toBe('0.00008');
    expect(formatLocation(-2.1834, 1.97)).toBe('-2.18');
    expect(formatLocation(12345.6, 250)).toBe('12346');
    expect(formatLocation(0.5, 0)).toBe('0.500');
  });
});
