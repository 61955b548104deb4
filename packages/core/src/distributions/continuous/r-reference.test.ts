// Every continuous family against R: the compiled log-density and the cdf at the points R
// evaluated (fixture copied from /work/shared/reference/distributions.json).
import { describe, expect, test } from 'vitest';
import { compile } from '../../compile/compile.js';
import { constant } from '../../graph/expr.js';
import { Graph } from '../../graph/graph.js';
import { scalar } from '../../tensor/index.js';
import { readFixture } from '../../testing/index.js';
import { getDistribution } from '../distribution.js';
import '../index.js';

interface Case {
  readonly distribution: string;
  readonly params: Readonly<Record<string, number>>;
  readonly x: readonly number[];
  readonly logpdf: readonly number[];
  readonly cdf: readonly number[];
}
const { cases } = readFixture<{ cases: Case[] }>(
  new URL('./__fixtures__/r-distributions.json', import.meta.url),
);

/** log p(x) through the compiler: a one-node graph with x observed. */
function compiledLogDensity(c: Case, x: number): number {
  const args = Object.fromEntries(Object.entries(c.params).map(([k, v]) => [k, constant(scalar(v))]));
  const g = new Graph([
    { kind: 'random', name: 'x', dist: { name: c.distribution, args }, observed: constant(scalar(x)) },
  ]);
  return compile(g).logDensity([]);
}

/** |actual − expected| ≤ rel·|expected|, with an absolute floor for values at or near 0. */
function expectClose(actual: number, expected: number, rel: number, floor: number, what: string) {
  expect(Math.abs(actual - expected), `${what}: got ${actual}, R says ${expected}`).toBeLessThanOrEqual(
    Math.max(rel * Math.abs(expected), floor),
  );
}

// R prints 15 significant digits; ours agree to ~1e-13 or better everywhere, the incomplete gamma /
// beta and Student's t cdfs included, so 1e-9 holds for the log-density and the cdf alike.
const REL = 1e-9;

const label = (c: Case) =>
  `${c.distribution}(${Object.entries(c.params)
    .map(([k, v]) => `${k}=${v}`)
    .join(', ')})`;

describe.each(cases.map((c) => [label(c), c] as const))('%s', (_name, c) => {
  test('compiled log-density equals R', () => {
    c.x.forEach((x, i) => {
      expectClose(compiledLogDensity(c, x), c.logpdf[i], REL, 1e-12, `log p(${x})`);
    });
  });

  test('cdf equals R', () => {
    const { cdf } = getDistribution(c.distribution);
    c.x.forEach((x, i) => {
      expectClose(cdf!(x, c.params), c.cdf[i], REL, 1e-12, `F(${x})`);
    });
  });
});

test('the fixture covers every continuous family in this folder', () => {
  const covered = new Set(cases.map((c) => c.distribution));
  for (const name of [
    'HalfNormal',
    'StudentT',
    'HalfStudentT',
    'Cauchy',
    'HalfCauchy',
    'Laplace',
    'Logistic',
    'Exponential',
    'Gamma',
    'InverseGamma',
    'Beta',
    'LogNormal',
    'Uniform',
    'Weibull',
  ]) {
    expect(covered.has(name), name).toBe(true);
  }
});
