import { describe, expect, it } from 'vitest';
import { autocovariance } from './autocovariance.js';
import { splitChains } from './draws.js';
import { essBasic, essBulk, essQuantile, essSd, essTail } from './ess.js';
import { mad, median, quantile, rhat, rhatBasic, summarise } from './index.js';
import { mcseQuantile } from './mcse.js';
import { averageRanks, rankNormalize } from './ranks.js';
import { normalQuantile } from './stats-math.js';

// Deterministic draws so the expectations below are reproducible.
function normals(seed: number, n: number): number[] {
  let state = seed >>> 0;
  const uniform = () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  return Array.from(
    { length: n },
    () => Math.sqrt(-2 * Math.log(1 - uniform())) * Math.cos(2 * Math.PI * uniform()),
  );
}

describe('chain splitting', () => {
  it('halves even chains and puts all first halves before all second halves', () => {
    const halves = splitChains([Float64Array.of(1, 2, 3, 4), Float64Array.of(5, 6, 7, 8)]);
    expect(halves.map((h) => Array.from(h))).toEqual([
      [1, 2],
      [5, 6],
      [3, 4],
      [7, 8],
    ]);
  });

  it('drops the middle draw of odd-length chains', () => {
    const halves = splitChains([Float64Array.of(1, 2, 3, 4, 5)]);
    expect(halves.map((h) => Array.from(h))).toEqual([
      [1, 2],
      [4, 5],
    ]);
  });
});

describe('rank normalisation', () => {
  it('gives tied values their average rank', () => {
    expect(Array.from(averageRanks([10, 20, 10, 30, 20, 20]))).toEqual([1.5, 4, 1.5, 6, 4, 4]);
  });

  it('ranks infinite draws at the ends', () => {
    expect(Array.from(averageRanks([0, Number.POSITIVE_INFINITY, Number.NEGATIVE_INFINITY]))).toEqual([
      2, 3, 1,
    ]);
  });

  it("maps pooled ranks through the normal quantile with Blom's offset", () => {
    const [a, b] = rankNormalize([Float64Array.of(3, 1), Float64Array.of(2, 4)]);
    const z = (r: number) => normalQuantile((r - 3 / 8) / (4 + 1 / 4));
    expect(Array.from(a)).toEqual([z(3), z(1)]);
    expect(Array.from(b)).toEqual([z(2), z(4)]);
  });
});

describe('autocovariance', () => {
  it('equals the direct biased estimator at every lag', () => {
    const x = normals(7, 37);
    const n = x.length;
    const m = x.reduce((s, v) => s + v, 0) / n;
    const acov = autocovariance(x);
    for (let t = 0; t < n; t++) {
      let s = 0;
      for (let i = 0; i + t < n; i++) s += (x[i] - m) * (x[i + t] - m);
      expect(acov[t]).toBeCloseTo(s / n, 13);
    }
  });

  it('is zero for a constant chain', () => {
    expect(Array.from(autocovariance([2, 2, 2]))).toEqual([0, 0, 0]);
  });
});

describe('pooled summaries', () => {
  it('interpolates quantiles between order statistics like R type 7', () => {
    expect(quantile([4, 1, 3, 2], 0.5)).toBe(2.5);
    expect(quantile([4, 1, 3, 2], 0.05)).toBeCloseTo(1.15, 15);
    expect(quantile([4, 1, 3, 2], 1)).toBe(4);
  });

  it('averages the middle pair for the median of an even count', () => {
    expect(
      median([
        [1, 4],
        [3, 2],
      ]),
    ).toBe(2.5);
  });

  it('scales the median absolute deviation by 1.4826', () => {
    expect(mad([1, 2, 3, 4, 100])).toBe(1.4826);
  });
});

describe('convergence diagnostics', () => {
  const mixed = [normals(1, 500), normals(2, 500), normals(3, 500), normals(4, 500)];

  it('gives R-hat near one and ESS near the draw count for independent chains', () => {
    expect(rhat(mixed)).toBeLessThan(1.01);
    expect(essBulk(mixed)).toBeGreaterThan(1500);
  });

  it('flags a chain whose location differs', () => {
    const shifted = mixed.map((chain, c) => (c === 0 ? chain.map((v) => v + 2) : chain));
    expect(rhat(shifted)).toBeGreaterThan(1.1);
    expect(rhatBasic(shifted)).toBeGreaterThan(1.1);
  });

  it('flags a chain whose scale differs only through the folded R-hat', () => {
    const scaled = mixed.map((chain, c) => (c === 0 ? chain.map((v) => v * 4) : chain));
    expect(rhatBasic(scaled)).toBeLessThan(1.01);
    expect(rhat(scaled)).toBeGreaterThan(1.05);
  });

  it('flags a trend within a chain thanks to splitting', () => {
    const drifting = mixed.map((chain) => chain.map((v, i) => v + (4 * i) / chain.length));
    expect(rhatBasic(drifting)).toBeGreaterThan(1.1);
  });

  it('caps the ESS of antithetic chains at S·log10(S)', () => {
    // AR(1) with ρ = −0.9 has τ ≈ (1 + ρ)/(1 − ρ) ≈ 0.05, below the bound 1/log10(S) ≈ 0.3.
    const antithetic = [11, 12, 13, 14].map((seed) => {
      const noise = normals(seed, 500);
      let prev = 0;
      return noise.map((e) => {
        prev = -0.9 * prev + e;
        return prev;
      });
    });
    const S = 2000;
    expect(essBasic(antithetic)).toBeCloseTo(S * Math.log10(S), 8);
  });

  it('falls back to τ = 2 when even the first lag pair is non-positive', () => {
    // Exactly alternating chains give ρ₀ + ρ₁ ≤ 0, so Geyer's sum stops at lag 0.
    const alternating = [0, 1, 2, 3].map(() => Array.from({ length: 500 }, (_, i) => (i % 2 === 0 ? 1 : -1)));
    expect(essBasic(alternating)).toBeCloseTo(1000, 8);
  });

  it('reports half the split draws when chains are too short for the autocorrelation sum', () => {
    // Split chains of four draws never enter Geyer's loop; posterior then uses τ = 2.
    expect(essBasic([normals(5, 8), normals(6, 8)])).toBeCloseTo(8, 12);
  });

  it('returns NaN when the draws are constant, non-finite or too short', () => {
    const constant = [
      [1, 1, 1, 1, 1, 1],
      [1, 1, 1, 1, 1, 1],
    ];
    expect(rhat(constant)).toBeNaN();
    expect(rhatBasic(constant)).toBeNaN();
    expect(essBulk(constant)).toBeNaN();
    expect(essTail(constant)).toBeNaN();
    expect(mcseQuantile(constant, 0.5)).toBeNaN();
    expect(essBasic([[1, Number.NaN, 3, 4, 5, 6]])).toBeNaN();
    expect(essBasic([[1, 2, 3, 4]])).toBeNaN();
  });

  it('handles the 100% quantile by shifting it half a draw inwards', () => {
    expect(Number.isFinite(essQuantile(mixed, 1))).toBe(true);
  });

  it('gives a positive ESS for the standard deviation', () => {
    expect(essSd(mixed)).toBeGreaterThan(0);
  });

  it('rejects chains of different lengths', () => {
    expect(() =>
      summarise([
        [1, 2, 3],
        [1, 2],
      ]),
    ).toThrow(RangeError);
  });
});
