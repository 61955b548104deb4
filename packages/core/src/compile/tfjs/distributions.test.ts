import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Distribution, distributionNames, getDistribution } from '../../distributions/distribution.js';
import { DoplError } from '../../errors.js';
import { constant, type Expr, ref } from '../../graph/expr.js';
import { Graph } from '../../graph/graph.js';
import type { Constraint, Node } from '../../graph/node.js';
import '../../index.js';
import { type Shape, size, tensor } from '../../tensor/index.js';
import { compile } from '../compile.js';
import { initTfjs } from './backend.js';
import { BATCH_TOLERANCE, batchDiscrepancy, compareBackends, pointsNear, TOLERANCE } from './test-helpers.js';

/**
 * Every registered family and parametrization: x ~ Family(params) with the parameters latent
 * where they are continuous (so the gradient reaches every argument of the log-density op) and
 * x latent for continuous families, observed data for discrete ones. The tfjs log-density and
 * gradient must agree with the js backend at a few points, and batched evaluation must equal
 * one-by-one evaluation. Nothing is sampled (so improper families are covered too).
 */
const K = 3;
const unit = (lo: number, hi: number): Constraint => ({
  kind: 'interval',
  lower: constant(tensor([lo], [])),
  upper: constant(tensor([hi], [])),
});

interface Built {
  graph: Graph;
  theta: Float64Array;
}

function build(d: Distribution, params: readonly string[]): Built {
  const nodes: Node[] = [];
  const args: Record<string, Expr> = {};
  let reals = 0;
  let positives = 0;
  const latent = (name: string, dist: string, dims: Shape, constraint?: Constraint) => {
    nodes.push({ kind: 'random', name, dist: { name: dist, args: {} }, dims: [...dims], constraint });
    args[name.slice(2)] = ref(name);
  };
  const vectorParam = (p: string) => d.eventRank === 1 || p === 'logits';
  for (const p of params) {
    const check = d.checks[p] ?? 'real';
    const name = `p_${p}`;
    if (p === 'cov') {
      args[p] = constant(tensor([2, 0.3, -0.2, 0.3, 1.5, 0.4, -0.2, 0.4, 1.2], [K, K]));
      continue;
    }
    if (p === 'chol') {
      args[p] = constant(tensor([1.4, 0, 0, 0.2, 1.1, 0, -0.3, 0.4, 0.9], [K, K]));
      continue;
    }
    const dims = vectorParam(p) ? [K] : [];
    switch (check) {
      case 'count':
        args[p] = constant(tensor([d.eventRank === 2 ? K : 7], []));
        break;
      case 'positive':
      case 'nonnegative':
        positives++;
        latent(name, 'HalfFlat', dims);
        break;
      case 'unit':
      case 'unit_closed':
        latent(name, 'Flat', dims, unit(0, 1));
        break;
      case 'simplex':
      case 'probabilities':
        latent(name, 'Flat', [K], { kind: 'simplex' });
        break;
      default:
        reals++;
        latent(name, 'Flat', dims);
    }
  }
  void reals;
  void positives;
  const xDims = d.eventRank === 0 ? [K] : d.eventRank === 1 ? [K] : [K, K];
  if (d.discrete) {
    const s = d.support;
    const hi =
      s.kind === 'integer' && s.upper !== undefined ? (typeof s.upper === 'number' ? s.upper : 7) : 5;
    const categorical = params.some((p) => p === 'logits' || d.checks[p] === 'simplex');
    const xs = categorical ? [0, 2, 1] : [0, Math.min(2, hi), hi];
    nodes.push({
      kind: 'random',
      name: 'x',
      dist: { name: d.name, args },
      dims: xDims,
      observed: constant(tensor(xs, xDims)),
    });
  } else {
    nodes.push({ kind: 'random', name: 'x', dist: { name: d.name, args }, dims: xDims });
  }
  const graph = new Graph(nodes);
  // Base point: parameters and x near the middle of their supports, per parameter order.
  const js = compile(graph);
  const theta = new Float64Array(js.dim);
  let realIndex = 0;
  let posIndex = 0;
  for (const info of js.layout) {
    const p = info.name.startsWith('p_') ? info.name.slice(2) : undefined;
    for (let i = 0; i < info.size; i++) {
      let v = 0.1 * Math.sin(i + 1);
      if (p !== undefined && info.constraint === 'identity') v += [0.3, 1.7, -0.5][realIndex] ?? 0;
      if (p !== undefined && info.constraint === 'lower') v += Math.log([1.3, 2.1, 0.8][posIndex] ?? 1);
      theta[info.offset + i] = v;
    }
    if (p !== undefined && info.constraint === 'identity') realIndex++;
    if (p !== undefined && info.constraint === 'lower') posIndex++;
  }
  return { graph, theta };
}

const families = distributionNames().flatMap((name) =>
  getDistribution(name).parametrizations.map((ps) => ({
    name,
    params: ps,
    label: `${name}(${ps.join(', ')})`,
  })),
);

/**
 * Families whose log-density cannot agree in float32, with the reason (reported upstream). None
 * at present: Dirichlet's simplex check (|Σx − 1| ≤ 1e-8, below float32 resolution) has a float32
 * tolerance in its tfjs forward.
 */
const FLOAT32_KNOWN: Readonly<Record<string, string>> = {};

const measured: { label: string; value: number; gradient: number; batch: number }[] = [];
const missing: string[] = [];

beforeAll(async () => {
  await initTfjs();
});
afterAll(() => {
  const worst = (k: 'value' | 'gradient' | 'batch') =>
    Math.max(0, ...measured.map((m) => m[k])).toExponential(2);
  console.log(
    `tfjs vs js over ${measured.length} families/parametrizations: worst value ${worst('value')}, gradient ${worst('gradient')}; batched vs one by one ${worst('batch')}`,
  );
  const by = (k: 'value' | 'gradient') => [...measured].sort((a, b) => b[k] - a[k])[0]?.label;
  console.log(`largest value difference: ${by('value')}; largest gradient difference: ${by('gradient')}`);
  if (missing.length) console.log(`skipped: ${missing.join('; ')}`);
});

describe('every distribution family: tfjs log-density and gradient agree with the js backend', () => {
  for (const f of families)
    it(f.label, (ctx) => {
      const d = getDistribution(f.name);
      const { graph, theta } = build(d, f.params);
      let result: ReturnType<typeof compareBackends>;
      const points = pointsNear(theta, 7, 0.3, 11);
      try {
        result = compareBackends(graph, points.slice(0, 4));
      } catch (e) {
        if (e instanceof DoplError && /has no TensorFlow\.js forward/.test(e.message)) {
          missing.push(`${f.label}: ${e.message}`);
          ctx.skip(e.message);
        }
        throw e;
      }
      const { value, gradient, tf } = result;
      const batch = batchDiscrepancy(tf, points);
      tf.dispose();
      const known = FLOAT32_KNOWN[f.name];
      if (known && !(value < TOLERANCE && gradient < TOLERANCE)) {
        missing.push(`${f.label}: ${known}`);
        ctx.skip(known);
      }
      measured.push({ label: f.label, value, gradient, batch });
      expect(size(graph.shapeOf('x'))).toBeGreaterThan(0);
      expect(value).toBeLessThan(TOLERANCE);
      expect(gradient).toBeLessThan(TOLERANCE);
      expect(batch).toBeLessThan(BATCH_TOLERANCE);
    });
});
