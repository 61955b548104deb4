import { DoplError } from '../errors.js';
import { bind } from '../graph/bind.js';
import type { Graph } from '../graph/graph.js';
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
