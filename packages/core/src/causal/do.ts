import type { DistSpec } from '../builder/distributions.js';
import { Term, type TermLike, term } from '../builder/term.js';
import { DoplError } from '../errors.js';
import { call, constant, ref } from '../graph/expr.js';
import { Graph, nodeRefs } from '../graph/graph.js';
import type { Node } from '../graph/node.js';
import { firstNonFinite, formatShape, size, toTensor } from '../tensor/index.js';
import { isDist, type SliceIntervention, sliced, slicedData, slicesOf } from './slice.js';

export { type SliceIntervention, slicesOf } from './slice.js';

/**
 * What replaces a node's mechanism: a value (the node becomes that constant), a distribution
 * (a stochastic intervention), a shift `(natural) => expr` of the node's own natural value, or
 * any of these on slices of an array node.
 */
export type Intervention =
  | TermLike
  | DistSpec
  | ((natural: Term) => TermLike)
  | SliceIntervention
  | readonly SliceIntervention[];

/**
 * Whether the intervened node keeps its natural mechanism as `name_natural` (shifts and slices):
 * the new mechanism then reads it, and a counterfactual reuses the node's noise for it.
 */
export const readsNatural = (what: Intervention): boolean =>
  typeof what === 'function' || slicesOf(what) !== undefined;

/**
 * Graph surgery (Pearl's do-operator): each intervened node's incoming edges are cut and its
 * mechanism replaced; descendants read the new value; parents are untouched. Returns a new Graph.
 *
 * ```ts
 * const g2 = doIntervention(g, { x: 1 });   // g2.get('x').kind === 'deterministic'
 * ```
 */
export function doIntervention(graph: Graph, interventions: Readonly<Record<string, Intervention>>): Graph {
  let nodes: Node[] = [...graph.nodes];
  for (const [name, what] of Object.entries(interventions)) {
    const node = graph.get(name);
    if (node.kind === 'random' && node.observed !== undefined) {
      throw new DoplError(
        `cannot intervene on '${name}': it is observed, and do() would silently drop its likelihood (intervene before observing, or on an unobserved node)`,
        { node: name },
      );
    }
    if (node.kind === 'factor')
      throw new DoplError(`cannot intervene on factor '${name}': it is not a variable`, { node: name });
    const i = nodes.findIndex((n) => n.name === name);
    const slices = slicesOf(what);
    if (slices && node.kind === 'data') {
      nodes[i] = { ...node, value: slicedData(graph, node, slices) };
    } else if (slices) {
      const natural = `${name}_natural`;
      if (graph.has(natural))
        throw new DoplError(`cannot intervene on a slice of '${name}': the name '${natural}' is taken`, {
          node: name,
        });
      const expr = sliced(ref(natural), graph.shapeOf(name), name, slices);
      nodes.splice(i, 1, { ...node, name: natural } as Node, { kind: 'deterministic', name, expr });
    } else if (typeof what === 'function') {
      // Shift: keep the natural mechanism under another name so the parents keep their influence.
      const natural = `${name}_natural`;
      if (graph.has(natural))
        throw new DoplError(`cannot shift '${name}': the name '${natural}' is taken`, { node: name });
      const expr = term(what(new Term(ref(natural)))).expr;
      nodes.splice(i, 1, { ...node, name: natural } as Node, { kind: 'deterministic', name, expr });
    } else if (isDist(what)) {
      const dims = node.kind === 'data' ? node.dims : node.kind === 'random' ? node.dims : undefined;
      nodes[i] = { kind: 'random', name, dist: what.call, dims: dims ?? shapeDims(graph, name) };
    } else {
      const value = toTensor(what as Exclude<TermLike, Term>, name);
      const bad = firstNonFinite(value);
      if (bad !== undefined) {
        throw new DoplError(`do(${name}): the value${bad === '(scalar)' ? '' : bad} is not a finite number`, {
          node: name,
        });
      }
      const shape = graph.shapeOf(name);
      if (
        size(value.shape) !== 1 &&
        (value.shape.length !== shape.length || value.shape.some((d, k) => d !== shape[k]))
      ) {
        throw new DoplError(
          `do(${name}): value of shape ${formatShape(value.shape)} does not match ${formatShape(shape)}`,
          {
            node: name,
          },
        );
      }
      const c = constant(value);
      const expr =
        size(value.shape) === 1 && shape.length > 0 ? call('broadcast_to', [c], { shape: [...shape] }) : c;
      nodes[i] = { kind: 'deterministic', name, expr };
    }
    nodes = topologicalOrder(nodes, name);
  }
  return new Graph(nodes);
}

const shapeDims = (graph: Graph, name: string) => {
  try {
    return [...graph.shapeOf(name)];
  } catch {
    return undefined;
  }
};

// A replaced mechanism may read nodes that come later in the order (a stochastic intervention
// whose arguments read another node): re-sort stably by dependencies.
function topologicalOrder(nodes: Node[], intervened: string): Node[] {
  const placed = new Set<string>();
  const out: Node[] = [];
  const pending = [...nodes];
  while (pending.length) {
    // Observed values are data: reading one does not order the reader after it.
    const ready = (r: string) =>
      placed.has(r) || !nodes.some((m) => m.name === r && !(m.kind === 'random' && m.observed !== undefined));
    const k = pending.findIndex((n) => [...nodeRefs(n)].every(ready));
    if (k < 0) {
      throw new DoplError(
        `do(${intervened}): the new mechanism reads a descendant of '${intervened}', which creates a cycle`,
        {
          node: intervened,
        },
      );
    }
    const [n] = pending.splice(k, 1);
    placed.add(n.name);
    out.push(n);
  }
  return out;
}
