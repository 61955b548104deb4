// The structural form x = F(params, u) of every continuous family (DESIGN §3): abduction inverts
// it, and with a uniform base the noise is the cdf, u = F(x); with a normal base, Φ(u) = F(x).
import { describe, expect, test } from 'vitest';
import { normalCdf } from '../../special/index.js';
import { getDistribution } from '../distribution.js';
import '../index.js';

type Params = Readonly<Record<string, number>>;

// The points keep 1 − F(x) above ~1e-7: beyond, a uniform u = F(x) is within a few ulps of 1 and
// cannot pin x down to 1e-9 (a limit of the uniform noise itself, e.g. Exponential(7) at x = 3).
const cases: readonly { name: string; params: Params; xs: readonly number[] }[] = [
  { name: 'HalfNormal', params: { sigma: 0.3 }, xs: [1e-6, 0.01, 0.3, 0.9, 1.5] },
  { name: 'StudentT', params: { nu: 3, mu: 1, sigma: 2 }, xs: [-40, -3, 0.2, 1, 1.5, 8, 100] },
  { name: 'StudentT', params: { nu: 0.6, mu: 0, sigma: 1 }, xs: [-50, -1, 0.01, 3, 500] },
  { name: 'HalfStudentT', params: { nu: 3, sigma: 1 }, xs: [1e-5, 0.3, 1.7, 2.5, 30] },
  { name: 'HalfStudentT', params: { nu: 40, sigma: 0.5 }, xs: [0.01, 0.4, 1.2] },
  { name: 'Cauchy', params: { alpha: 2, beta: 0.3 }, xs: [-100, 0.2, 2, 2.1, 60] },
  { name: 'HalfCauchy', params: { beta: 5 }, xs: [0.001, 2, 5, 40, 1000] },
  { name: 'Laplace', params: { mu: 1.5, b: 0.2 }, xs: [-2, 1, 1.5, 1.7, 4] },
  { name: 'Logistic', params: { mu: -2, s: 3 }, xs: [-60, -5, -2, 1, 30] },
  { name: 'Exponential', params: { lam: 7 }, xs: [1e-8, 0.01, 0.1, 0.5, 1.5] },
  { name: 'Gamma', params: { alpha: 0.5, beta: 1 }, xs: [1e-6, 0.01, 0.4, 2, 9] },
  { name: 'Gamma', params: { alpha: 200, beta: 20 }, xs: [8, 9.5, 10, 11, 12.5] },
  { name: 'InverseGamma', params: { alpha: 3, beta: 1 }, xs: [0.05, 0.2, 0.5, 2, 6] },
  { name: 'Beta', params: { alpha: 0.5, beta: 0.5 }, xs: [1e-4, 0.1, 0.5, 0.9, 0.999] },
  { name: 'Beta', params: { alpha: 30, beta: 4 }, xs: [0.5, 0.8, 0.9, 0.97] },
  { name: 'LogNormal', params: { mu: 2, sigma: 0.3 }, xs: [0.5, 4, 7.4, 10, 40] },
  { name: 'Uniform', params: { lower: -2, upper: 5 }, xs: [-2, -1.9, 0, 4.99, 5] },
  { name: 'Weibull', params: { alpha: 5, beta: 3 }, xs: [0.1, 1, 2.5, 3, 4] },
  { name: 'Weibull', params: { alpha: 0.7, beta: 1 }, xs: [1e-5, 0.3, 1, 8] },
];

const label = (name: string, params: Params) =>
  `${name}(${Object.entries(params)
    .map(([k, v]) => `${k}=${v}`)
    .join(', ')})`;

const expectRelClose = (actual: number, expected: number, rel: number, what: string) =>
  expect(Math.abs(actual - expected), `${what}: ${actual} vs ${expected}`).toBeLessThanOrEqual(
    rel * Math.max(Math.abs(expected), 1e-300),
  );

describe.each(cases.map((c) => [label(c.name, c.params), c] as const))('%s', (_label, c) => {
  const { structural, cdf } = getDistribution(c.name);
  const s = structural!;

  test('apply(abduct(x)) gives x back', () => {
    for (const x of c.xs) {
      const u = s.abduct(c.params, x);
      expect(typeof u).toBe('number');
      expectRelClose(s.apply(c.params, u as number), x, 1e-9, `x = ${x}`);
    }
  });

  test('abduct(apply(u)) gives u back', () => {
    const us = s.base === 'uniform' ? [1e-6, 0.01, 0.3, 0.5, 0.77, 0.99] : [-4, -1, 0, 0.5, 3];
    for (const u of us)
      expectRelClose(s.abduct(c.params, s.apply(c.params, u)) as number, u, 1e-9, `u = ${u}`);
  });

  test('the noise has the base distribution: its cdf at u is the cdf at x', () => {
    for (const x of c.xs) {
      const u = s.abduct(c.params, x) as number;
      const baseCdf = s.base === 'uniform' ? u : normalCdf(u);
      expect(baseCdf, `x = ${x}`).toBe(cdf!(x, c.params));
    }
  });
});

test('location-scale families other than the normal take uniform noise; LogNormal normal noise', () => {
  for (const name of ['StudentT', 'Cauchy', 'Laplace', 'Logistic'])
    expect(getDistribution(name).structural!.base).toBe('uniform');
  expect(getDistribution('LogNormal').structural!.base).toBe('normal');
});
