import { type Distribution, getDistribution, type ParamCheck } from '../distributions/distribution.js';
import { DoplError } from '../errors.js';
import type { Expr } from '../graph/expr.js';
import type { Graph } from '../graph/graph.js';
import type { RandomNode } from '../graph/node.js';
import type { Tensor } from '../tensor/index.js';

const describe: Record<ParamCheck, string> = {
  real: 'must be finite',
  positive: 'must be > 0',
  nonnegative: 'must be ≥ 0',
  unit: 'must be in (0, 1)',
  unit_closed: 'must be in [0, 1]',
  count: 'must be a non-negative integer',
  simplex: 'must be non-negative and sum to 1',
  probabilities: 'must be non-negative and sum to 1',
};

const ok = (c: ParamCheck, v: number): boolean => {
  switch (c) {
    case 'real':
      return Number.isFinite(v);
    case 'positive':
      return v > 0 && v < Number.POSITIVE_INFINITY;
    case 'nonnegative':
      return v >= 0 && v < Number.POSITIVE_INFINITY;
    case 'unit':
      return v > 0 && v < 1;
    case 'unit_closed':
      return v >= 0 && v <= 1;
    case 'count':
      return Number.isInteger(v) && v >= 0;
    case 'simplex':
    case 'probabilities':
      return v >= 0 && v <= 1;
  }
};

/** The value of an argument when it is known before inference (a constant or bound data). */
function knownValue(graph: Graph, e: Expr): Tensor | undefined {
  if (e.kind === 'const') return e.value;
  if (e.kind === 'ref') {
    const n = graph.get(e.name);
    if (n.kind === 'data') return n.value;
  }
  return undefined;
}

/** Checks parameters whose values are known before inference: a clear error instead of a NaN later. */
export function checkKnownArguments(graph: Graph, node: RandomNode, dist: Distribution): void {
  for (const [p, e] of Object.entries(node.dist.args)) {
    const check = dist.checks[p];
    const v = check && knownValue(graph, e);
    if (!v) continue;
    for (const x of v.data) {
      if (!ok(check, x)) {
        throw new DoplError(`${node.name} ~ ${dist.name}(…): ${p} ${describe[check]}, got ${x}`, {
          node: node.name,
        });
      }
    }
    if (check === 'simplex' || check === 'probabilities') {
      const K = v.shape[v.shape.length - 1] ?? 1;
      for (let i = 0; i < v.data.length; i += K) {
        let s = 0;
        for (let j = 0; j < K; j++) s += v.data[i + j];
        if (Math.abs(s - 1) > 1e-8) {
          throw new DoplError(`${node.name} ~ ${dist.name}(…): ${p} ${describe[check]}, sums to ${s}`, {
            node: node.name,
          });
        }
      }
    }
  }
}

/** Validates what can be validated before compiling: known arguments and bound data. */
export function validateGraph(graph: Graph): void {
  for (const node of graph.nodes) {
    if (node.kind === 'random') {
      const dist = getDistribution(node.dist.name);
      checkKnownArguments(graph, node, dist);
      const ps = dist.parametrizations.find((ps) => ps.every((p) => p in node.dist.args));
      if (!ps) {
        const want = dist.parametrizations.map((ps) => ps.join(', ')).join(' or ');
        throw new DoplError(`${node.name} ~ ${dist.name}(…): needs ${want}`, { node: node.name });
      }
    }
    if (node.kind === 'data' && !node.value) {
      throw new DoplError(`data '${node.name}' has no value (bind data before compiling or sampling)`, {
        node: node.name,
      });
    }
  }
}
