// Every discrete family against R: the compiled log-mass and the cdf at the points R evaluated
// (fixture copied from /work/shared/reference/distributions.json). The alternative
// parametrizations (logit_p, log_mu, logits) are checked against the same R values.
import { describe, expect, test } from 'vitest';
import { compile } from '../../compile/compile.js';
import { constant } from '../../graph/expr.js';
import { Graph } from '../../graph/graph.js';
import { logit } from '../../special/index.js';
import { scalar, type Tensor, tensor } from '../../tensor/index.js';
import { readFixture } from '../../testing/index.js';
import { getDistribution } from '../distribution.js';
import '../index.js';
import { categoricalCdf, softmax } from './categorical.js';

interface Case {
  readonly distribution: string;
  readonly params: Readonly<Record<string, number | number[]>>;
  readonly x: readonly number[];
  readonly logpdf: readonly number[];
  readonly cdf: readonly number[];
}
const { cases } = readFixture<{ cases: Case[] }>(
  new URL('./__fixtures__/r-distributions.json', import.meta.url),
);

const asTensor = (v: number | readonly number[]): Tensor =>
  typeof v === 'number' ? scalar(v) : tensor(Float64Array.from(v), [v.length]);

/** log p(x) through the compiler: a one-node graph with x observed. */
function compiledLogDensity(
  name: string,
  params: Readonly<Record<string, number | readonly number[]>>,
  x: Tensor,
): number {
  const args = Object.fromEntries(Object.entries(params).map(([k, v]) => [k, constant(asTensor(v))]));
  const g = new Graph([{ kind: 'random', name: 'x', dist: { name, args }, observed: constant(x) }]);
  return compile(g).logDensity([]);
}

/** |actual − expected| ≤ rel·|expected|, with an absolute floor for values at or near 0. */
function expectClose(actual: number, expected: number, what: string, rel = 1e-9, floor = 1e-12) {
  expect(Math.abs(actual - expected), `${what}: got ${actual}, R says ${expected}`).toBeLessThanOrEqual(
    Math.max(rel * Math.abs(expected), floor),
  );
}

const label = (c: Case) =>
  `${c.distribution}(${Object.entries(c.params)
    .map(([k, v]) => `${k}=${v}`)
    .join(', ')})`;

/** The same distribution in its other parametrization, where it has one. */
function alternative(c: Case): Record<string, number | number[]> | undefined {
  const p = c.params;
  switch (c.distribution) {
    case 'Bernoulli':
      return { logit_p: logit(p.p as number) };
    case 'Binomial':
      return { n: p.n, logit_p: logit(p.p as number) };
    case 'Poisson':
      return { log_mu: Math.log(p.mu as number) };
    case 'Categorical':
      // Logits are only defined up to a constant: shift them to check the normalisation.
      return { logits: (p.p as number[]).map((v) => Math.log(v) + 3) };
    default:
      return undefined;
  }
}

describe.each(cases.map((c) => [label(c), c] as const))('%s', (_name, c) => {
  test('compiled log-density equals R', () => {
    c.x.forEach((x, i) => {
      expectClose(compiledLogDensity(c.distribution, c.params, scalar(x)), c.logpdf[i], `log p(${x})`);
    });
  });

  test('a vector of observations gives the sum of the log-densities', () => {
    const total = c.logpdf.reduce((a, b) => a + b, 0);
    expectClose(
      compiledLogDensity(c.distribution, c.params, tensor(Float64Array.from(c.x), [c.x.length])),
      total,
      'Σ log p',
    );
  });

  test('cdf equals R', () => {
    c.x.forEach((x, i) => {
      const F =
        c.distribution === 'Categorical'
          ? categoricalCdf(x, c.params.p as number[])
          : getDistribution(c.distribution).cdf!(x, c.params as Record<string, number>);
      expectClose(F, c.cdf[i], `F(${x})`);
    });
  });
});

// The families with a second parametrization, against the same R values (logit/log of the
// parameter loses a few ulps; 1e-9 still holds).
const alternatives = cases.flatMap((c) => {
  const alt = alternative(c);
  return alt === undefined ? [] : [[`${label(c)} as ${JSON.stringify(alt)}`, c, alt] as const];
});

describe.each(alternatives)('%s', (_name, c, alt) => {
  test('compiled log-density equals R', () => {
    c.x.forEach((x, i) =>
      expectClose(compiledLogDensity(c.distribution, alt, scalar(x)), c.logpdf[i], `log p(${x})`),
    );
  });

  test('cdf equals R', () => {
    c.x.forEach((x, i) => {
      const F =
        c.distribution === 'Categorical'
          ? categoricalCdf(x, softmax(alt.logits as number[]))
          : getDistribution(c.distribution).cdf!(x, alt as Record<string, number>);
      expectClose(F, c.cdf[i], `F(${x})`);
    });
  });
});

test('the fixture covers every discrete family in this folder', () => {
  const covered = new Set(cases.map((c) => c.distribution));
  for (const name of [
    'Bernoulli',
    'Binomial',
    'Poisson',
    'NegativeBinomial',
    'BetaBinomial',
    'Categorical',
  ]) {
    expect(covered.has(name), name).toBe(true);
  }
});

test('Categorical broadcasts a batch of probability vectors against the values', () => {
  const p = [
    [0.1, 0.2, 0.7],
    [0.5, 0.25, 0.25],
  ];
  const g = new Graph([
    {
      kind: 'random',
      name: 'x',
      dist: { name: 'Categorical', args: { p: constant(tensor(Float64Array.from(p.flat()), [2, 3])) } },
      observed: constant(tensor(Float64Array.of(2, 1), [2])),
    },
  ]);
  expectClose(compile(g).logDensity([]), Math.log(0.7) + Math.log(0.25), 'log p');
});
