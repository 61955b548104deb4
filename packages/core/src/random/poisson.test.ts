import { describe, expect, it } from 'vitest';
import { poisson } from './poisson.js';
import { Rng } from './rng.js';
import { expectFrequencies, expectMoments, N, sample } from './testing.js';

/** Poisson pmf by the recurrence p(k) = p(k−1)·mu/k, independent of the sampler's log-factorials. */
function poissonPmf(mu: number): (k: number) => number {
  return (k) => {
    let p = Math.exp(-mu);
    for (let j = 1; j <= k; j++) p *= mu / j;
    return p;
  };
}

describe('poisson(rng, mu)', () => {
  // Poisson(μ): mean μ, variance μ, μ4 = μ(1 + 3μ) (excess kurtosis 1/μ).
  // 0.5 and 9.99 use inversion; 10 and above use PTRS.
  it.each([0.5, 3, 9.99, 10, 30, 5000, 1e6])('has the mean and variance of Poisson(%d)', (mu) => {
    const rng = new Rng(`poisson ${mu}`);
    const xs = sample(N, () => poisson(rng, mu));
    expectMoments(xs, { mean: mu, variance: mu, fourth: mu * (1 + 3 * mu) });
  });

  it.each([3, 12, 30])('puts the Poisson(%d) probability on each value around the mode', (mu) => {
    const rng = new Rng(`poisson pmf ${mu}`);
    const xs = sample(N, () => poisson(rng, mu));
    const ks = Array.from({ length: 13 }, (_, i) => Math.round(mu) - 6 + i).filter((k) => k >= 0);
    expectFrequencies(xs, poissonPmf(mu), ks);
  });

  it('returns non-negative integers', () => {
    const rng = new Rng('poisson integers');
    for (const mu of [0.1, 7, 70, 7e5]) {
      const xs = sample(1000, () => poisson(rng, mu));
      expect(xs.every((x) => Number.isInteger(x) && x >= 0)).toBe(true);
    }
  });

  it('always returns 0 for mu = 0', () => {
    const rng = new Rng(0);
    expect(sample(100, () => poisson(rng, 0)).every((x) => x === 0)).toBe(true);
  });

  it('returns NaN for a negative, infinite or NaN mean', () => {
    const rng = new Rng(0);
    expect(poisson(rng, -1)).toBeNaN();
    expect(poisson(rng, Number.POSITIVE_INFINITY)).toBeNaN();
    expect(poisson(rng, Number.NaN)).toBeNaN();
  });
});
