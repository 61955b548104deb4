import {
  bind,
  DoplError,
  formatShape,
  Graph,
  type RandomNode,
  sameShape,
  sampleForward,
  type Tensor,
  type TensorLike,
  toTensor,
  unobserve,
} from '@dopl/core';

export { unobserve };

/** Names of the graph's observed random nodes. */
export const observedNames = (graph: Graph): string[] =>
  graph.nodes.filter((n) => n.kind === 'random' && n.observed !== undefined).map((n) => n.name);

/** The value an observed node observes (a constant, or an expression of data evaluated once). */
export function observedValue(graph: Graph, node: RandomNode): Tensor {
  const o = node.observed!;
  if (o.kind === 'const') return o.value;
  const data = graph.nodes.filter((n) => n.kind === 'data' && n.value !== undefined);
  const out = '__query_observed__';
  const g = new Graph([...data, { kind: 'deterministic', name: out, expr: o }]);
  const v = sampleForward(g, { draws: 1, seed: 0 })[out];
  return { shape: v.shape.slice(1), data: Float64Array.from(v.data) };
}

/**
 * A unit's world: `given` on data nodes bound, and every piece of evidence on random nodes
 * (`given` and the graph's own observations) turned into a value of an unobserved node, so that
 * it can be abducted from or re-derived. Returns that graph and the evidence.
 */
export function unitWorld(
  graph: Graph,
  given: Readonly<Record<string, TensorLike>>,
): { g0: Graph; evidence: Record<string, Tensor> } {
  const evidence: Record<string, Tensor> = {};
  const data: Record<string, TensorLike> = {};
  for (const n of graph.nodes) {
    if (n.kind === 'random' && n.observed !== undefined && !(n.name in given))
      evidence[n.name] = observedValue(graph, n);
  }
  for (const [name, value] of Object.entries(given)) {
    if (!graph.has(name)) throw new DoplError(`query: evidence names unknown node '${name}'`, { node: name });
    const n = graph.get(name);
    if (n.kind === 'data') data[name] = value;
    else if (n.kind === 'random') evidence[name] = toTensor(value, name);
    else {
      throw new DoplError(
        `query: evidence on ${n.kind === 'factor' ? 'factor' : 'deterministic node'} '${name}' has no density to condition on; give evidence on random or data nodes`,
        { node: name },
      );
    }
  }
  const bound = Object.keys(data).length ? bind(graph, data) : graph;
  const g0 = unobserve(bound, Object.keys(evidence));
  for (const [name, v] of Object.entries(evidence)) {
    const want = g0.shapeOf(name);
    if (!sameShape(v.shape, want)) {
      throw new DoplError(
        `query: evidence '${name}' should have shape ${formatShape(want)}, got ${formatShape(v.shape)}`,
        { node: name },
      );
    }
  }
  return { g0, evidence };
}

/** A value repeated along a new leading draw axis. */
export function repeatDraws(v: Tensor, draws: number): Tensor {
  const n = v.data.length;
  const data = new Float64Array(draws * n);
  for (let d = 0; d < draws; d++) data.set(v.data, d * n);
  return { shape: [draws, ...v.shape], data };
}
