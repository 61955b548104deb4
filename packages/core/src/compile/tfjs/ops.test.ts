import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Attrs, call, constant, type Expr, ref } from '../../graph/expr.js';
import { Graph } from '../../graph/graph.js';
import type { Node } from '../../graph/node.js';
import '../../index.js';
import { opNames } from '../../ops/index.js';
import { type Shape, size, tensor } from '../../tensor/index.js';
import { initTfjs } from './backend.js';
import { BATCH_TOLERANCE, batchDiscrepancy, compareBackends, pointsNear, TOLERANCE } from './test-helpers.js';

/**
 * Every op's tfjs forward (batched, differentiated by tf.grad) against the js backend's forward
 * and hand-written VJP: Σ w ⊙ op(inputs) with latent inputs, at a few points near a base point.
 * The case list follows ops/ops.test.ts, plus the ops that test exempts.
 */
interface Case {
  readonly name: string;
  readonly op: string;
  readonly inputs: readonly {
    shape: Shape;
    positive?: boolean;
    unit?: boolean;
    data?: number[];
    constant?: boolean;
  }[];
  readonly attrs?: Attrs;
  readonly prepare?: (args: Expr[]) => Expr[];
  /** Spread of the random points around the base (unconstrained scale); 0 keeps the base only. */
  readonly spread?: number;
}

const cases: Case[] = [
  ...['add', 'sub', 'mul', 'div', 'minimum', 'maximum', 'pow'].map((op) => ({
    name: `${op} broadcasts a vector against a matrix`,
    op,
    inputs: [
      { shape: [3, 4], positive: true },
      { shape: [4], positive: true },
    ],
  })),
  { name: 'pow of a vector by a scalar', op: 'pow', inputs: [{ shape: [5], positive: true }, { shape: [] }] },
  ...[
    'exp',
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
    'Phi',
    'floor',
  ].map((op) => ({ name: `${op} elementwise`, op, inputs: [{ shape: [6] }] })),
  ...['log', 'log1p', 'sqrt', 'lgamma', 'digamma'].map((op) => ({
    name: `${op} on positive values`,
    op,
    inputs: [{ shape: [5], positive: true }],
  })),
  ...['logit', 'log1m'].map((op) => ({ name: `${op} on (0, 1)`, op, inputs: [{ shape: [4], unit: true }] })),
  ...['lt', 'le', 'gt', 'ge', 'eq', 'ne', 'and', 'or'].map((op) => ({
    name: `${op} of parameters (no gradient)`,
    op,
    inputs: [{ shape: [4] }, { shape: [4], data: [0.5, -0.2, 0.3, 0] }],
  })),
  { name: 'not', op: 'not', inputs: [{ shape: [3], data: [0, 1, -2] }] },
  {
    name: 'where with a constant condition',
    op: 'where',
    inputs: [{ shape: [4], data: [1, 0, 0, 1], constant: true }, { shape: [4] }, { shape: [4] }],
  },
  {
    name: 'where with a condition computed from parameters',
    op: 'where',
    inputs: [{ shape: [4] }, { shape: [4] }, { shape: [] }],
    prepare: ([c, a, b]) => [call('gt', [c, constant(tensor([0], []))]), a, b],
  },
  { name: 'sum over all elements', op: 'sum', inputs: [{ shape: [3, 4] }], attrs: { axis: null } },
  { name: 'sum over axis 1', op: 'sum', inputs: [{ shape: [3, 4] }], attrs: { axis: 1 } },
  { name: 'sum over axis -1', op: 'sum', inputs: [{ shape: [3, 4] }], attrs: { axis: -1 } },
  { name: 'sum of a scalar', op: 'sum', inputs: [{ shape: [] }], attrs: { axis: null } },
  { name: 'mean over axis 0', op: 'mean', inputs: [{ shape: [3, 4] }], attrs: { axis: 0 } },
  { name: 'mean over all', op: 'mean', inputs: [{ shape: [2, 3] }], attrs: { axis: null } },
  { name: 'log_sum_exp over axis 0', op: 'log_sum_exp', inputs: [{ shape: [3, 4] }], attrs: { axis: 0 } },
  { name: 'log_sum_exp over all', op: 'log_sum_exp', inputs: [{ shape: [5] }], attrs: { axis: null } },
  { name: 'log_softmax of rows', op: 'log_softmax', inputs: [{ shape: [2, 4] }] },
  { name: 'log_softmax of a vector', op: 'log_softmax', inputs: [{ shape: [5] }] },
  { name: 'cumsum along axis 0 of a matrix', op: 'cumsum', inputs: [{ shape: [4, 2] }], attrs: { axis: 0 } },
  { name: 'cumsum along axis 1 of a matrix', op: 'cumsum', inputs: [{ shape: [2, 4] }], attrs: { axis: 1 } },
  { name: 'cumsum of a vector', op: 'cumsum', inputs: [{ shape: [5] }] },
  { name: 'matmul matrix @ matrix', op: 'matmul', inputs: [{ shape: [3, 4] }, { shape: [4, 2] }] },
  { name: 'matmul matrix @ vector', op: 'matmul', inputs: [{ shape: [3, 4] }, { shape: [4] }] },
  { name: 'matmul vector @ matrix', op: 'matmul', inputs: [{ shape: [4] }, { shape: [4, 3] }] },
  { name: 'matmul vector @ vector', op: 'matmul', inputs: [{ shape: [4] }, { shape: [4] }] },
  {
    name: 'matmul data matrix @ parameter vector',
    op: 'matmul',
    inputs: [
      { shape: [3, 4], data: [1, 2, 0, -1, 0.5, 0.1, 3, 2, -2, 1, 1, 0], constant: true },
      { shape: [4] },
    ],
  },
  {
    name: 'matmul data matrix @ parameter matrix',
    op: 'matmul',
    inputs: [{ shape: [2, 3], data: [1, 2, 0, -1, 0.5, 0.1], constant: true }, { shape: [3, 2] }],
  },
  {
    name: 'matmul parameter matrix @ data matrix',
    op: 'matmul',
    inputs: [{ shape: [2, 3] }, { shape: [3, 2], data: [1, 2, 0, -1, 0.5, 0.1], constant: true }],
  },
  {
    name: 'matmul parameter vector @ data matrix',
    op: 'matmul',
    inputs: [{ shape: [3] }, { shape: [3, 2], data: [1, 2, 0, -1, 0.5, 0.1], constant: true }],
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
    name: 'take with a scalar index',
    op: 'take',
    inputs: [{ shape: [3, 2] }, { shape: [], data: [2], constant: true }],
    attrs: { axis: 0 },
  },
  {
    name: 'take with a matrix of indices along axis 1 of a 3-d array',
    op: 'take',
    inputs: [{ shape: [2, 3, 2] }, { shape: [2, 2], data: [0, 2, 2, 1], constant: true }],
    attrs: { axis: 1 },
  },
  {
    name: 'take with indices computed from parameters (per-point indices)',
    op: 'take',
    inputs: [{ shape: [2, 4] }, { shape: [3], data: [0.5, 3.5, 2.5] }],
    attrs: { axis: 1 },
    prepare: ([x, i]) => [x, call('floor', [i])],
    spread: 0.3,
  },
  {
    name: 'slice with a step',
    op: 'slice',
    inputs: [{ shape: [7] }],
    attrs: { axis: 0, start: 1, stop: 6, step: 2 },
  },
  {
    name: 'slice with a negative step',
    op: 'slice',
    inputs: [{ shape: [6] }],
    attrs: { axis: 0, start: null, stop: null, step: -1 },
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
  {
    name: 'concat of a parameter and a constant',
    op: 'concat',
    inputs: [{ shape: [3] }, { shape: [2], data: [1, 2], constant: true }],
    attrs: { axis: 0 },
  },
  { name: 'stack of scalars', op: 'stack', inputs: [{ shape: [] }, { shape: [] }, { shape: [] }] },
  {
    name: 'stack of a parameter and a constant vector',
    op: 'stack',
    inputs: [{ shape: [2] }, { shape: [2], data: [1, 2], constant: true }],
  },
  { name: 'reshape', op: 'reshape', inputs: [{ shape: [6] }], attrs: { shape: [2, 3] } },
  { name: 'copy', op: 'copy', inputs: [{ shape: [3] }] },
  { name: 'broadcast_to', op: 'broadcast_to', inputs: [{ shape: [3] }], attrs: { shape: [2, 3] } },
  {
    name: 'broadcast_to from a scalar',
    op: 'broadcast_to',
    inputs: [{ shape: [] }],
    attrs: { shape: [2, 2] },
  },
  {
    name: 'cholesky of B Bᵀ + 3I',
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
    name: 'trisolve of a constant matrix',
    op: 'trisolve',
    inputs: [{ shape: [2, 2], data: [2, 0, 0.5, 1.5], constant: true }, { shape: [2] }],
  },
  {
    name: 'adstock_geometric normalised, per channel',
    op: 'adstock_geometric',
    inputs: [
      { shape: [10, 2], positive: true },
      { shape: [2], data: [0.4, 0.7] },
    ],
    attrs: { l_max: 4, normalize: true },
    spread: 0.1,
  },
  {
    name: 'adstock_geometric unnormalised, scalar alpha',
    op: 'adstock_geometric',
    inputs: [
      { shape: [6], positive: true },
      { shape: [], data: [0.5] },
    ],
    attrs: { l_max: 3, normalize: false },
    spread: 0.1,
  },
  {
    name: 'adstock_geometric of constant spend, per-channel alpha',
    op: 'adstock_geometric',
    inputs: [
      { shape: [5, 2], data: [1, 0, 2, 1, 0, 3, 1, 1, 0.5, 2], constant: true },
      { shape: [2], data: [0.4, 0.7] },
    ],
    attrs: { l_max: 3, normalize: true },
    spread: 0.1,
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
    spread: 0.1,
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

/** Σ w ⊙ op(inputs) with every non-constant input latent; returns the graph and a base point. */
function harness(c: Case): { graph: Graph; theta: Float64Array } {
  const nodes: Node[] = [];
  const args: Expr[] = [];
  const theta: number[] = [];
  c.inputs.forEach((inp, k) => {
    const name = `a${k}`;
    if (inp.data && inp.constant) {
      args.push(constant(tensor(inp.data, inp.shape)));
      return;
    }
    const unit = inp.unit === true;
    nodes.push({
      kind: 'random',
      name,
      dist: { name: inp.positive ? 'HalfFlat' : 'Flat', args: {} },
      dims: [...inp.shape],
      constraint: unit
        ? { kind: 'interval', lower: constant(tensor([0], [])), upper: constant(tensor([1], [])) }
        : undefined,
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

const measured: { name: string; value: number; gradient: number; batch: number }[] = [];

afterAll(() => {
  const worst = measured.reduce(
    (a, m) => ({
      value: Math.max(a.value, m.value),
      gradient: Math.max(a.gradient, m.gradient),
      batch: Math.max(a.batch, m.batch),
    }),
    { value: 0, gradient: 0, batch: 0 },
  );
  console.log(
    `tfjs vs js over ${measured.length} op cases: worst value ${worst.value.toExponential(2)}, gradient ${worst.gradient.toExponential(2)}; batched (B = 7) vs one by one ${worst.batch.toExponential(2)}`,
  );
});

// On the backend tfjs selects here (wasm), and on the plain cpu backend.
describe.each(['default', 'cpu'] as const)(
  'every op on the %s tfjs backend agrees with the js backend',
  (backend) => {
    beforeAll(async () => {
      await initTfjs(backend === 'default' ? {} : { backend });
    });

    it.each(cases)('$name', (c) => {
      const { graph, theta } = harness(c);
      const points = pointsNear(theta, 7, c.spread ?? 0.5, 7);
      const { value, gradient, tf } = compareBackends(graph, points.slice(0, 4));
      const batch = batchDiscrepancy(tf, points);
      tf.dispose();
      measured.push({ name: c.name, value, gradient, batch });
      expect(value).toBeLessThan(TOLERANCE);
      expect(gradient).toBeLessThan(TOLERANCE);
      expect(batch).toBeLessThan(BATCH_TOLERANCE);
    });

    it('covers every registered op', () => {
      const covered = new Set(cases.map((c) => c.op));
      const missing = opNames().filter(
        (n) => !covered.has(n) && !n.endsWith('_lpdf') && !n.endsWith('_lpmf'),
      );
      expect(missing).toEqual([]);
    });
  },
);
