import { type Distribution, distributionNames, getDistribution } from '../distributions/distribution.js';
import { constant, type Expr, ref } from '../graph/expr.js';
import { Graph } from '../graph/graph.js';
import type { Constraint, Node } from '../graph/node.js';
import '../index.js';
import { type Shape, tensor } from '../tensor/index.js';
import { compile } from './compile.js';

/**
 * Test models (tests only): every registered family and parametrization as x ~ Family(params),
 * with the parameters latent where they are continuous (so the gradient reaches every argument of
 * the log-density op) and x latent for continuous families, observed data for discrete ones.
 * Nothing is sampled (so improper families are covered too).
 */
const K = 3;
const unit = (lo: number, hi: number): Constraint => ({
  kind: 'interval',
  lower: constant(tensor([lo], [])),
  upper: constant(tensor([hi], [])),
});

export interface Built {
  graph: Graph;
  theta: Float64Array;
}

export function buildFamily(d: Distribution, params: readonly string[]): Built {
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

export const families = distributionNames().flatMap((name) =>
  getDistribution(name).parametrizations.map((ps) => ({
    name,
    params: ps,
    label: `${name}(${ps.join(', ')})`,
  })),
);
