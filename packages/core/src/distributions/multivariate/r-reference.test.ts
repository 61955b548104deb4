// Dirichlet and MvNormal against R (fixture copied from /work/shared/reference/distributions.json):
// each event's log-density from a one-node graph, and a batch of events in one node.
import { describe, expect, test } from 'vitest';
import { compile } from '../../compile/compile.js';
import { call, constant } from '../../graph/expr.js';
import { Graph } from '../../graph/graph.js';
import { cholesky } from '../../ops/linalg-kernels.js';
import { type Tensor, tensor } from '../../tensor/index.js';
import { readFixture } from '../../testing/index.js';
import '../index.js';

type Nested = number | Nested[];
interface Case {
  readonly distribution: string;
  readonly params: Readonly<Record<string, Nested>>;
  readonly x: readonly number[][];
  readonly logpdf: readonly number[];
}
const { cases } = readFixture<{ cases: Case[] }>(
  new URL('./__fixtures__/r-distributions.json', import.meta.url),
);

function toTensor(v: Nested): Tensor {
  if (typeof v === 'number') return { shape: [], data: Float64Array.of(v) };
  if (typeof v[0] === 'number') return tensor(Float64Array.from(v as number[]), [v.length]);
  const rows = v as number[][];
  return tensor(Float64Array.from(rows.flat()), [rows.length, rows[0].length]);
}

function logDensity(name: string, params: Readonly<Record<string, Nested>>, x: Nested): number {
  const args = Object.fromEntries(Object.entries(params).map(([k, v]) => [k, constant(toTensor(v))]));
  const g = new Graph([{ kind: 'random', name: 'x', dist: { name, args }, observed: constant(toTensor(x)) }]);
  return compile(g).logDensity([]);
}

function expectClose(actual: number, expected: number, what: string) {
  expect(Math.abs(actual - expected), `${what}: got ${actual}, R says ${expected}`).toBeLessThanOrEqual(
    Math.max(1e-9 * Math.abs(expected), 1e-12),
  );
}

const label = (c: Case) => `${c.distribution}(${JSON.stringify(c.params)})`;

describe.each(cases.map((c) => [label(c), c] as const))('%s', (_name, c) => {
  test('compiled log-density of each event equals R', () => {
    c.x.forEach((x, i) => expectClose(logDensity(c.distribution, c.params, x), c.logpdf[i], `log p(${x})`));
  });

  test('a batch of events gives the sum', () => {
    const total = c.logpdf.reduce((a, b) => a + b, 0);
    expectClose(logDensity(c.distribution, c.params, c.x as Nested), total, 'Σ log p');
  });
});

test('the fixture covers Dirichlet and MvNormal', () => {
  const covered = new Set(cases.map((c) => c.distribution));
  expect(covered).toEqual(new Set(['Dirichlet', 'MvNormal']));
});

test('MvNormal with chol gives the same log-densities as with cov', () => {
  const c = cases.find((k) => k.distribution === 'MvNormal')!;
  const cov = toTensor(c.params.cov);
  const k = cov.shape[0];
  const L = new Float64Array(k * k);
  cholesky(cov.data, 0, L, 0, k);
  // The upper triangle of chol is never read: fill it with garbage.
  for (let i = 0; i < k; i++) for (let j = i + 1; j < k; j++) L[i * k + j] = 7;
  const chol = Array.from({ length: k }, (_, i) => [...L.subarray(i * k, (i + 1) * k)]);
  c.x.forEach((x, i) =>
    expectClose(logDensity('MvNormal', { mu: c.params.mu, chol }, x), c.logpdf[i], `log p(${x}) via chol`),
  );
});

test('MvNormal broadcasts a batch of means against a batch of values', () => {
  const c = cases.find((k) => k.distribution === 'MvNormal')!;
  const mu = toTensor(c.params.mu);
  const x = toTensor(c.x as Nested);
  // x − μ against a zero mean, with μ shifted into the values: same density.
  const shifted = tensor(
    x.data.map((v, i) => v - mu.data[i % 3]),
    x.shape,
  );
  const g = new Graph([
    {
      kind: 'random',
      name: 'x',
      dist: {
        name: 'MvNormal',
        args: {
          mu: call('mul', [constant(toTensor(c.x as Nested)), constant(toTensor(0))]),
          cov: constant(toTensor(c.params.cov)),
        },
      },
      observed: constant(shifted),
    },
  ]);
  expectClose(
    compile(g).logDensity([]),
    c.logpdf.reduce((a, b) => a + b, 0),
    'Σ log p with a [5, 3] mean',
  );
});
