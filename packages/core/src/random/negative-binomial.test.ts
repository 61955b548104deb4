import { describe, expect, it } from 'vitest';
import { negativeBinomial } from './negative-binomial.js';
import { Rng } from './rng.js';
import { expectMoments, N, sample } from './testing.js';

describe('negativeBinomial(rng, mu, alpha)', () => {
  // NB with mean μ and dispersion α (r = α, success probability π = α/(α+μ)): variance μ + μ²/α,
  // excess kurtosis 6/α + α/(μ(α+μ)), so μ4 = (3 + 6/α + α/(μ(α+μ)))·variance².
  it.each([
    [3, 0.5],
    [100, 10],
    [0.2, 2],
    [1e4, 50],
  ])('has the mean and variance of NegativeBinomial(mu = %d, alpha = %d)', (mu, alpha) => {
    const rng = new Rng(`negative binomial ${mu} ${alpha}`);
    const xs = sample(N, () => negativeBinomial(rng, mu, alpha));
    const variance = mu + (mu * mu) / alpha;
    const kurtosis = 3 + 6 / alpha + alpha / (mu * (alpha + mu));
    expectMoments(xs, { mean: mu, variance, fourth: kurtosis * variance ** 2 });
  });

  it('reduces to Poisson(mu) for infinite alpha and to 0 for mu = 0', () => {
    const rng = new Rng('nb limits');
    const xs = sample(N, () => negativeBinomial(rng, 4, Number.POSITIVE_INFINITY));
    expectMoments(xs, { mean: 4, variance: 4, fourth: 4 * (1 + 12) });
    expect(negativeBinomial(rng, 0, 1)).toBe(0);
  });

  it('returns NaN for a negative mean or non-positive dispersion', () => {
    const rng = new Rng(0);
    expect(negativeBinomial(rng, -1, 1)).toBeNaN();
    expect(negativeBinomial(rng, 1, 0)).toBeNaN();
    expect(negativeBinomial(rng, Number.NaN, 1)).toBeNaN();
  });
});
