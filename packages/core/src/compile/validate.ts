import { type Distribution, getDistribution } from '../distributions/distribution.js';
import { checkParamValue } from '../distributions/param-check.js';
import { DoplError } from '../errors.js';
import type { Expr } from '../graph/expr.js';
import type { Graph } from '../graph/graph.js';
import type { RandomNode } from '../graph/node.js';
import type { Tensor } from '../tensor/index.js';

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
    const v = dist.checks[p] && knownValue(graph, e);
    const problem = v && checkParamValue(dist, p, v.data, v.shape);
    if (problem) throw new DoplError(`${node.name} ~ ${dist.name}(…): ${problem}`, { node: node.name });
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
