import { describe, expect, it } from 'vitest';
import { type ChannelCurves, channelCurves } from './curves.js';
import { optimizeBudget, projectBudget } from './optimize.js';
import { handFit } from './test-fixtures.js';

/** β_c (1 − e^{−λ_c x}) per channel, β varying by draw: a[i][c]. */
function exponential(beta: number[][], lam: number[]): ChannelCurves {
  return {
    C: lam.length,
    n: beta.length,
    value: (c, i, s) => beta[i][c] * (1 - Math.exp(-lam[c] * s)),
    slope: (c, i, s) => beta[i][c] * lam[c] * Math.exp(-lam[c] * s),
  };
}

describe('optimizeBudget', () => {
  it('two exponential curves: equal marginal returns, x1 = (λ2 B + ln(β1λ1 / β2λ2)) / (λ1 + λ2)', () => {
    const [b1, b2, l1, l2, B] = [3, 2, 1.5, 0.8, 2];
    const res = optimizeBudget(exponential([[b1, b2]], [l1, l2]), { total: B });
    const x1 = (l2 * B + Math.log((b1 * l1) / (b2 * l2))) / (l1 + l2);
    expect(res.converged).toBe(true);
    expect(res.allocation[0]).toBeCloseTo(x1, 8);
    expect(res.allocation[1]).toBeCloseTo(B - x1, 8);
    expect(res.marginal[0]).toBeCloseTo(res.marginal[1], 8);
  });

  it('Michaelis–Menten from posterior draws: x1 = (r1 (l2 + B) − r2 l1) / (r1 + r2), r = √(a l)', () => {
    // Each draw has the same curve, so the posterior mean is that curve.
    const fit = handFit({
      a: {
        shape: [2],
        draws: [
          [4, 2],
          [4, 2],
        ],
      },
      l: {
        shape: [2],
        draws: [
          [1, 0.5],
          [1, 0.5],
        ],
      },
    });
    const curves = channelCurves(fit, { kind: 'michaelis_menten', params: ['a', 'l'] });
    const B = 3;
    const [r1, r2] = [Math.sqrt(4), Math.sqrt(1)];
    const x1 = (r1 * (0.5 + B) - r2 * 1) / (r1 + r2);
    const res = optimizeBudget(curves, { total: B });
    expect(res.allocation[0]).toBeCloseTo(x1, 8);
    expect(res.objective).toBeCloseTo((4 * x1) / (1 + x1) + (2 * (B - x1)) / (0.5 + B - x1), 12);
  });

  it('a lower quantile objective is the problem with β1 at its quantile (response increasing in β1)', () => {
    // Channel 1 uncertain (β1 over 5 draws), channel 2 certain: the 0.25 quantile of the total is
    // attained by the draw order of β1, so its optimum is the closed form with β1 = q_0.25(β1).
    const b1 = [1, 5, 2, 4, 3];
    const curves = exponential(
      b1.map((b) => [b, 2]),
      [1.5, 0.8],
    );
    const B = 2;
    const q = 0.25;
    const bq = 2; // type-7 quantile of {1, 2, 3, 4, 5} at 0.25: h = 1 → 2
    const x1 = (0.8 * B + Math.log((bq * 1.5) / (2 * 0.8))) / (1.5 + 0.8);
    const risk = optimizeBudget(curves, { total: B, objective: { quantile: q } });
    expect(risk.allocation[0]).toBeCloseTo(x1, 7);
    const mean = optimizeBudget(curves, { total: B });
    expect(mean.allocation[0]).toBeGreaterThan(risk.allocation[0]);
  });

  it('respects bounds: an upper bound below the unconstrained optimum binds', () => {
    const res = optimizeBudget(exponential([[3, 2]], [1.5, 0.8]), { total: 2, upper: [0.5, 2] });
    expect(res.allocation[0]).toBeCloseTo(0.5, 12);
    expect(res.allocation[1]).toBeCloseTo(1.5, 12);
  });

  it('same seed, same thinned draws, same answer; bad bounds are named', () => {
    const curves = exponential(
      Array.from({ length: 50 }, (_, i) => [1 + i / 10, 2]),
      [1.5, 0.8],
    );
    const a = optimizeBudget(curves, { total: 2, maxDraws: 10, seed: 7 });
    const b = optimizeBudget(curves, { total: 2, maxDraws: 10, seed: 7 });
    expect(a).toEqual(b);
    expect(() => optimizeBudget(curves, { total: 5, upper: [1, 1] })).toThrow(
      /outside the bounds' range \[0, 2\]/,
    );
  });

  it('projection: clip(v − τ) summing to the total', () => {
    const p = projectBudget([3, 1, -1], 2, [0, 0, 0], [10, 10, 10]);
    // τ = 1: (2, 0, 0) sums to 2.
    p.forEach((v, c) => expect(v).toBeCloseTo([2, 0, 0][c], 12));
  });
});
