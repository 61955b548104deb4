// Each sampler against the family's exact mean and variance (tolerance: 5 Monte Carlo standard
// errors; the variance's from the exact fourth central moment), in every parametrization.
import { describe, expect, test } from 'vitest';
import { Rng } from '../../random/index.js';
import {
  type ExactMoments,
  expectFrequencies,
  expectMoments,
  momentsOfPmf,
  sample,
} from '../../random/testing.js';
import { logit } from '../../special/index.js';
import { getDistribution } from '../distribution.js';
import '../index.js';
import { categoricalCdf } from './categorical.js';

const N = 100_000;
type Params = Readonly<Record<string, number>>;

const bernoulli = (p: number): ExactMoments => ({
  mean: p,
  variance: p * (1 - p),
  fourth: p * (1 - p) * (1 - 3 * p * (1 - p)),
});
const binomial = (n: number, p: number): ExactMoments => {
  const v = n * p * (1 - p);
  return { mean: n * p, variance: v, fourth: v * (1 + 3 * (n - 2) * p * (1 - p)) };
};
const poisson = (mu: number): ExactMoments => ({ mean: mu, variance: mu, fourth: mu + 3 * mu * mu });
/** Cumulants in the (r, p) form, r = α, q = μ/(α + μ): κ2 = rq/p², κ4 = rq(1 + 4q + q²)/p⁴; μ4 = κ4 + 3κ2². */
const negativeBinomial = (mu: number, alpha: number): ExactMoments => {
  const q = mu / (alpha + mu);
  const p = 1 - q;
  const k2 = (alpha * q) / p ** 2;
  const k4 = (alpha * q * (1 + 4 * q + q * q)) / p ** 4;
  return { mean: mu, variance: k2, fourth: k4 + 3 * k2 * k2 };
};
/** BetaBinomial(10, 2, 3) from R's own log-masses (the reference fixture). */
const betaBinomialPmf = [
  -2.71910003728879, -2.2082744135228, -2.00348000087679, -1.93894147973922, -1.96711235670592,
  -2.07247287236374, -2.2547944291577, -2.52672814464134, -2.91977073275095, -3.50755739765306,
  -4.51085950651685,
].map(Math.exp);

interface Case {
  readonly name: string;
  readonly dist: string;
  readonly params: Params;
  readonly exact: ExactMoments;
}

const cases: readonly Case[] = [
  { name: 'Bernoulli p', dist: 'Bernoulli', params: { p: 0.3 }, exact: bernoulli(0.3) },
  { name: 'Bernoulli logit_p', dist: 'Bernoulli', params: { logit_p: logit(0.85) }, exact: bernoulli(0.85) },
  { name: 'Binomial p', dist: 'Binomial', params: { n: 10, p: 0.3 }, exact: binomial(10, 0.3) },
  {
    name: 'Binomial logit_p',
    dist: 'Binomial',
    params: { n: 40, logit_p: logit(0.05) },
    exact: binomial(40, 0.05),
  },
  { name: 'Poisson mu', dist: 'Poisson', params: { mu: 4 }, exact: poisson(4) },
  {
    name: 'Poisson log_mu (large rate)',
    dist: 'Poisson',
    params: { log_mu: Math.log(60) },
    exact: poisson(60),
  },
  {
    name: 'NegativeBinomial',
    dist: 'NegativeBinomial',
    params: { mu: 3, alpha: 2 },
    exact: negativeBinomial(3, 2),
  },
  {
    name: 'NegativeBinomial, strong overdispersion',
    dist: 'NegativeBinomial',
    params: { mu: 5, alpha: 0.7 },
    exact: negativeBinomial(5, 0.7),
  },
  {
    name: 'BetaBinomial',
    dist: 'BetaBinomial',
    params: { n: 10, alpha: 2, beta: 3 },
    exact: momentsOfPmf(betaBinomialPmf),
  },
];

describe('samplers match the exact moments', () => {
  test.each(cases)('$name', (c) => {
    const d = getDistribution(c.dist);
    const rng = new Rng(`discrete ${c.name}`);
    const xs = sample(N, () => d.sample!(rng, c.params));
    expect(xs.every((x) => Number.isInteger(x) && x >= 0)).toBe(true);
    expectMoments(xs, c.exact);
  });

  test('BetaBinomial frequencies match R', () => {
    const d = getDistribution('BetaBinomial');
    const rng = new Rng('beta-binomial frequencies');
    const xs = sample(N, () => d.sample!(rng, { n: 10, alpha: 2, beta: 3 }));
    expectFrequencies(xs, (k) => betaBinomialPmf[k], [0, 3, 7, 10]);
  });

  const p = [0.1, 0.2, 0.3, 0.4];
  test.each([
    ['p', { p: Float64Array.from(p) }],
    ['logits', { logits: Float64Array.from(p, (v) => Math.log(v) - 1) }],
  ] as const)('Categorical %s: moments and frequencies', (_name, params) => {
    const d = getDistribution('Categorical');
    const rng = new Rng(`categorical ${_name}`);
    const out = new Float64Array(1);
    const xs = sample(N, () => {
      d.sampleEvent!(rng, params, out, 0);
      return out[0];
    });
    expectMoments(xs, momentsOfPmf(p));
    expectFrequencies(xs, (k) => p[k], [0, 1, 2, 3]);
    // The empirical cdf at 1 against categoricalCdf.
    const below = xs.filter((x) => x <= 1).length / N;
    expect(Math.abs(below - categoricalCdf(1, p))).toBeLessThan(5 * Math.sqrt((0.3 * 0.7) / N));
  });
});
