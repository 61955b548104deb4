import { describe, expect, it } from 'vitest';
import { binomial } from './binomial.js';
import { Rng } from './rng.js';
import { expectFrequencies, expectMoments, N, sample } from './testing.js';

/** Binomial pmf with log C(n, k) summed term by term, independent of the sampler's log-factorials. */
function binomialPmf(n: number, p: number): (k: number) => number {
  return (k) => {
    let logChoose = 0;
    for (let j = 1; j <= k; j++) logChoose += Math.log((n - j + 1) / j);
    return Math.exp(logChoose + k * Math.log(p) + (n - k) * Math.log1p(-p));
  };
}

describe('binomial(rng, n, p)', () => {
  // Binomial(n, p): mean np, variance npq, μ4 = npq(1 + 3(n−2)pq) (excess kurtosis (1−6pq)/(npq)).
  // n·min(p, q) < 10 uses inversion, otherwise BTRS; p > 1/2 goes through n − Binomial(n, q).
  it.each([
    [10, 0.3],
    [50, 0.9],
    [100_000, 5e-5],
    [1000, 0.02],
    [1000, 0.97],
    [40, 0.5],
    [1_000_000, 0.4],
  ])('has the mean and variance of Binomial(%d, %d)', (n, p) => {
    const rng = new Rng(`binomial ${n} ${p}`);
    const xs = sample(N, () => binomial(rng, n, p));
    const npq = n * p * (1 - p);
    expectMoments(xs, { mean: n * p, variance: npq, fourth: npq * (1 + 3 * (n - 2) * p * (1 - p)) });
  });

  it.each([
    [1000, 0.02],
    [1000, 0.97],
    [30, 0.2],
  ])('puts the Binomial(%d, %d) probability on each value around the mode', (n, p) => {
    const rng = new Rng(`binomial pmf ${n} ${p}`);
    const xs = sample(N, () => binomial(rng, n, p));
    const mode = Math.floor((n + 1) * p);
    const ks = Array.from({ length: 13 }, (_, i) => mode - 6 + i).filter((k) => k >= 0 && k <= n);
    expectFrequencies(xs, binomialPmf(n, p), ks);
  });

  it('returns integers in 0..n', () => {
    const rng = new Rng('binomial range');
    for (const [n, p] of [
      [5, 0.5],
      [20, 0.99],
      [300, 0.3],
      [300, 0.7],
    ]) {
      const xs = sample(2000, () => binomial(rng, n, p));
      expect(xs.every((x) => Number.isInteger(x) && x >= 0 && x <= n)).toBe(true);
    }
  });

  it('is degenerate at p = 0, p = 1 and n = 0', () => {
    const rng = new Rng(0);
    expect(binomial(rng, 10, 0)).toBe(0);
    expect(binomial(rng, 10, 1)).toBe(10);
    expect(binomial(rng, 0, 0.5)).toBe(0);
  });

  it('returns NaN for a non-integer or negative n, or p outside [0, 1]', () => {
    const rng = new Rng(0);
    expect(binomial(rng, 2.5, 0.5)).toBeNaN();
    expect(binomial(rng, -1, 0.5)).toBeNaN();
    expect(binomial(rng, 10, 1.5)).toBeNaN();
    expect(binomial(rng, 10, Number.NaN)).toBeNaN();
  });
});
