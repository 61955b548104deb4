import { describe, expect, it } from 'vitest';
import { cauchy, exponential, laplace, logistic, lognormal, normal, weibull } from './continuous.js';
import { Rng } from './rng.js';
import { expectMoments, expectQuantiles, gammaFunction, momentsFromRaw, N, sample } from './testing.js';

describe('normal(rng, mu, sigma)', () => {
  // N(μ, σ): variance σ², μ4 = 3σ⁴.
  it.each([
    [0, 1],
    [-3, 0.01],
    [1000, 50],
  ])('has the mean and variance of Normal(%d, %d)', (mu, sigma) => {
    const rng = new Rng(`normal ${mu} ${sigma}`);
    const xs = sample(N, () => normal(rng, mu, sigma));
    expectMoments(xs, { mean: mu, variance: sigma ** 2, fourth: 3 * sigma ** 4 });
  });

  it('returns mu when sigma is 0', () => {
    expect(normal(new Rng(1), 4, 0)).toBe(4);
  });
});

describe('lognormal(rng, mu, sigma)', () => {
  // LogNormal(μ, s): mean e^{μ+s²/2}, variance (e^{s²} − 1)e^{2μ+s²},
  // μ4 = (e^{4s²} + 2e^{3s²} + 3e^{2s²} − 3)·variance² (excess kurtosis + 3).
  it.each([
    [0, 0.25],
    [1, 0.75],
  ])('has the mean and variance of LogNormal(%d, %d)', (mu, s) => {
    const rng = new Rng(`lognormal ${mu} ${s}`);
    const xs = sample(N, () => lognormal(rng, mu, s));
    const s2 = s * s;
    const variance = Math.expm1(s2) * Math.exp(2 * mu + s2);
    const kurtosis = Math.exp(4 * s2) + 2 * Math.exp(3 * s2) + 3 * Math.exp(2 * s2) - 3;
    expectMoments(xs, { mean: Math.exp(mu + s2 / 2), variance, fourth: kurtosis * variance ** 2 });
  });
});

describe('exponential(rng, rate)', () => {
  // Exponential(λ): mean 1/λ, variance 1/λ², μ4 = 9/λ⁴ (excess kurtosis 6).
  it.each([1, 0.2, 40])('has the mean and variance of Exponential(%d)', (rate) => {
    const rng = new Rng(`exponential ${rate}`);
    const xs = sample(N, () => exponential(rng, rate));
    expectMoments(xs, { mean: 1 / rate, variance: 1 / rate ** 2, fourth: 9 / rate ** 4 });
  });
});

describe('cauchy(rng, location, scale)', () => {
  // No moments exist; the quartiles of Cauchy(x0, γ) are x0 ± γ and the median is x0.
  it.each([
    [0, 1],
    [-2, 0.5],
  ])('has the median and quartiles of Cauchy(%d, %d)', (x0, gamma) => {
    const rng = new Rng(`cauchy ${x0} ${gamma}`);
    const xs = sample(N, () => cauchy(rng, x0, gamma));
    expectQuantiles(xs, [
      [0.25, x0 - gamma],
      [0.5, x0],
      [0.75, x0 + gamma],
    ]);
  });
});

describe('laplace(rng, location, scale)', () => {
  // Laplace(μ, b): variance 2b², μ4 = 4!·b⁴ = 24b⁴ (excess kurtosis 3).
  it.each([
    [0, 1],
    [5, 0.2],
  ])('has the mean and variance of Laplace(%d, %d)', (mu, b) => {
    const rng = new Rng(`laplace ${mu} ${b}`);
    const xs = sample(N, () => laplace(rng, mu, b));
    expectMoments(xs, { mean: mu, variance: 2 * b * b, fourth: 24 * b ** 4 });
  });
});

describe('logistic(rng, location, scale)', () => {
  // Logistic(μ, s): variance π²s²/3, μ4 = 7π⁴s⁴/15 (excess kurtosis 6/5).
  it.each([
    [0, 1],
    [-4, 3],
  ])('has the mean and variance of Logistic(%d, %d)', (mu, s) => {
    const rng = new Rng(`logistic ${mu} ${s}`);
    const xs = sample(N, () => logistic(rng, mu, s));
    expectMoments(xs, {
      mean: mu,
      variance: (Math.PI * s) ** 2 / 3,
      fourth: (7 * (Math.PI * s) ** 4) / 15,
    });
  });
});

describe('weibull(rng, shape, scale)', () => {
  // Weibull(k, λ): raw moments E[X^r] = λ^r Γ(1 + r/k); central moments follow from m1..m4.
  it.each([
    [2, 1.5],
    [0.5, 1],
    [5, 2],
  ])('has the mean and variance of Weibull(%d, %d)', (k, lambda) => {
    const rng = new Rng(`weibull ${k} ${lambda}`);
    const xs = sample(N, () => weibull(rng, k, lambda));
    const m = (r: number) => lambda ** r * gammaFunction(1 + r / k);
    expectMoments(xs, momentsFromRaw(m(1), m(2), m(3), m(4)));
  });
});

describe('invalid parameters', () => {
  it('give NaN rather than an exception', () => {
    const rng = new Rng(0);
    expect(normal(rng, 0, -1)).toBeNaN();
    expect(lognormal(rng, 0, Number.NaN)).toBeNaN();
    expect(exponential(rng, 0)).toBeNaN();
    expect(cauchy(rng, 0, 0)).toBeNaN();
    expect(laplace(rng, 0, -2)).toBeNaN();
    expect(logistic(rng, 0, Number.NaN)).toBeNaN();
    expect(weibull(rng, 0, 1)).toBeNaN();
    expect(weibull(rng, 1, -1)).toBeNaN();
  });
});
