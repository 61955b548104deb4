import { DoplError } from '../errors.js';
import type { Graph } from '../graph/graph.js';
import {
  type CausalDag,
  causalDag,
  checkVariable,
  type DagOptions,
  formatPath,
  openPath,
  reach,
  withoutEdgesOutOf,
} from './dag.js';
import { dConnected } from './dseparation.js';

export interface BackdoorOptions extends DagOptions {
  /** Only the minimal sets (no valid proper subset); default true. False lists every valid set. */
  readonly minimal?: boolean;
}

export type BackdoorResult =
  | { readonly exists: true; readonly sets: readonly (readonly string[])[] }
  | {
      readonly exists: false;
      readonly sets: readonly [];
      /** "no backdoor adjustment set exists: …", naming a path no admissible set blocks. */
      readonly message: string;
      readonly path: readonly string[];
    };

// Subsets examined before giving up: 2^16 d-separation checks take well under a second on a DAG
// of a few dozen nodes.
const MAX_SUBSETS = 1 << 16;

interface Problem {
  readonly dag: CausalDag;
  /** The DAG without the edges out of x: what is left connecting x and y are backdoor paths. */
  readonly cut: CausalDag;
  readonly x: string;
  readonly y: string;
  /** Descendants of x, never adjusted for. */
  readonly deX: ReadonlySet<string>;
}

function prepare(graph: Graph, x: string, y: string, options: DagOptions): Problem {
  checkVariable(graph, x, 'backdoor: treatment');
  checkVariable(graph, y, 'backdoor: outcome');
  if (x === y) throw new DoplError(`backdoor: treatment and outcome are the same node '${x}'`, { node: x });
  const dag = causalDag(graph, options);
  return { dag, cut: withoutEdgesOutOf(dag, [x]), x, y, deX: reach(dag, [x], true) };
}

/** Pearl's backdoor criterion: z has no descendant of x and blocks every path into x. */
function satisfies({ dag, cut, x, y, deX }: Problem, z: ReadonlySet<string>): boolean {
  for (const n of z) if (n === x || n === y || deX.has(n) || dag.latent.has(n)) return false;
  return !dConnected(cut, [x], z).has(y);
}

/**
 * Whether adjusting for `z` identifies the effect of `x` on `y` by Pearl's backdoor criterion:
 * no node of z descends from x, and z blocks every path between x and y that starts with an
 * arrow into x. A set holding a latent node is never valid.
 *
 * ```ts
 * // z → x → y, z → y
 * isValidBackdoor(g, 'x', 'y', ['z']);   // true
 * isValidBackdoor(g, 'x', 'y', []);      // false
 * ```
 */
export function isValidBackdoor(
  graph: Graph,
  x: string,
  y: string,
  z: readonly string[],
  options: DagOptions = {},
): boolean {
  for (const n of z) checkVariable(graph, n, 'backdoor: adjustment');
  return satisfies(prepare(graph, x, y, options), new Set(z));
}

/**
 * Every minimal backdoor adjustment set for the effect of `treatment` on `outcome`, smallest
 * first (nodes in model order); or, when none exists, a message naming a backdoor path that no
 * admissible set blocks (typically through a latent confounder).
 *
 * ```ts
 * // z → x → y, z → y
 * backdoorAdjustmentSets(g, 'x', 'y');   // { exists: true, sets: [['z']] }
 * ```
 */
export function backdoorAdjustmentSets(
  graph: Graph,
  treatment: string,
  outcome: string,
  options: BackdoorOptions = {},
): BackdoorResult {
  const problem = prepare(graph, treatment, outcome, options);
  const { dag, cut, deX } = problem;
  const admissible = (n: string) => n !== treatment && n !== outcome && !deX.has(n) && !dag.latent.has(n);
  // If any backdoor set exists, the admissible ancestors of {x, y} form one (the canonical set),
  // and every minimal one lies inside it, on a simple x–y path of the moral graph.
  const canonical = [...reach(dag, [treatment, outcome])].filter(admissible);
  const minimal = options.minimal ?? true;
  const moral = moralAncestral(cut, treatment, outcome);
  const candidates = dag.nodes.filter(
    minimal ? (n) => canonical.includes(n) && onSimplePath(moral, treatment, outcome, n) : admissible,
  );
  if (!satisfies(problem, new Set(canonical))) {
    const path = openPath(cut, treatment, new Set([outcome]), new Set(canonical), {
      into: true,
    });
    const hidden = path ? path.nodes.filter((n) => dag.latent.has(n)) : [];
    const shown = path ? formatPath(path) : `a backdoor path from ${treatment} to ${outcome}`;
    const reason = hidden.length
      ? `${hidden.length === 1 ? `an unobserved confounder ${hidden[0]} opens` : `the unobserved ${hidden.join(', ')} open`} ${shown}`
      : `${shown} stays open under every admissible adjustment`;
    return {
      exists: false,
      sets: [],
      message: `no backdoor adjustment set exists: ${reason}`,
      path: path?.nodes ?? [],
    };
  }
  const found: Set<string>[] = [];
  let examined = 0;
  for (let k = 0; k <= candidates.length; k++) {
    for (const subset of combinations(candidates, k)) {
      if (++examined > MAX_SUBSETS) {
        throw new DoplError(
          `backdoor: too many candidate adjustment variables (${candidates.length}) to list every ${minimal ? 'minimal ' : ''}set; check specific sets with isValidBackdoor`,
        );
      }
      const s = new Set(subset);
      if (minimal && found.some((f) => [...f].every((n) => s.has(n)))) continue;
      if (satisfies(problem, s)) found.push(s);
    }
  }
  return { exists: true, sets: found.map((s) => [...s]) };
}

/** The k-subsets of xs, in lexicographic order of positions. */
function* combinations<T>(xs: readonly T[], k: number, start = 0): Generator<T[]> {
  if (k === 0) {
    yield [];
    return;
  }
  for (let i = start; i <= xs.length - k; i++)
    for (const rest of combinations(xs, k - 1, i + 1)) yield [xs[i], ...rest];
}

/**
 * The moral graph of the ancestral set of {x, y}: d-separation of x and y by a set inside that
 * ancestral set is separation here (Lauritzen et al. 1990).
 */
function moralAncestral(dag: CausalDag, x: string, y: string): Map<string, Set<string>> {
  const keep = new Set([x, y, ...reach(dag, [x, y])]);
  const adj = new Map<string, Set<string>>([...keep].map((n) => [n, new Set<string>()]));
  const link = (a: string, b: string) => {
    adj.get(a)!.add(b);
    adj.get(b)!.add(a);
  };
  for (const c of keep) {
    const ps = dag.parents.get(c)!;
    ps.forEach((p, i) => {
      link(p, c);
      for (const q of ps.slice(i + 1)) link(p, q);
    });
  }
  return adj;
}

/**
 * Whether some simple x–y path passes through c: two paths from c, one to x and one to y, that
 * share no vertex (Menger), found as a flow of 2 with unit vertex capacities. A node of a minimal
 * separator always lies on such a path (dropping it from the separator opens one), so the others
 * — typically parameters read by x alone — need not be enumerated.
 */
function onSimplePath(
  adj: ReadonlyMap<string, ReadonlySet<string>>,
  x: string,
  y: string,
  c: string,
): boolean {
  // Vertex v splits into in(v) → out(v) with capacity 1; x and y are ends, never passed through.
  const inOf = (v: string) => `${v}>`;
  const cap = new Map<string, Map<string, number>>();
  const edge = (a: string, b: string, w: number) => {
    if (!cap.has(a)) cap.set(a, new Map());
    if (!cap.has(b)) cap.set(b, new Map());
    cap.get(a)!.set(b, (cap.get(a)!.get(b) ?? 0) + w);
    if (!cap.get(b)!.has(a)) cap.get(b)!.set(a, 0);
  };
  for (const [v, ns] of adj) {
    if (v !== x && v !== y && v !== c) edge(inOf(v), v, 1);
    for (const n of ns) if (v !== x && v !== y) edge(v, inOf(n), 1);
  }
  edge(inOf(x), '', 1);
  edge(inOf(y), '', 1);
  let flow = 0;
  while (flow < 2) {
    const prev = new Map<string, string>([[c, c]]);
    const queue = [c];
    while (queue.length && !prev.has('')) {
      const a = queue.shift()!;
      for (const [b, w] of cap.get(a) ?? []) {
        if (w > 0 && !prev.has(b)) {
          prev.set(b, a);
          queue.push(b);
        }
      }
    }
    if (!prev.has('')) return false;
    for (let b = ''; b !== c; b = prev.get(b)!) {
      const a = prev.get(b)!;
      cap.get(a)!.set(b, cap.get(a)!.get(b)! - 1);
      cap.get(b)!.set(a, cap.get(b)!.get(a)! + 1);
    }
    flow++;
  }
  return true;
}
