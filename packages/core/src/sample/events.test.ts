import { describe, expect, it } from 'vitest';
import { Categorical, Dirichlet, LKJCholeskyCorr, ModelBuilder, MvNormal, sampleForward } from '../index.js';

const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;

describe('forward sampling of event families', () => {
  it('Categorical draws each category with its probability (0-based values)', () => {
    const m = new ModelBuilder();
    m.random('c', Categorical({ p: [0.2, 0.5, 0.3] }));
    const n = 20000;
    const c = sampleForward(m.build(), { draws: n, seed: 3 }).c.data;
    for (const [k, p] of [0.2, 0.5, 0.3].entries()) {
      const f = Array.from(c).filter((v) => v === k).length / n;
      // Binomial standard error of a frequency.
      expect(Math.abs(f - p)).toBeLessThan(5 * Math.sqrt((p * (1 - p)) / n));
    }
  });

  it('a batch of Dirichlet rows draws every row from its own concentration', () => {
    const m = new ModelBuilder();
    m.random(
      'w',
      Dirichlet([
        [1, 1, 1],
        [10, 5, 5],
      ]),
    );
    const n = 5000;
    const w = sampleForward(m.build(), { draws: n, seed: 5 }).w;
    expect(w.shape).toEqual([n, 2, 3]);
    // E[w_k] = a_k / Σa: row 0 → 1/3, row 1 → 0.5; Var = a_k(A − a_k)/(A²(A + 1)).
    const row1 = Array.from({ length: n }, (_, d) => w.data[d * 6 + 3]);
    expect(Math.abs(mean(row1) - 0.5)).toBeLessThan(5 * Math.sqrt((10 * 10) / (400 * 21) / n));
    const row0 = Array.from({ length: n }, (_, d) => w.data[d * 6]);
    expect(Math.abs(mean(row0) - 1 / 3)).toBeLessThan(5 * Math.sqrt(2 / (9 * 4) / n));
  });

  it('MvNormal draws have the given mean', () => {
    const m = new ModelBuilder();
    m.random(
      'x',
      MvNormal([1, -2], {
        cov: [
          [1, 0.5],
          [0.5, 2],
        ],
      }),
    );
    const n = 5000;
    const x = sampleForward(m.build(), { draws: n, seed: 9 }).x.data;
    expect(Math.abs(mean(Array.from({ length: n }, (_, d) => x[2 * d + 1])) + 2)).toBeLessThan(
      5 * Math.sqrt(2 / n),
    );
  });

  it('LKJCholeskyCorr draws unit-norm rows with K read from the declared shape', () => {
    const m = new ModelBuilder();
    m.random('L', LKJCholeskyCorr(2), { dims: [3, 3] });
    const L = sampleForward(m.build(), { draws: 50, seed: 1 }).L.data;
    for (let d = 0; d < 50; d++) {
      for (let r = 0; r < 3; r++) {
        let s = 0;
        for (let c = 0; c < 3; c++) s += L[d * 9 + r * 3 + c] ** 2;
        expect(s).toBeCloseTo(1, 12);
      }
    }
  });
});
