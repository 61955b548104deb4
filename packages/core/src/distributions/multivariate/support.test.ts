// Off the support, or with invalid parameters, the multivariate log-densities are −Infinity
// (never NaN).
import { describe, expect, test } from 'vitest';
import { compile } from '../../compile/compile.js';
import { constant, ref } from '../../graph/expr.js';
import { Graph } from '../../graph/graph.js';
import { type Tensor, tensor } from '../../tensor/index.js';
import '../index.js';

const vec = (xs: readonly number[]) => tensor(Float64Array.from(xs), [xs.length]);
const matrix = (rows: readonly number[][]) =>
  tensor(Float64Array.from(rows.flat()), [rows.length, rows[0].length]);

function logDensity(dist: string, args: Record<string, Tensor>, x: Tensor): number {
  const a = Object.fromEntries(Object.entries(args).map(([k, v]) => [k, constant(v)]));
  return compile(
    new Graph([{ kind: 'random', name: 'x', dist: { name: dist, args: a }, observed: constant(x) }]),
  ).logDensity([]);
}

describe('Dirichlet', () => {
  const a = { a: vec([1.5, 2, 3]) };
  test.each([
    ['does not sum to one', [0.2, 0.3, 0.4]],
    ['has a negative component', [-0.1, 0.6, 0.5]],
    ['has a component above one', [1.2, -0.1, -0.1]],
    ['contains NaN', [Number.NaN, 0.5, 0.5]],
  ])('a point that %s has log-density −Infinity', (_what, x) => {
    expect(logDensity('Dirichlet', a, vec(x))).toBe(Number.NEGATIVE_INFINITY);
  });

  test('only the off-simplex rows of a batch are −Infinity', () => {
    const ok = logDensity('Dirichlet', a, vec([0.2, 0.3, 0.5]));
    expect(Number.isFinite(ok)).toBe(true);
    expect(
      logDensity(
        'Dirichlet',
        a,
        matrix([
          [0.2, 0.3, 0.5],
          [0.2, 0.3, 0.6],
        ]),
      ),
    ).toBe(Number.NEGATIVE_INFINITY);
  });

  test('a non-positive concentration gives −Infinity', () => {
    const g = new Graph([
      { kind: 'random', name: 'a', dist: { name: 'Flat', args: {} }, dims: [3] },
      {
        kind: 'random',
        name: 'x',
        dist: { name: 'Dirichlet', args: { a: ref('a') } },
        observed: constant(vec([0.2, 0.3, 0.5])),
      },
    ]);
    const m = compile(g);
    expect(m.logDensity([1, -0.5, 2])).toBe(Number.NEGATIVE_INFINITY);
    expect(m.logDensity([1, 0, 2])).toBe(Number.NEGATIVE_INFINITY);
    expect(Number.isFinite(m.logDensity([1, 0.5, 2]))).toBe(true);
  });
});

describe('MvNormal', () => {
  const x = vec([0.1, -0.2]);
  test('a covariance that is not positive definite gives −Infinity', () => {
    expect(
      logDensity(
        'MvNormal',
        {
          mu: vec([0, 0]),
          cov: matrix([
            [1, 2],
            [2, 1],
          ]),
        },
        x,
      ),
    ).toBe(Number.NEGATIVE_INFINITY);
    expect(
      logDensity(
        'MvNormal',
        {
          mu: vec([0, 0]),
          cov: matrix([
            [0, 0],
            [0, 1],
          ]),
        },
        x,
      ),
    ).toBe(Number.NEGATIVE_INFINITY);
  });

  test('a Cholesky factor with a non-positive diagonal gives −Infinity', () => {
    expect(
      logDensity(
        'MvNormal',
        {
          mu: vec([0, 0]),
          chol: matrix([
            [1, 0],
            [0.5, 0],
          ]),
        },
        x,
      ),
    ).toBe(Number.NEGATIVE_INFINITY);
    expect(
      logDensity(
        'MvNormal',
        {
          mu: vec([0, 0]),
          chol: matrix([
            [-1, 0],
            [0.5, 1],
          ]),
        },
        x,
      ),
    ).toBe(Number.NEGATIVE_INFINITY);
  });

  test('a latent covariance that leaves the positive-definite cone gives −Infinity, not NaN', () => {
    const g = new Graph([
      { kind: 'random', name: 'S', dist: { name: 'Flat', args: {} }, dims: [2, 2] },
      {
        kind: 'random',
        name: 'x',
        dist: { name: 'MvNormal', args: { mu: constant(vec([0, 0])), cov: ref('S') } },
        observed: constant(x),
      },
    ]);
    const m = compile(g);
    const grad = new Float64Array(4);
    expect(m.logDensityAndGradient([1, 3, 3, 1], grad)).toBe(Number.NEGATIVE_INFINITY);
    expect(Number.isFinite(m.logDensity([1, 0.3, 0.3, 1]))).toBe(true);
  });

  test('shapes that do not fit are rejected', () => {
    expect(() =>
      logDensity(
        'MvNormal',
        {
          mu: vec([0, 0, 0]),
          cov: matrix([
            [1, 0],
            [0, 1],
          ]),
        },
        vec([0, 0, 0]),
      ),
    ).toThrow(/dimension 2/);
  });
});
