// Gradients of the multivariate log-densities (Jacobians of their transforms included) with
// respect to every continuous parameter and latent value match central finite differences.
import { describe, expect, test } from 'vitest';
import { compile } from '../../compile/compile.js';
import { call, constant, ref } from '../../graph/expr.js';
import { Graph } from '../../graph/graph.js';
import type { Node } from '../../graph/node.js';
import { Rng } from '../../random/index.js';
import { tensor } from '../../tensor/index.js';
import { gradientError } from '../../testing/index.js';
import '../index.js';
import { sampleLkjCholesky } from './lkj.js';

const flat = (name: string, dims?: number[]): Node => ({
  kind: 'random',
  name,
  dist: { name: 'Flat', args: {} },
  dims,
});
const halfFlat = (name: string, dims?: number[]): Node => ({
  kind: 'random',
  name,
  dist: { name: 'HalfFlat', args: {} },
  dims,
});
const matrix = (rows: number[][]) => tensor(Float64Array.from(rows.flat()), [rows.length, rows[0].length]);

function expectGradient(nodes: Node[], theta: number[]) {
  const model = compile(new Graph(nodes));
  expect(model.dim).toBe(theta.length);
  const { maxRelError, grad } = gradientError(model, theta);
  expect(maxRelError).toBeLessThan(1e-6);
  expect(grad.every((g) => Number.isFinite(g))).toBe(true);
  return grad;
}

const xs = [
  [0.0833090352118546, 0.618799877049257, 0.297891087738888],
  [0.334338376735187, 0.416698182651996, 0.248963440612817],
];

describe('Dirichlet', () => {
  test('concentrations, with a batch of observed points', () => {
    expectGradient(
      [
        halfFlat('a', [3]),
        {
          kind: 'random',
          name: 'x',
          dist: { name: 'Dirichlet', args: { a: ref('a') } },
          observed: constant(matrix(xs)),
        },
      ],
      [0.5, 2, 5].map(Math.log),
    );
  });

  test('a latent point of the simplex and its concentrations', () => {
    expectGradient(
      [halfFlat('a', [4]), { kind: 'random', name: 'x', dist: { name: 'Dirichlet', args: { a: ref('a') } } }],
      [...[0.7, 2, 5, 1.3].map(Math.log), 0.3, -0.8, 1.1],
    );
  });
});

const cov = [
  [2, 0.6, 0.2],
  [0.6, 1, -0.3],
  [0.2, -0.3, 0.5],
];
const data = [
  [0.0267, -1.0635, 1.4292],
  [-0.5289, -1.2457, 0.2026],
  [2.2861, -0.7646, 0.2945],
];

describe('MvNormal', () => {
  // cov = (A + Aᵀ)/2 keeps the perturbations symmetric (cholesky reads only the lower triangle).
  const symmetric = call('mul', [
    constant({ shape: [], data: Float64Array.of(0.5) }),
    call('add', [ref('A'), call('transpose', [ref('A')])]),
  ]);

  test('mu and cov, with a batch of observed vectors', () => {
    expectGradient(
      [
        flat('mu', [3]),
        flat('A', [3, 3]),
        { kind: 'deterministic', name: 'cov', expr: symmetric },
        {
          kind: 'random',
          name: 'x',
          dist: { name: 'MvNormal', args: { mu: ref('mu'), cov: ref('cov') } },
          observed: constant(matrix(data)),
        },
      ],
      [1, -1, 0.5, ...cov.flat()],
    );
  });

  test('mu and chol (lower triangle), with a batch of observed vectors', () => {
    const L = [
      [1.4, 0, 0],
      [0.4, 0.9, 0],
      [0.1, -0.3, 0.6],
    ];
    const grad = expectGradient(
      [
        flat('mu', [3]),
        flat('L', [3, 3]),
        {
          kind: 'random',
          name: 'x',
          dist: { name: 'MvNormal', args: { mu: ref('mu'), chol: ref('L') } },
          observed: constant(matrix(data)),
        },
      ],
      [1, -1, 0.5, ...L.flat()],
    );
    // The upper triangle is not read.
    expect([grad[3 + 1], grad[3 + 2], grad[3 + 5]]).toEqual([0, 0, 0]);
  });

  test('a latent vector with a batch of means', () => {
    expectGradient(
      [
        flat('mu', [2, 3]),
        {
          kind: 'random',
          name: 'x',
          dist: { name: 'MvNormal', args: { mu: ref('mu'), cov: constant(matrix(cov)) } },
        },
      ],
      [1, -1, 0.5, 0.2, 0.1, -0.4, 0.3, 0.2, -0.6, 1.1, 0.4, 0.9],
    );
  });
});

describe('LKJCholeskyCorr', () => {
  test('eta and a latent Cholesky factor (through the CPC transform)', () => {
    expectGradient(
      [
        halfFlat('eta'),
        {
          kind: 'random',
          name: 'L',
          dist: { name: 'LKJCholeskyCorr', args: { eta: ref('eta') } },
          dims: [4, 4],
        },
      ],
      [Math.log(1.7), 0.3, -0.5, 1.2, 0.1, -0.9, 0.4],
    );
  });

  test('eta with a batch of observed factors', () => {
    const rng = new Rng('lkj gradient data');
    const L = new Float64Array(2 * 9);
    sampleLkjCholesky(rng, 3, 2, L, 0);
    sampleLkjCholesky(rng, 3, 2, L, 9);
    expectGradient(
      [
        halfFlat('eta'),
        {
          kind: 'random',
          name: 'L',
          dist: { name: 'LKJCholeskyCorr', args: { eta: ref('eta') } },
          observed: constant(tensor(L, [2, 3, 3])),
        },
      ],
      [Math.log(0.6)],
    );
  });
});
