// Each sampler against the family's exact moments (tolerance: 5 Monte Carlo standard errors; the
// variance's from the exact fourth central moment) and, where the variance is infinite, against the
// family's cdf at a few points (the fraction of draws ≤ q is Binomial(n, F(q))/n).
import { beforeAll, describe, expect, test } from 'vitest';
import { Rng } from '../../random/index.js';
import {
  betaMoments,
  type ExactMoments,
  expectMoments,
  expectQuantiles,
  ksCriticalValue,
  ksStatistic,
  momentsFromRaw,
  sample,
} from '../../random/testing.js';
import { lgamma } from '../../special/index.js';
import { getDistribution } from '../distribution.js';
import '../index.js';

const N = 100_000;
type Params = Readonly<Record<string, number>>;

/** Raw moments E[X^k], k = 1..4, turned into mean, variance and fourth central moment. */
const fromRaw = (m: (k: number) => number): ExactMoments => momentsFromRaw(m(1), m(2), m(3), m(4));
/** Γ(a + k)/Γ(a) = a(a+1)…(a+k−1). */
const rising = (a: number, k: number): number => (k === 0 ? 1 : (a + k - 1) * rising(a, k - 1));
const gammaFn = (a: number): number => Math.exp(lgamma(a));

interface MomentCase {
  readonly name: string;
  readonly params: Params;
  readonly exact: ExactMoments;
}

const momentCases: readonly MomentCase[] = [
  // E|Z|^k = 2^(k/2)·Γ((k+1)/2)/√π: √(2/π), 1, 2√(2/π), 3.
  (() => {
    const s = 2;
    const c = Math.sqrt(2 / Math.PI);
    return {
      name: 'HalfNormal',
      params: { sigma: s },
      exact: momentsFromRaw(s * c, s ** 2, 2 * c * s ** 3, 3 * s ** 4),
    };
  })(),
  // Var = σ²ν/(ν−2), μ4 = 3σ⁴ν²/((ν−2)(ν−4)).
  {
    name: 'StudentT',
    params: { nu: 10, mu: 1, sigma: 2 },
    exact: { mean: 1, variance: (4 * 10) / 8, fourth: (3 * 16 * 100) / (8 * 6) },
  },
  // E|T|^k = ν^(k/2)·Γ((k+1)/2)·Γ((ν−k)/2) / (√π·Γ(ν/2)), times σ^k.
  {
    name: 'HalfStudentT',
    params: { nu: 10, sigma: 1.5 },
    exact: fromRaw(
      (k) =>
        ((1.5 * Math.sqrt(10)) ** k * Math.exp(lgamma((k + 1) / 2) + lgamma((10 - k) / 2) - lgamma(5))) /
        Math.sqrt(Math.PI),
    ),
  },
  // Var = 2b², μ4 = 24b⁴.
  {
    name: 'Laplace',
    params: { mu: -1, b: 0.5 },
    exact: { mean: -1, variance: 2 * 0.25, fourth: 24 * 0.5 ** 4 },
  },
  // Var = s²π²/3, μ4 = 7π⁴s⁴/15 (excess kurtosis 6/5).
  {
    name: 'Logistic',
    params: { mu: 2, s: 0.7 },
    exact: { mean: 2, variance: (0.49 * Math.PI ** 2) / 3, fourth: (7 * Math.PI ** 4 * 0.7 ** 4) / 15 },
  },
  // E[X^k] = k!/λ^k.
  { name: 'Exponential', params: { lam: 2.5 }, exact: fromRaw((k) => rising(1, k) / 2.5 ** k) },
  // E[X^k] = α(α+1)…(α+k−1)/β^k.
  { name: 'Gamma', params: { alpha: 0.6, beta: 2 }, exact: fromRaw((k) => rising(0.6, k) / 2 ** k) },
  { name: 'Gamma', params: { alpha: 5, beta: 0.5 }, exact: fromRaw((k) => rising(5, k) / 0.5 ** k) },
  // E[X^k] = β^k / ((α−1)(α−2)…(α−k)), finite for k < α.
  { name: 'InverseGamma', params: { alpha: 9, beta: 3 }, exact: fromRaw((k) => 3 ** k / rising(9 - k, k)) },
  { name: 'Beta', params: { alpha: 2, beta: 5 }, exact: betaMoments(2, 5) },
  { name: 'Beta', params: { alpha: 0.5, beta: 0.5 }, exact: betaMoments(0.5, 0.5) },
  // E[X^k] = exp(kμ + k²σ²/2).
  {
    name: 'LogNormal',
    params: { mu: 0.3, sigma: 0.4 },
    exact: fromRaw((k) => Math.exp(0.3 * k + (k * k * 0.16) / 2)),
  },
  // Var = w²/12, μ4 = w⁴/80 for width w.
  {
    name: 'Uniform',
    params: { lower: -2, upper: 3 },
    exact: { mean: 0.5, variance: 25 / 12, fourth: 625 / 80 },
  },
  // E[X^k] = β^k·Γ(1 + k/α).
  { name: 'Weibull', params: { alpha: 1.5, beta: 2 }, exact: fromRaw((k) => 2 ** k * gammaFn(1 + k / 1.5)) },
  { name: 'Weibull', params: { alpha: 0.8, beta: 1 }, exact: fromRaw((k) => gammaFn(1 + k / 0.8)) },
];

/** Families whose variance is infinite: checked at points q through the cdf instead. */
const heavyTailCases: readonly { name: string; params: Params; at: readonly number[] }[] = [
  { name: 'Cauchy', params: { alpha: 1, beta: 2 }, at: [-20, -3, 0, 1, 2.5, 6, 40] },
  { name: 'HalfCauchy', params: { beta: 1.5 }, at: [0.1, 0.8, 1.5, 4, 30] },
  { name: 'StudentT', params: { nu: 1.5, mu: -1, sigma: 0.5 }, at: [-10, -2, -1, -0.5, 0.5, 8] },
  { name: 'HalfStudentT', params: { nu: 2, sigma: 1 }, at: [0.05, 0.5, 1, 3, 12] },
  { name: 'InverseGamma', params: { alpha: 1.5, beta: 1 }, at: [0.2, 0.5, 1, 3, 20] },
];

const label = (name: string, params: Params) =>
  `${name}(${Object.entries(params)
    .map(([k, v]) => `${k}=${v}`)
    .join(', ')})`;

function draws(name: string, params: Params): Float64Array {
  const { sample: draw } = getDistribution(name);
  const rng = new Rng(label(name, params));
  return sample(N, () => draw!(rng, params));
}

describe.each(momentCases.map((c) => [label(c.name, c.params), c] as const))('%s', (_label, c) => {
  let xs: Float64Array;
  beforeAll(() => {
    xs = draws(c.name, c.params);
  });

  test('draws have the exact mean and variance', () => {
    expectMoments(xs, c.exact);
  });

  test('draws follow the cdf (Kolmogorov–Smirnov)', () => {
    const { cdf } = getDistribution(c.name);
    expect(ksStatistic(xs, (x) => cdf!(x, c.params))).toBeLessThan(ksCriticalValue(N, 1e-4));
  });
});

describe.each(heavyTailCases.map((c) => [label(c.name, c.params), c] as const))('%s', (_label, c) => {
  test('the fraction of draws below q is the cdf at q', () => {
    const { cdf } = getDistribution(c.name);
    const xs = draws(c.name, c.params);
    expectQuantiles(
      xs,
      c.at.map((q) => [cdf!(q, c.params), q] as const),
    );
  });
});
