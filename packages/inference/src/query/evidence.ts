import {
  bind,
  DoplError,
  formatShape,
  Graph,
  type Node,
  nodeRefs,
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
  const g0 = unobserveInOrder(bound, Object.keys(evidence));
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

/**
 * Core's `unobserve`, with the nodes re-ordered so that each reads only nodes before it. A model
 * may read an observed node before the line that draws it (an observed value is data: the IV
 * model's `v := x - gamma * z` above `x ~ …`); once the node is drawn again — re-drawn under an
 * action, or abducted from in a twin world — its readers must follow it. A read that closes a
 * cycle (a node whose own mechanism depends on its observed values) is refused by name.
 */
export function unobserveInOrder(graph: Graph, names: Iterable<string>): Graph {
  const strip = new Set(names);
  const nodes = graph.nodes.map((n): Node => {
    if (!strip.has(n.name) || n.kind !== 'random' || (n.observed === undefined && n.data === undefined))
      return n;
    const { observed: _observed, data: _data, ...rest } = n;
    return { ...rest, dims: n.dims ?? [...graph.shapeOf(n.name)] };
  });
  const dataLike = new Set(
    nodes
      .filter((n) => n.kind === 'random' && (n.observed !== undefined || n.data !== undefined))
      .map((n) => n.name),
  );
  const placed = new Set<string>();
  const out: Node[] = [];
  const pending = [...nodes];
  const ready = (n: Node) => [...nodeRefs(n)].every((r) => r === n.name || placed.has(r) || dataLike.has(r));
  while (pending.length) {
    const k = pending.findIndex(ready);
    if (k < 0) {
      const n =
        pending.find((m) => [...nodeRefs(m)].some((r) => strip.has(r) && !placed.has(r))) ?? pending[0];
      const r = [...nodeRefs(n)].find((x) => x !== n.name && !placed.has(x) && !dataLike.has(x))!;
      throw new DoplError(
        `query: '${n.name}' reads '${r}', which the query draws anew, but '${r}' depends on '${n.name}': with '${r}' no longer fixed to its observed values the model has a cycle (a mechanism that reads its own observed values cannot be re-drawn)`,
        { node: r },
      );
    }
    const [n] = pending.splice(k, 1);
    placed.add(n.name);
    out.push(n);
  }
  return new Graph(out);
}
