import { DoplError } from '../errors.js';
import type { Graph } from '../graph/graph.js';
import { type CausalDag, causalDag, checkVariable, type DagOptions, reach } from './dag.js';

/**
 * The nodes d-connected to `xs` given `zs` (Koller & Friedman's "Reachable", Bayes ball): a ball
 * passes a non-collider that is not in zs, and bounces off a collider only when the collider or
 * one of its descendants is in zs.
 */
export function dConnected(dag: CausalDag, xs: Iterable<string>, zs: ReadonlySet<string>): Set<string> {
  const opened = new Set([...zs, ...reach(dag, zs)]);
  const out = new Set<string>();
  const seen = new Set<string>();
  // 'up': the ball arrived from a child (travelling against the edge); 'down': from a parent.
  const queue: [string, 'up' | 'down'][] = [...xs].map((x): [string, 'up' | 'down'] => [x, 'up']);
  while (queue.length) {
    const [n, dir] = queue.pop()!;
    const key = `${dir}:${n}`;
    if (seen.has(key)) continue;
    seen.add(key);
    if (!zs.has(n)) out.add(n);
    if (dir === 'up' && !zs.has(n)) {
      for (const p of dag.parents.get(n)!) queue.push([p, 'up']);
      for (const c of dag.children.get(n)!) queue.push([c, 'down']);
    } else if (dir === 'down') {
      if (!zs.has(n)) for (const c of dag.children.get(n)!) queue.push([c, 'down']);
      if (opened.has(n)) for (const p of dag.parents.get(n)!) queue.push([p, 'up']);
    }
  }
  return out;
}

const asList = (x: string | readonly string[]): readonly string[] => (typeof x === 'string' ? [x] : x);

/**
 * Whether every path between `xs` and `ys` is blocked by `zs` in the model's causal DAG (edges
 * parent → child over data, random and deterministic nodes). After `doIntervention` the
 * intervened node has no parents, so its incoming paths are gone.
 *
 * ```ts
 * // z → x → y
 * dSeparated(g, 'z', 'y', ['x']);   // true
 * dSeparated(g, 'z', 'y', []);      // false
 * ```
 */
export function dSeparated(
  graph: Graph,
  xs: string | readonly string[],
  ys: string | readonly string[],
  zs: string | readonly string[] = [],
  options: DagOptions = {},
): boolean {
  const [x, y, z] = [asList(xs), asList(ys), asList(zs)];
  for (const [role, names] of [
    ['x', x],
    ['y', y],
    ['z', z],
  ] as const)
    for (const n of names) checkVariable(graph, n, `dSeparated: ${role}`);
  const dag = causalDag(graph, options);
  const zSet = new Set(z);
  for (const n of z) {
    if (dag.latent.has(n))
      throw new DoplError(`dSeparated: cannot condition on '${n}', which is latent (unobserved)`, {
        node: n,
      });
  }
  const overlap = [...x, ...y].find((n) => zSet.has(n)) ?? x.find((n) => y.includes(n));
  if (overlap !== undefined) {
    throw new DoplError(`dSeparated: '${overlap}' appears in more than one of the sets x, y and z`, {
      node: overlap,
    });
  }
  const reached = dConnected(dag, x, zSet);
  return !y.some((n) => reached.has(n));
}
