import type { Graph, Tensor } from '@dopl/core';
import type { InferenceData } from '../data/index.js';

/**
 * The posterior draws of the graph's latent random nodes, chains pooled: [draw, ...shape] each,
 * the form `sampleForward`'s and `counterfactualDraws`' `given` take.
 */
export function posteriorGiven(graph: Graph, fit: InferenceData): Record<string, Tensor> {
  const out: Record<string, Tensor> = {};
  for (const n of graph.nodes) {
    if (n.kind !== 'random' || n.observed !== undefined) continue;
    const v = fit.posterior?.[n.name];
    if (!v) continue;
    const [chains, draws, ...shape] = v.shape;
    out[n.name] = { shape: [chains * draws, ...shape], data: Float64Array.from(v.data) } as Tensor;
  }
  return out;
}

/** Every node downstream of `from` (not `from` itself) along the graph's mechanisms. */
export function descendants(
  children: ReadonlyMap<string, readonly string[]>,
  from: Iterable<string>,
): Set<string> {
  const out = new Set<string>();
  const stack = [...from];
  while (stack.length) {
    for (const c of children.get(stack.pop()!) ?? []) {
      if (!out.has(c)) {
        out.add(c);
        stack.push(c);
      }
    }
  }
  return out;
}
