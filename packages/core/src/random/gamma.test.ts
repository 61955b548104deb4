import { describe, expect, it } from 'vitest';
import { chiSquared, gamma, logStandardGamma, standardGamma } from './gamma.js';
import { Rng } from './rng.js';
import { expectMoments, N, sample } from './testing.js';

describe('gamma(rng, shape, rate)', () => {
  // Gamma(k, r): mean k/r, variance k/r², μ4 = 3k(k+2)/r⁴ (excess kurtosis 6/k).
  it.each([
    [0.05, 1],
    [0.3, 2],
    [1, 1],
    [4.5, 0.1],
    [200, 0.5],
  ])('has the mean and variance of Gamma(%d, %d)', (k, r) => {
    const rng = new Rng(`gamma ${k} ${r}`);
    const xs = sample(N, () => gamma(rng, k, r));
    expectMoments(xs, { mean: k / r, variance: k / r ** 2, fourth: (3 * k * (k + 2)) / r ** 4 });
  });

  it('returns NaN for non-positive or NaN shape and rate', () => {
    const rng = new Rng(0);
    for (const [k, r] of [
      [0, 1],
      [-1, 1],
      [1, 0],
      [Number.NaN, 1],
      [1, Number.NaN],
    ]) {
      expect(gamma(rng, k, r)).toBeNaN();
    }
  });
});

describe('logStandardGamma(rng, shape)', () => {
  it('is the logarithm of the standardGamma draw from the same stream position', () => {
    for (const shape of [0.01, 0.5, 1, 3]) {
      const a = new Rng(`log gamma ${shape}`);
      const b = new Rng(`log gamma ${shape}`);
      for (let i = 0; i < 100; i++) {
        const g = standardGamma(a, shape);
        const logG = logStandardGamma(b, shape);
        expect(Math.abs(logG - Math.log(g))).toBeLessThanOrEqual(1e-12 * Math.max(1, Math.abs(logG)));
      }
    }
  });

  it('stays finite for shapes so small that the draw itself underflows to 0', () => {
    const rng = new Rng('tiny shape');
    const logs = sample(10_000, () => logStandardGamma(rng, 1e-3));
    expect(logs.every(Number.isFinite)).toBe(true);
    expect(Math.min(...logs)).toBeLessThan(Math.log(Number.MIN_VALUE));
  });
});

describe('chiSquared(rng, k)', () => {
  // χ²_k: mean k, variance 2k, μ4 = 12k(k+4) (excess kurtosis 12/k).
  it.each([1, 3, 50])('has the mean and variance of χ² with %d degrees of freedom', (k) => {
    const rng = new Rng(`chi-squared ${k}`);
    const xs = sample(N, () => chiSquared(rng, k));
    expectMoments(xs, { mean: k, variance: 2 * k, fourth: 12 * k * (k + 4) });
  });

  it('returns NaN for non-positive degrees of freedom', () => {
    expect(chiSquared(new Rng(0), 0)).toBeNaN();
  });
});
