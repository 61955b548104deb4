// Parameter names, their order and their defaults follow PyMC, so a model reads the same in both.
import { expect, test } from 'vitest';
import { getDistribution } from '../distribution.js';
import '../index.js';

const pymc: readonly [name: string, params: readonly string[], defaults: Readonly<Record<string, number>>][] =
  [
    ['HalfNormal', ['sigma'], { sigma: 1 }],
    ['StudentT', ['nu', 'mu', 'sigma'], { mu: 0, sigma: 1 }],
    ['HalfStudentT', ['nu', 'sigma'], { nu: 1, sigma: 1 }],
    ['Cauchy', ['alpha', 'beta'], {}],
    ['HalfCauchy', ['beta'], {}],
    ['Laplace', ['mu', 'b'], {}],
    ['Logistic', ['mu', 's'], { mu: 0, s: 1 }],
    ['Exponential', ['lam'], {}],
    ['Gamma', ['alpha', 'beta'], {}],
    ['InverseGamma', ['alpha', 'beta'], {}],
    ['Beta', ['alpha', 'beta'], {}],
    ['LogNormal', ['mu', 'sigma'], { mu: 0, sigma: 1 }],
    ['Uniform', ['lower', 'upper'], { lower: 0, upper: 1 }],
    ['Weibull', ['alpha', 'beta'], {}],
  ];

test.each(pymc)(
  "%s takes PyMC's parameters in PyMC's order, with PyMC's defaults",
  (name, params, defaults) => {
    const d = getDistribution(name);
    expect(d.params).toEqual(params);
    expect(d.defaults).toEqual(defaults);
    expect(d.discrete).toBe(false);
    expect(d.eventRank).toBe(0);
  },
);

test('supports: half and positive families on (0, ∞), Beta on (0, 1), Uniform between its arguments', () => {
  const positive = [
    'HalfNormal',
    'HalfStudentT',
    'HalfCauchy',
    'Exponential',
    'Gamma',
    'InverseGamma',
    'LogNormal',
    'Weibull',
  ];
  for (const name of positive) expect(getDistribution(name).support, name).toEqual({ kind: 'positive' });
  for (const name of ['StudentT', 'Cauchy', 'Laplace', 'Logistic'])
    expect(getDistribution(name).support, name).toEqual({ kind: 'real' });
  expect(getDistribution('Beta').support).toEqual({ kind: 'unit' });
  expect(getDistribution('Uniform').support).toEqual({ kind: 'interval', lower: 'lower', upper: 'upper' });
});
