import { describe, expect, it } from 'vitest';
import { compile } from '../compile/compile.js';
import { type Attrs, call, constant, type Expr, ref } from '../graph/expr.js';
import { Graph } from '../graph/graph.js';
import type { Node } from '../graph/node.js';
import '../index.js';
import { type Shape, size, tensor } from '../tensor/index.js';
import { gradientError } from '../testing/index.js';
import { opNames } from './index.js';

/**
 * Every op's vector-Jacobian product is checked against central finite differences: the op is
 * applied to latent inputs (Flat, or HalfFlat where the op needs positive arguments), and the
 * log-density is Σ w ⊙ op(inputs) with fixed weights w, so every output element's adjoint is
 * exercised with a different value.
 */
interface Case {
  readonly name: string;
  readonly op: string;
  readonly inputs: readonly { shape: Shape; positive?: boolean; data?: number[]; constant?: boolean }[];
  readonly attrs?: Attrs;
  /** Wraps the op's arguments (e.g. to make a symmetric positive-definite input for cholesky). */
  readonly prepare?: (args: Expr[]) => Expr[];
}

const vec = (n: number) => [n];
const cases: Case[] = [
  ...['add', 'sub', 'mul', 'div', 'minimum', 'maximum'].map((op) => ({
    name: `${op} broadcasts a vector against a matrix`,
    op,
    inputs: [
      { shape: [3, 4], positive: true },
      { shape: [4], positive: true },
    ],
  })),
  { name: 'Phi (standard normal cdf)', op: 'Phi', inputs: [{ shape: [5] }] },
  {
    name: 'pow of positive bases',
    op: 'pow',
    inputs: [
      { shape: [5], positive: true },
      { shape: [], positive: false },
    ],
  },
  ...[
    'exp',
    'log1p',
    'expm1',
    'sin',
    'cos',
    'tanh',
    'neg',
    'square',
    'abs',
    'inv_logit',
    'log1p_exp',
    'log_inv_logit',
    'log1m_inv_logit',
  ].map((op) => ({ name: `${op} elementwise`, op, inputs: [{ shape: vec(6) }] })),
  ...['log', 'sqrt', 'lgamma', 'digamma'].map((op) => ({
    name: `${op} on positive values`,
    op,
    inputs: [{ shape: vec(5), positive: true }],
  })),
  { name: 'sum over all elements', op: 'sum', inputs: [{ shape: [3, 4] }], attrs: { axis: null } },
  { name: 'sum over axis 1', op: 'sum', inputs: [{ shape: [3, 4] }], attrs: { axis: 1 } },
  { name: 'mean over axis 0', op: 'mean', inputs: [{ shape: [3, 4] }], attrs: { axis: 0 } },
  { name: 'log_sum_exp over axis 0', op: 'log_sum_exp', inputs: [{ shape: [3, 4] }], attrs: { axis: 0 } },
  { name: 'log_sum_exp over all', op: 'log_sum_exp', inputs: [{ shape: [5] }], attrs: { axis: null } },
  { name: 'log_softmax of rows', op: 'log_softmax', inputs: [{ shape: [2, 4] }] },
  { name: 'cumsum along axis 0 of a matrix', op: 'cumsum', inputs: [{ shape: [4, 2] }], attrs: { axis: 0 } },
  { name: 'matmul matrix @ matrix', op: 'matmul', inputs: [{ shape: [3, 4] }, { shape: [4, 2] }] },
  { name: 'matmul matrix @ vector', op: 'matmul', inputs: [{ shape: [3, 4] }, { shape: [4] }] },
  { name: 'matmul vector @ vector', op: 'matmul', inputs: [{ shape: [4] }, { shape: [4] }] },
  {
    name: 'matmul with long rows (unrolled inner product)',
    op: 'matmul',
    inputs: [{ shape: [3, 11] }, { shape: [11, 2] }],
  },
  {
    // Ten rows: two blocks of four in the blocked Aᵀg of the gradient, two rows left over.
    name: 'matmul tall data matrix @ parameter vector',
    op: 'matmul',
    inputs: [
      { shape: [10, 3], data: Array.from({ length: 30 }, (_, i) => Math.sin(i + 1)), constant: true },
      { shape: [3] },
    ],
  },
  {
    name: 'matmul tall data matrix @ parameter matrix',
    op: 'matmul',
    inputs: [
      { shape: [9, 2], data: Array.from({ length: 18 }, (_, i) => Math.cos(i + 1)), constant: true },
      { shape: [2, 3] },
    ],
  },
  { name: 'transpose', op: 'transpose', inputs: [{ shape: [2, 3] }] },
  { name: 'diag', op: 'diag', inputs: [{ shape: [3, 3] }] },
  {
    name: 'take gathers rows with repeats',
    op: 'take',
    inputs: [{ shape: [4, 2] }, { shape: [5], data: [0, 3, 3, 1, 0], constant: true }],
    attrs: { axis: 0 },
  },
  {
    name: 'take along axis 1',
    op: 'take',
    inputs: [{ shape: [2, 4] }, { shape: [3], data: [3, 0, 3], constant: true }],
    attrs: { axis: 1 },
  },
  {
    name: 'slice with a step',
    op: 'slice',
    inputs: [{ shape: [7] }],
    attrs: { axis: 0, start: 1, stop: 6, step: 2 },
  },
  {
    name: 'slice along axis 1',
    op: 'slice',
    inputs: [{ shape: [2, 5] }],
    attrs: { axis: 1, start: 1, stop: null, step: 1 },
  },
  {
    name: 'concat along axis 0',
    op: 'concat',
    inputs: [{ shape: [2, 3] }, { shape: [1, 3] }],
    attrs: { axis: 0 },
  },
  {
    name: 'concat along axis 1',
    op: 'concat',
    inputs: [{ shape: [2, 3] }, { shape: [2, 1] }],
    attrs: { axis: 1 },
  },
  { name: 'stack of scalars', op: 'stack', inputs: [{ shape: [] }, { shape: [] }, { shape: [] }] },
  { name: 'reshape', op: 'reshape', inputs: [{ shape: [6] }], attrs: { shape: [2, 3] } },
  { name: 'broadcast_to', op: 'broadcast_to', inputs: [{ shape: [3] }], attrs: { shape: [2, 3] } },
  {
    name: 'where picks branches',
    op: 'where',
    inputs: [{ shape: [4], data: [1, 0, 0, 1], constant: true }, { shape: [4] }, { shape: [4] }],
  },
  {
    name: 'cholesky of B Bᵀ + 3I (a symmetric positive-definite function of B)',
    op: 'cholesky',
    inputs: [{ shape: [3, 3] }],
    prepare: ([b]) => [
      call('add', [
        call('matmul', [b, call('transpose', [b])]),
        constant(tensor([3, 0, 0, 0, 3, 0, 0, 0, 3], [3, 3])),
      ]),
    ],
  },
  {
    name: 'trisolve with a vector right-hand side',
    op: 'trisolve',
    inputs: [{ shape: [3, 3], data: [2, 0, 0, 0.5, 1.5, 0, -0.3, 0.2, 1.1] }, { shape: [3] }],
  },
  {
    name: 'trisolve with a matrix right-hand side',
    op: 'trisolve',
    inputs: [{ shape: [3, 3], data: [2, 0, 0, 0.5, 1.5, 0, -0.3, 0.2, 1.1] }, { shape: [3, 2] }],
  },
  {
    name: 'adstock_geometric normalised, per channel',
    op: 'adstock_geometric',
    inputs: [
      { shape: [10, 2], positive: true },
      { shape: [2], data: [0.4, 0.7] },
    ],
    attrs: { l_max: 4, normalize: true },
  },
  {
    name: 'adstock_geometric unnormalised, scalar alpha',
    op: 'adstock_geometric',
    inputs: [
      { shape: [6], positive: true },
      { shape: [], data: [0.5] },
    ],
    attrs: { l_max: 3, normalize: false },
  },
  {
    name: 'adstock_delayed',
    op: 'adstock_delayed',
    inputs: [
      { shape: [8], positive: true },
      { shape: [], data: [0.6] },
      { shape: [], data: [1.3] },
    ],
    attrs: { l_max: 4, normalize: true },
  },
  {
    name: 'saturation_logistic',
    op: 'saturation_logistic',
    inputs: [
      { shape: [5], positive: true },
      { shape: [], positive: true },
    ],
  },
  {
    name: 'saturation_hill',
    op: 'saturation_hill',
    inputs: [
      { shape: [5], positive: true },
      { shape: [], positive: true },
      { shape: [], positive: true },
    ],
  },
  {
    name: 'saturation_michaelis_menten',
    op: 'saturation_michaelis_menten',
    inputs: [
      { shape: [5], positive: true },
      { shape: [], positive: true },
      { shape: [], positive: true },
    ],
  },
];

/** Builds Σ w ⊙ op(a, b, …) with every input latent; returns the graph and a test point. */
function harness(c: Case): { graph: Graph; theta: Float64Array } {
  const nodes: Node[] = [];
  const args: Expr[] = [];
  const theta: number[] = [];
  c.inputs.forEach((inp, k) => {
    const name = `a${k}`;
    if (inp.data && inp.constant) {
      // Indices and masks are data.
      args.push(constant(tensor(inp.data, inp.shape)));
      return;
    }
    nodes.push({
      kind: 'random',
      name,
      dist: { name: inp.positive ? 'HalfFlat' : 'Flat', args: {} },
      dims: [...inp.shape],
    });
    args.push(ref(name));
    for (let i = 0; i < size(inp.shape); i++) {
      const v = inp.data ? inp.data[i] : Math.sin(1.3 * i + k) * 0.9 + 0.1;
      theta.push(inp.positive && !inp.data ? Math.log(Math.abs(v) + 0.3) : v);
    }
  });
  const out = call(c.op, c.prepare ? c.prepare(args) : args, c.attrs);
  const g0 = new Graph([...nodes, { kind: 'deterministic', name: 'out', expr: out }]);
  const n = size(g0.shapeOf('out'));
  const w = constant(
    tensor(
      Array.from({ length: n }, (_, i) => Math.cos(0.7 * i) + 1.5),
      g0.shapeOf('out'),
    ),
  );
  const graph = new Graph([...g0.nodes, { kind: 'factor', name: 'f', expr: call('mul', [w, ref('out')]) }]);
  return { graph, theta: Float64Array.from(theta) };
}

describe('every op differentiates like central finite differences', () => {
  it.each(cases)('$name', (c) => {
    const { graph, theta } = harness(c);
    const model = compile(graph);
    expect(model.dim).toBe(theta.length);
    const { maxRelError } = gradientError(model, theta);
    expect(maxRelError).toBeLessThan(1e-6);
  });

  it('covers every registered op that takes real arguments', () => {
    const covered = new Set(cases.map((c) => c.op));
    // Comparisons, logic and floor have no gradient; copy is the compiler's own; logit and log1m
    // need arguments in (0, 1) and are covered by the bijector tests.
    const exempt = new Set([
      'lt',
      'le',
      'gt',
      'ge',
      'eq',
      'ne',
      'and',
      'or',
      'not',
      'floor',
      'copy',
      'logit',
      'log1m',
    ]);
    const missing = opNames().filter((n) => !covered.has(n) && !exempt.has(n) && !n.endsWith('_lpdf'));
    expect(missing).toEqual([]);
  });
});
