import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { main, naiveSlope, simulate, TRUTH } from './main.js';

// The flagship run end to end (the README's `pnpm example`), every printed number checked
// against the truth that generated the data or an identity that holds exactly per draw.

describe('quickstart: does advertising pay?', async () => {
  const lines: string[] = [];
  const r = await main((l) => lines.push(l));

  it('fits without warnings and recovers every true parameter in its 90% interval', () => {
    expect(r.summary.warnings).toEqual([]);
    for (const [name, truth] of Object.entries(TRUTH)) {
      const row = r.summary.rows.find((x) => x.name === name)!;
      expect(row.r_hat).toBeLessThan(1.01);
      expect(truth, name).toBeGreaterThan(row.q5);
      expect(truth, name).toBeLessThan(row.q95);
    }
  });

  it('shows the confounded slope far from the causal effect', () => {
    // Least squares of sales on spend alone picks up b_temp · cov(temp, spend) / var(spend)
    // = 3 · (1 · 0.5) / (0.5 + 0.25) = 2 on top of the effect 1.5 in expectation.
    expect(r.naive).toBe(naiveSlope(r.data.spend, r.data.sales));
    expect(r.naive).toBeGreaterThan(r.effect.q95 + 1);
    expect(r.effect.q5).toBeLessThan(TRUTH.effect);
    expect(r.effect.q95).toBeGreaterThan(TRUTH.effect);
  });

  it('10% more spend: the contrast is effect · 0.1 · Σ spend in every draw (shared noise)', () => {
    const extra = 0.1 * r.data.spend.reduce((a, b) => a + b, 0);
    expect(r.more.kind).toBe('interventional');
    expect(r.more.mean).toBeCloseTo(r.effect.mean * extra, 8);
    expect(r.more.q5).toBeCloseTo(r.effect.q5 * extra, 8);
  });

  it('the counterfactual week sold its observed sales minus effect · spend, per draw', () => {
    const w = r.week;
    expect(r.without.kind).toBe('counterfactual');
    expect(r.without.mean).toBeCloseTo(r.data.sales[w] - r.effect.mean * r.data.spend[w], 9);
    // The interval is the effect's posterior interval, mirrored and scaled by that week's spend.
    expect(r.without.q5).toBeCloseTo(r.data.sales[w] - r.effect.q95 * r.data.spend[w], 8);
  });

  it('the posterior predictive check finds no misfit in the model that generated the data', () => {
    for (const [name, x] of Object.entries(r.ppc)) {
      expect(x.p, name).toBeGreaterThan(0.05);
      expect(x.p, name).toBeLessThan(0.95);
    }
  });

  it('prints the prior predictive range around the observed mean and every answer', () => {
    const observed = r.data.sales.reduce((a, b) => a + b, 0) / r.data.N;
    expect(r.prior.q5).toBeLessThan(observed);
    expect(r.prior.q95).toBeGreaterThan(observed);
    const text = lines.join('\n');
    for (const phrase of [
      'Prior predictive',
      'r_hat',
      'Posterior predictive check',
      'Had we spent',
      'without advertising',
    ])
      expect(text).toContain(phrase);
  });

  it('advertising.json, read by the command-line steps of the README, is the simulated data', () => {
    const file = JSON.parse(readFileSync(new URL('advertising.json', import.meta.url), 'utf8'));
    expect(file).toEqual(simulate());
    expect(file).toEqual(r.data);
  });
});
