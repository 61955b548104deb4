// The benchmark models of ../shared/bench (data vendored in ./data), written with the TS builder.
import { readFileSync } from 'node:fs';
import {
  adstockGeometric,
  Bernoulli,
  Beta,
  Gamma,
  type Graph,
  HalfCauchy,
  HalfNormal,
  ModelBuilder,
  Normal,
  saturationLogistic,
} from '@dopl/core';

// biome-ignore lint/suspicious/noExplicitAny: JSON data files
const data = (name: string): any =>
  JSON.parse(readFileSync(new URL(`./data/${name}.json`, import.meta.url), 'utf8'));

export function eightSchoolsNoncentered(): Graph {
  const d = data('eight_schools');
  const m = new ModelBuilder();
  m.data('J', { type: 'int' });
  m.data('y', { dims: ['J'] });
  const sigma = m.data('sigma', { dims: ['J'], lower: 0 });
  const mu = m.random('mu', Normal(0, 5));
  const tau = m.random('tau', HalfCauchy(5));
  const z = m.random('theta_raw', Normal(0, 1), { dims: ['J'] });
  const theta = m.let('theta', mu.add(tau.mul(z)));
  m.random('y', Normal(theta, sigma));
  return m.build(d);
}

export function eightSchoolsCentered(): Graph {
  const d = data('eight_schools');
  const m = new ModelBuilder();
  m.data('J', { type: 'int' });
  m.data('y', { dims: ['J'] });
  const sigma = m.data('sigma', { dims: ['J'], lower: 0 });
  const mu = m.random('mu', Normal(0, 5));
  const tau = m.random('tau', HalfCauchy(5));
  const theta = m.random('theta', Normal(mu, tau), { dims: ['J'] });
  m.random('y', Normal(theta, sigma));
  return m.build(d);
}

export function logisticRegression(name = 'logistic_regression'): Graph {
  const d = data(name);
  const m = new ModelBuilder();
  m.data('N', { type: 'int' });
  m.data('D', { type: 'int' });
  const X = m.data('X', { dims: ['N', 'D'] });
  m.data('y', { type: 'int', dims: ['N'], lower: 0, upper: 1 });
  const alpha = m.random('alpha', Normal(0, 5));
  const beta = m.random('beta', Normal(0, 2), { dims: ['D'] });
  m.random('y', Bernoulli({ logit_p: X.matmul(beta).add(alpha) }));
  return m.build(d);
}

export function hierarchicalLinear(): Graph {
  const d = data('hierarchical_linear');
  const m = new ModelBuilder();
  m.data('N', { type: 'int' });
  m.data('G', { type: 'int' });
  const g = m.data('g', { type: 'int', dims: ['N'], lower: 1 });
  const x = m.data('x', { dims: ['N'] });
  m.data('y', { dims: ['N'] });
  const muA = m.random('mu_a', Normal(0, 10));
  const sigmaA = m.random('sigma_a', HalfNormal(5));
  const aRaw = m.random('a_raw', Normal(0, 1), { dims: ['G'] });
  const b = m.random('b', Normal(0, 10));
  const sigmaY = m.random('sigma_y', HalfNormal(5));
  const a = m.let('a', muA.add(sigmaA.mul(aRaw)));
  // The data's group index is 1-based.
  m.random('y', Normal(a.at(g.sub(1)).add(b.mul(x)), sigmaY));
  return m.build(d);
}

export function marketingMix(): Graph {
  const d = data('mmm');
  const T: number = d.T;
  const C: number = d.C;
  // Transformed data, as in the Stan program: spend scaled by channel maxima, sales by its maximum.
  const spend = d.spend as number[][];
  const maxes = Array.from({ length: C }, (_, c) => Math.max(...spend.map((row) => row[c])));
  const xs = spend.map((row) => row.map((v, c) => v / maxes[c]));
  const maxSales = Math.max(...(d.sales as number[]));
  const y = (d.sales as number[]).map((v) => v / maxSales);
  const tt = Array.from({ length: T }, (_, t) => (t + 1) / T);
  const m = new ModelBuilder();
  const X = m.data('xs', { dims: [T, C], lower: 0 }, xs);
  const trendX = m.data('tt', { dims: [T] }, tt);
  m.data('y', { dims: [T] }, y);
  const alpha = m.random('alpha', Beta(1, 3), { dims: [C] });
  const lam = m.random('lam', Gamma(3, 1), { dims: [C] });
  const beta = m.random('beta', HalfNormal(2), { dims: [C] });
  const intercept = m.random('intercept', Normal(0, 2));
  const trend = m.random('trend', Normal(0, 1));
  const sigma = m.random('sigma', HalfNormal(1));
  const media = saturationLogistic(adstockGeometric(X, alpha, d.L), lam);
  const mu = m.let('mu', intercept.add(trend.mul(trendX)).add(media.matmul(beta)));
  m.random('y', Normal(mu, sigma));
  return m.build();
}

export function scmLinear(): Graph {
  const d = data('scm_linear');
  const m = new ModelBuilder();
  m.data('N', { type: 'int' });
  const Z = m.data('Z', { dims: ['N'] });
  m.data('X', { dims: ['N'] });
  m.data('Y', { dims: ['N'] });
  const a = m.random('a', Normal(0, 10));
  const b = m.random('b', Normal(0, 10));
  const c = m.random('c', Normal(0, 10));
  const sx = m.random('sigma_x', HalfNormal(5));
  const sy = m.random('sigma_y', HalfNormal(5));
  const X = m.random('X', Normal(a.mul(Z), sx));
  m.random('Y', Normal(b.mul(X).add(c.mul(Z)), sy));
  return m.build(d);
}

export const benchData = data;
