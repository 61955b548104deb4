import { getDistribution } from '../distributions/distribution.js';
import { call, constant, type Expr, ref } from '../graph/expr.js';
import type { Graph } from '../graph/graph.js';
import type { RandomNode } from '../graph/node.js';
import { scalar } from '../tensor/index.js';
import { vectoriseStep } from './recurrence.js';

/** The log-density expression of a random node's value (per element/event). */
export function logDensityOf(graph: Graph, node: RandomNode): Expr {
  const dist = getDistribution(node.dist.name);
  const x = ref(node.name);
  if (!node.recurrence) return dist.logp(x, node.dist.args);
  const shape = graph.shapeOf(node.name);
  const T = shape[0];
  const k = node.recurrence.init.length;
  const parts: Expr[] = node.recurrence.init.map((c, j) =>
    call('sum', [getDistribution(c.name).logp(call('take', [x, constant(scalar(j))]), c.args)]),
  );
  if (T > k) {
    const args: Record<string, Expr> = {};
    for (const [p, e] of Object.entries(node.dist.args))
      args[p] = vectoriseStep(e, node.name, k, T, shape.length - 1);
    const rest = call('slice', [x], { axis: 0, start: k, stop: T });
    parts.push(call('sum', [dist.logp(rest, args)]));
  }
  return parts.reduce((a, b) => call('add', [a, b]));
}
