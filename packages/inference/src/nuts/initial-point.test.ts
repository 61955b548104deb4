import { DoplError, Rng } from '@dopl/core';
import { describe, expect, it } from 'vitest';
import { initialPoint } from './initial-point.js';
import type { Target } from './target.js';
import { standardNormal } from './test-targets.js';

describe('initialPoint (Stan util::initialize)', () => {
  it('draws uniform(−2, 2) coordinates with their log density and gradient', () => {
    const z = initialPoint(standardNormal(50), new Rng(1));
    let ss = 0;
    for (let i = 0; i < 50; i++) {
      expect(Math.abs(z.q[i])).toBeLessThan(2);
      expect(z.grad[i]).toBe(-z.q[i]);
      ss += z.q[i] * z.q[i];
    }
    expect(z.lp).toBeCloseTo(-0.5 * ss, 12);
  });

  it('retries until the log density is finite', () => {
    // Support is the orthant q > 0: a random draw lands there with probability 1/16.
    let calls = 0;
    const orthant: Target = {
      dim: 4,
      logDensityAndGradient(q, g) {
        calls++;
        g.fill(0);
        return q.every((x) => x > 0) ? 0 : Number.NEGATIVE_INFINITY;
      },
    };
    const z = initialPoint(orthant, new Rng(3));
    expect(z.lp).toBe(0);
    expect(Array.from(z.q).every((x) => x > 0)).toBe(true);
    expect(calls).toBeGreaterThan(1);
  });

  it('treats a model error (DoplError) and a non-finite gradient as a rejected draw', () => {
    let calls = 0;
    const flaky: Target = {
      dim: 1,
      logDensityAndGradient(_q, g) {
        calls++;
        if (calls === 1) throw new DoplError('NaN inside the model');
        g[0] = calls === 2 ? Number.NaN : 0;
        return 0;
      },
    };
    initialPoint(flaky, new Rng(3));
    expect(calls).toBe(3);
  });

  it('gives up after 100 attempts with a clear error', () => {
    const nowhere: Target = { dim: 1, logDensityAndGradient: () => Number.NEGATIVE_INFINITY };
    expect(() => initialPoint(nowhere, new Rng(4))).toThrow(/failed after 100 attempts/);
  });

  it('uses a given init once, and checks it', () => {
    const z = initialPoint(standardNormal(2), new Rng(5), { init: [0.5, -1] });
    expect(Array.from(z.q)).toEqual([0.5, -1]);
    expect(() => initialPoint(standardNormal(2), new Rng(5), { init: [1] })).toThrow(/expected 2/);
    const half: Target = {
      dim: 1,
      logDensityAndGradient(q, g) {
        g[0] = 0;
        return q[0] > 0 ? 0 : Number.NEGATIVE_INFINITY;
      },
    };
    expect(() => initialPoint(half, new Rng(5), { init: [-1] })).toThrow(DoplError);
  });
});
