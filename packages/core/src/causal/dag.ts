import { DoplError } from '../errors.js';
import { refsOf } from '../graph/expr.js';
import type { Graph } from '../graph/graph.js';
import type { Node } from '../graph/node.js';

/**
 * The causal DAG of a Graph: an edge p → c wherever c's mechanism reads p (a deterministic
 * node's expression, a random node's distribution arguments and constraint bounds). Factors are
 * not variables and have no place in it; an observed value or a declared dimension is data about
 * a node, not a cause of it. Global parameters are nodes like any other: a parameter read by both
 * X's and Y's mechanisms is a common cause of the two.
 */
export interface CausalDag {
  /** Variables in topological order. */
  readonly nodes: readonly string[];
  readonly parents: ReadonlyMap<string, readonly string[]>;
  readonly children: ReadonlyMap<string, readonly string[]>;
  /** Unobserved variables (confounders nobody measured): never adjusted for. */
  readonly latent: ReadonlySet<string>;
}

export interface DagOptions {
  /** Variables that are not measured (a latent confounder U in X ← U → Y). */
  readonly latent?: readonly string[];
}

/** The names a node's mechanism reads. */
export function mechanismRefs(n: Node): Set<string> {
  const out = new Set<string>();
  if (n.kind === 'deterministic') {
    refsOf(n.expr, out);
    for (const e of n.recurrence?.init ?? []) refsOf(e, out);
  } else if (n.kind === 'random') {
    for (const a of Object.values(n.dist.args)) refsOf(a, out);
    for (const c of n.recurrence?.init ?? []) for (const a of Object.values(c.args)) refsOf(a, out);
    if (n.constraint?.kind === 'interval') {
      if (n.constraint.lower) refsOf(n.constraint.lower, out);
      if (n.constraint.upper) refsOf(n.constraint.upper, out);
    }
  }
  out.delete(n.name);
  return out;
}

export function causalDag(graph: Graph, options: DagOptions = {}): CausalDag {
  const nodes = graph.nodes.filter((n) => n.kind !== 'factor').map((n) => n.name);
  const known = new Set(nodes);
  const parents = new Map<string, string[]>();
  const children = new Map<string, string[]>(nodes.map((n) => [n, []]));
  for (const name of nodes) {
    const ps = [...mechanismRefs(graph.get(name))].filter((p) => known.has(p));
    parents.set(name, ps);
    for (const p of ps) children.get(p)!.push(name);
  }
  for (const u of options.latent ?? []) checkVariable(graph, u, 'latent');
  return { nodes, parents, children, latent: new Set(options.latent ?? []) };
}

/** The same DAG without the edges out of `from` (Pearl's G with X underlined). */
export function withoutEdgesOutOf(dag: CausalDag, from: Iterable<string>): CausalDag {
  const cut = new Set(from);
  const parents = new Map<string, readonly string[]>();
  const children = new Map<string, readonly string[]>();
  for (const n of dag.nodes) {
    parents.set(
      n,
      dag.parents.get(n)!.filter((p) => !cut.has(p)),
    );
    children.set(n, cut.has(n) ? [] : dag.children.get(n)!);
  }
  return { ...dag, parents, children };
}

/** Strict ancestors (or, with `down`, descendants) of a set of nodes. */
export function reach(dag: CausalDag, from: Iterable<string>, down = false): Set<string> {
  const edges = down ? dag.children : dag.parents;
  const out = new Set<string>();
  const stack = [...from];
  while (stack.length) {
    for (const m of edges.get(stack.pop()!) ?? []) {
      if (!out.has(m)) {
        out.add(m);
        stack.push(m);
      }
    }
  }
  return out;
}

/** A name that must be a variable of the DAG (data, random or deterministic). */
export function checkVariable(graph: Graph, name: string, role: string): void {
  if (!graph.has(name)) throw new DoplError(`${role} '${name}' is not a node of the model`, { node: name });
  if (graph.get(name).kind === 'factor')
    throw new DoplError(`${role} '${name}' is a factor, not a variable of the causal graph`, { node: name });
}

/** A path as a list of nodes and, between consecutive nodes, whether the edge points forward. */
export interface Path {
  readonly nodes: readonly string[];
  /** forward[i]: the edge between nodes[i] and nodes[i+1] is nodes[i] → nodes[i+1]. */
  readonly forward: readonly boolean[];
}

export const formatPath = (p: Path): string =>
  p.nodes.map((n, i) => (i === 0 ? n : `${p.forward[i - 1] ? '→' : '←'} ${n}`)).join(' ');

/**
 * A path from `from` to one of `to` that is open (d-connecting) given `given`, when one exists;
 * with `into`, its first edge must point into `from` (a backdoor path). Depth-first over simple
 * paths, checking each triple as soon as it is formed so that blocked branches die early.
 */
export function openPath(
  dag: CausalDag,
  from: string,
  to: ReadonlySet<string>,
  given: ReadonlySet<string>,
  options: { into?: boolean; directed?: boolean; avoid?: ReadonlySet<string> } = {},
): Path | undefined {
  const opened = new Set([...given, ...reach(dag, given)]);
  const nodes = [from];
  const forward: boolean[] = [];
  const onPath = new Set(nodes);
  let budget = 200_000;
  const step = (): boolean => {
    if (--budget < 0) return false;
    const here = nodes[nodes.length - 1];
    const moves: [string, boolean][] = [
      ...(dag.children.get(here) ?? []).map((c): [string, boolean] => [c, true]),
      ...(options.directed ? [] : (dag.parents.get(here) ?? []).map((p): [string, boolean] => [p, false])),
    ];
    for (const [next, fwd] of moves) {
      if (onPath.has(next) || options.avoid?.has(next)) continue;
      if (nodes.length === 1 && options.into && fwd) continue;
      if (nodes.length > 1) {
        // `here` is a collider when both edges point into it.
        const collider = forward[forward.length - 1] && !fwd;
        if (collider ? !opened.has(here) : given.has(here)) continue;
      }
      nodes.push(next);
      forward.push(fwd);
      onPath.add(next);
      if (to.has(next) || step()) return true;
      nodes.pop();
      forward.pop();
      onPath.delete(next);
    }
    return false;
  };
  return step() ? { nodes: [...nodes], forward: [...forward] } : undefined;
}
