import { Rng } from '@dopl/core';
import { describe, expect, it } from 'vitest';
import { gpdFit, gpdQuantile, paretoSmoothedWeights, psisTailLength } from './psis.js';

describe('Pareto-smoothed importance sampling', () => {
  it('tail length ⌊min(0.2 S, 3√S)⌋', () => {
    expect(psisTailLength(4000)).toBe(189);
    expect(psisTailLength(100)).toBe(20);
    expect(psisTailLength(10)).toBe(2);
  });

  // The expected order statistics of a GPD sample: the fit must recover the shape (the prior
  // pulls k̂ towards 0.5 by 10 / (n + 10)).
  for (const k of [0.2, 0.5, 0.9]) {
    it(`recovers the shape k = ${k} of generalized Pareto quantiles`, () => {
      const n = 2000;
      const x = Float64Array.from({ length: n }, (_, i) => gpdQuantile((i + 0.5) / n, k, 2));
      const fit = gpdFit(x);
      expect(fit.k).toBeCloseTo(k, 1);
      expect(Math.abs(fit.k - k)).toBeLessThan(0.03);
      expect(fit.sigma).toBeGreaterThan(1.6);
      expect(fit.sigma).toBeLessThan(2.4);
    });
  }

  // The ratio tail is Pareto only asymptotically, so k̂ approaches 1 − 1/σ² slowly (hence 40 000
  // draws for σ² = 4, where 4000 give k̂ ≈ 0.5).
  it('k̂ of N(0, σ²) against a N(0, 1) proposal is near 1 − 1/σ²; weights truncated at the raw maximum', () => {
    const rng = new Rng(11);
    for (const [sigma2, S, lo, hi] of [
      [2, 4000, 0.35, 0.7],
      [4, 40_000, 0.6, 0.95],
      [0.5, 4000, -Infinity, 0.2],
    ]) {
      const lr = Float64Array.from({ length: S }, () => {
        const x = rng.normal();
        return -0.5 * Math.log(sigma2) - (0.5 * x * x) / sigma2 + 0.5 * x * x;
      });
      const w = paretoSmoothedWeights(lr);
      expect(w.tailLength).toBe(psisTailLength(S));
      expect(w.paretoK).toBeGreaterThan(lo);
      expect(w.paretoK).toBeLessThan(hi);
      expect(Math.max(...w.logWeights)).toBe(0);
      // Only the tail changed, and its order is kept.
      let max = Number.NEGATIVE_INFINITY;
      for (const v of lr) max = Math.max(max, v);
      let changed = 0;
      for (let i = 0; i < S; i++) if (lr[i] - max !== w.logWeights[i]) changed++;
      expect(changed).toBeLessThanOrEqual(w.tailLength);
    }
  });

  it('leaves equal ratios unsmoothed and gives −∞ ratios weight 0', () => {
    const w = paretoSmoothedWeights(new Float64Array(400).fill(-3));
    expect(Number.isNaN(w.paretoK)).toBe(true);
    expect(w.note).toMatch(/equal/);
    expect(Array.from(w.logWeights).every((v) => v === 0)).toBe(true);
    const v = paretoSmoothedWeights([0, -1, Number.NEGATIVE_INFINITY, Number.NaN]);
    expect(v.logWeights[2]).toBe(Number.NEGATIVE_INFINITY);
    expect(v.logWeights[3]).toBe(Number.NEGATIVE_INFINITY);
    expect(() => paretoSmoothedWeights([Number.NEGATIVE_INFINITY])).toThrow(/−∞/);
  });
});
