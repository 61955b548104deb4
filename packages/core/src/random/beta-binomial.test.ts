import { describe, expect, it } from 'vitest';
import { betaBinomial } from './beta-binomial.js';
import { Rng } from './rng.js';
import { expectMoments, momentsFromRaw, N, sample } from './testing.js';

describe('betaBinomial(rng, n, a, b)', () => {
  // Factorial moments E[X(X−1)…(X−k+1)] = n(n−1)…(n−k+1) · Π_{j<k} (a+j)/(a+b+j); raw moments
  // follow from Stirling numbers of the second kind: m2 = f2 + f1, m3 = f3 + 3f2 + f1,
  // m4 = f4 + 6f3 + 7f2 + f1.
  it.each([
    [20, 0.5, 0.5],
    [100, 2, 8],
    [1000, 30, 1.5],
  ])('has the mean and variance of BetaBinomial(%d, %d, %d)', (n, a, b) => {
    const rng = new Rng(`beta-binomial ${n} ${a} ${b}`);
    const xs = sample(N, () => betaBinomial(rng, n, a, b));
    const f = [1];
    for (let k = 1; k <= 4; k++) f.push((f[k - 1] * (n - k + 1) * (a + k - 1)) / (a + b + k - 1));
    expectMoments(
      xs,
      momentsFromRaw(f[1], f[2] + f[1], f[3] + 3 * f[2] + f[1], f[4] + 6 * f[3] + 7 * f[2] + f[1]),
    );
  });

  it('returns NaN for invalid n or shapes', () => {
    const rng = new Rng(0);
    expect(betaBinomial(rng, 1.5, 1, 1)).toBeNaN();
    expect(betaBinomial(rng, 10, 0, 1)).toBeNaN();
    expect(betaBinomial(rng, 10, 1, -1)).toBeNaN();
  });
});
