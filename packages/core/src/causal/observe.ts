import { DoplError } from '../errors.js';
import { bind } from '../graph/bind.js';
import { Graph } from '../graph/graph.js';
import type { Node } from '../graph/node.js';
import type { TensorLike } from '../tensor/index.js';

/**
 * Conditioning (PyMC's `observe`): binds data to random nodes, which become observed, and to
 * data nodes. Returns a new Graph. Deterministic nodes cannot be observed: they have no density.
 *
 * ```ts
 * const g2 = observe(g, { y: [0.1, 0.4] });   // g2.get('y').observed !== undefined
 * ```
 */
export function observe(graph: Graph, data: Readonly<Record<string, TensorLike>>): Graph {
  for (const name of Object.keys(data)) {
    const n = graph.get(name);
    if (n.kind === 'deterministic' || n.kind === 'factor') {
      throw new DoplError(
        `cannot observe '${name}': it is ${n.kind === 'factor' ? 'a factor' : 'a deterministic node'} and has no density; observe a random node instead`,
        { node: name },
      );
    }
  }
  return bind(graph, data);
}

/**
 * The inverse of `observe` for random nodes: the named nodes are no longer observed (their shapes
 * kept), so a query can re-draw them, or act on them, in the predictive world of a fitted model.
 */
export function unobserve(graph: Graph, names: Iterable<string>): Graph {
  const strip = new Set(names);
  let changed = false;
  const nodes = graph.nodes.map((n): Node => {
    if (!strip.has(n.name) || n.kind !== 'random' || n.observed === undefined) return n;
    changed = true;
    const { observed: _observed, data: _data, ...rest } = n;
    return { ...rest, dims: n.dims ?? [...graph.shapeOf(n.name)] };
  });
  return changed ? new Graph(nodes) : graph;
}
