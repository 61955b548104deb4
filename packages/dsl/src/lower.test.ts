import {
  adstockGeometric,
  Bernoulli,
  Beta,
  compile,
  Gamma,
  type Graph,
  HalfCauchy,
  HalfNormal,
  ModelBuilder,
  maximum,
  minimum,
  Normal,
  prev,
  saturationLogistic,
  softplus,
  sqrt,
  square,
  t,
  term,
  Uniform,
  where,
} from '@dopl/core';
import { describe, expect, it } from 'vitest';
import { compileModel } from './compile.js';
import { garchY, mmmSales, mmmSpend } from './models.fixture.js';

// Lowering is checked against an oracle: the same model built with the TypeScript builder must
// have the same log-density (and gradient) at random points of the unconstrained space.

function samePoints(text: string, data: Record<string, unknown>, built: Graph) {
  const a = compile(compileModel(text, { data }));
  const b = compile(built);
  expect(a.layout.map((p) => [p.name, p.size, p.constraint])).toEqual(
    b.layout.map((p) => [p.name, p.size, p.constraint]),
  );
  let seed = 12345;
  const rand = () => {
    seed = (seed * 1103515245 + 12345) % 2 ** 31;
    return seed / 2 ** 31;
  };
  const ga = new Float64Array(a.dim);
  const gb = new Float64Array(b.dim);
  for (let k = 0; k < 5; k++) {
    const theta = Float64Array.from({ length: a.dim }, () => 2 * rand() - 1);
    const la = a.logDensityAndGradient(theta, ga);
    const lb = b.logDensityAndGradient(theta, gb);
    expect(Number.isFinite(la)).toBe(true);
    expect(la).toBeCloseTo(lb, 10);
    ga.forEach((g, i) => expect(g).toBeCloseTo(gb[i], 8));
  }
}

const schools = { J: 8, y: [28, 8, -3, 7, -1, 1, 18, 12], sigma: [15, 10, 16, 11, 9, 11, 10, 18] };

describe('lowering: text and builder give the same log-density', () => {
  it('eight schools, written as in the design sketch', () => {
    const text = `
      // eight schools, non-centered
      data J: int
      data y: real[J]
      data sigma: real<lower=0>[J]
      mu ~ Normal(0, 5)
      tau ~ HalfCauchy(5)
      z[J] ~ Normal(0, 1)
      theta := mu + tau * z
      y ~ Normal(theta, sigma)
    `.replace(/^ +/gm, '');
    const m = new ModelBuilder();
    m.data('J', { type: 'int' });
    m.data('y', { dims: ['J'] });
    const sigma = m.data('sigma', { dims: ['J'], lower: 0 });
    const mu = m.random('mu', Normal(0, 5));
    const tau = m.random('tau', HalfCauchy(5));
    const z = m.random('z', Normal(0, 1), { dims: ['J'] });
    m.random('y', Normal(mu.add(tau.mul(z)), sigma));
    samePoints(text, schools, m.build(schools));
  });

  it('a GARCH volatility written with ^ equals the builder model written with square()', () => {
    const text = [
      'data T: int',
      'data y: real[T]',
      'data sigma1: real<lower=0>',
      'mu ~ Normal(0, 10)',
      'alpha0: real<lower=0> ~ Normal(0, 1)',
      'alpha1 ~ Uniform(0, 1)',
      'beta1: real<lower=0, upper=1 - alpha1> ~ Uniform(0, 1)',
      's[0] := sigma1',
      's[t in 1:T] := sqrt(alpha0 + alpha1 * (y[t - 1] - mu)^2 + beta1 * s[t - 1]^2)',
      'y ~ Normal(mu, s)',
    ].join('\n');
    const m = new ModelBuilder();
    m.data('T', { type: 'int' });
    const y = m.data('y', { dims: ['T'] });
    const sigma1 = m.data('sigma1', { lower: 0 });
    const mu = m.random('mu', Normal(0, 10));
    const alpha0 = m.random('alpha0', Normal(0, 1), { constraint: { lower: 0 } });
    const alpha1 = m.random('alpha1', Uniform(0, 1));
    const beta1 = m.random('beta1', Uniform(0, 1), { constraint: { lower: 0, upper: term(1).sub(alpha1) } });
    const s = m.recurrence('s', {
      length: 'T',
      init: [sigma1],
      step: sqrt(alpha0.add(alpha1.mul(square(y.at(t().sub(1)).sub(mu)))).add(beta1.mul(square(prev())))),
    });
    m.random('y', Normal(mu, s));
    const data = { T: garchY.length, y: garchY, sigma1: 0.5 };
    samePoints(text, data, m.build(data));
  });

  it('marketing mix with positional l_max, as in the design sketch', () => {
    const text = [
      'data T: int',
      'data C: int',
      'data spend: real<lower=0>[T, C]',
      'data sales: real[T]',
      'alpha[C] ~ Beta(1, 3)',
      'lam[C] ~ Gamma(3, 1)',
      'beta[C] ~ HalfNormal(2)',
      'intercept ~ Normal(0, 2)',
      'sigma ~ HalfNormal(1)',
      'media := saturation_logistic(adstock_geometric(spend, alpha, 8), lam)',
      'sales ~ Normal(intercept + media @ beta, sigma)',
    ].join('\n');
    const m = new ModelBuilder();
    m.data('T', { type: 'int' });
    m.data('C', { type: 'int' });
    const spend = m.data('spend', { dims: ['T', 'C'], lower: 0 });
    m.data('sales', { dims: ['T'] });
    const alpha = m.random('alpha', Beta(1, 3), { dims: ['C'] });
    const lam = m.random('lam', Gamma(3, 1), { dims: ['C'] });
    const beta = m.random('beta', HalfNormal(2), { dims: ['C'] });
    const intercept = m.random('intercept', Normal(0, 2));
    const sigma = m.random('sigma', HalfNormal(1));
    const media = m.let('media', saturationLogistic(adstockGeometric(spend, alpha, 8), lam));
    m.random('sales', Normal(intercept.add(media.matmul(beta)), sigma));
    const data = { T: 6, C: 2, spend: mmmSpend, sales: mmmSales };
    samePoints(text, data, m.build(data));
  });

  it('logistic regression with keyword parameters, column indexing, aliases and if/then/else', () => {
    const text = [
      'data N: int',
      'data X: real[N, 2]',
      'data y: int<lower=0, upper=1>[N]',
      'b[2] ~ Normal(0, 1)',
      'a ~ Normal(0, 1.5)',
      'eta := a + X[:, 0] * b[0] + softplus(X[:, 1]) * b[1]',
      'clipped := min(max(eta, -5), 5)',
      'y ~ Bernoulli(logit_p=if a > 0 then clipped else eta)',
    ].join('\n');
    const m = new ModelBuilder();
    m.data('N', { type: 'int' });
    const X = m.data('X', { dims: ['N', 2] });
    m.data('y', { type: 'int', dims: ['N'], lower: 0, upper: 1 });
    const b = m.random('b', Normal(0, 1), { dims: [2] });
    const a = m.random('a', Normal(0, 1.5));
    const eta = m.let('eta', a.add(X.at(0, 1).mul(b.at(0))).add(softplus(X.at(1, 1)).mul(b.at(1))));
    const clipped = m.let('clipped', minimum(maximum(eta, -5), 5));
    m.random('y', Bernoulli({ logit_p: where(a.gt(0), clipped, eta) }));
    const data = {
      N: 5,
      X: [
        [0.5, 1],
        [-1, 0.2],
        [2, -0.3],
        [0.1, 0.1],
        [-0.4, 2],
      ],
      y: [1, 0, 1, 1, 0],
    };
    samePoints(text, data, m.build(data));
  });

  it('an AR(1) random recurrence', () => {
    const text = [
      'data T: int',
      'phi ~ Uniform(-1, 1)',
      'sigma ~ HalfNormal(1)',
      'x[0] ~ Normal(0, sigma)',
      'x[t in 1:T] ~ Normal(phi * x[t - 1], sigma)',
    ].join('\n');
    const m = new ModelBuilder();
    m.data('T', { type: 'int' });
    const phi = m.random('phi', Uniform(-1, 1));
    const sigma = m.random('sigma', HalfNormal(1));
    m.randomRecurrence('x', { length: 'T', init: [Normal(0, sigma)], step: Normal(phi.mul(prev()), sigma) });
    samePoints(text, { T: 6 }, m.build({ T: 6 }));
  });
});
