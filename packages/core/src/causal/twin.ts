import { Uniform } from '../builder/distributions.js';
import { Term, term } from '../builder/term.js';
import { getDistribution } from '../distributions/distribution.js';
import { DoplError } from '../errors.js';
import { type Expr, exprKey, ref, substitute } from '../graph/expr.js';
import { Graph, nodeRefs } from '../graph/graph.js';
import type { Node, RandomNode } from '../graph/node.js';
import type { TensorLike } from '../tensor/index.js';
import { type CouplingShape, type GraphCoupling, graphCouplings } from './coupling.js';
import { causalDag, checkVariable, mechanismRefs, reach } from './dag.js';
import { doIntervention, type Intervention, readsNatural } from './do.js';
import { observe } from './observe.js';

/**
 * Which world a node of a twin network belongs to. `shared`: read by both worlds and not copied
 * (global parameters, data, the exogenous noise, everything upstream of the intervention);
 * `factual`: a node with a counterfactual copy; `counterfactual`: that copy.
 */
export type World = 'shared' | 'factual' | 'counterfactual';

export interface TwinOptions {
  /** What the counterfactual world does, as in `doIntervention`: value, distribution or shift. */
  readonly intervention: Readonly<Record<string, Intervention>>;
  /** Observed in the factual world (applied with `observe` first). */
  readonly evidence?: Readonly<Record<string, TensorLike>>;
  /** Appended to the names of counterfactual copies; default '_cf'. */
  readonly suffix?: string;
}

/**
 * A twin network. Worlds are an explicit attribute (`world`), not a naming convention: names only
 * need to be unique, and the suffix is a choice.
 */
export interface TwinNetwork {
  readonly graph: Graph;
  readonly world: Readonly<Record<string, World>>;
  /** Factual node → its counterfactual copy (intervened nodes and their descendants only). */
  readonly counterfactual: Readonly<Record<string, string>>;
  /** Random node → the node holding its exogenous noise, shared by both worlds. */
  readonly noise: Readonly<Record<string, string>>;
}

/**
 * The twin network of Balke & Pearl (DESIGN §4): the factual graph, unchanged, plus a
 * counterfactual copy of the intervened nodes and their descendants under `do(intervention)`.
 * The two worlds share global parameters and the exogenous noise of every copied random node.
 *
 * The factual world keeps its log-density exactly: a factual `y ~ Normal(mu, s)` stays a random
 * node (observed or latent), and its noise is *computed from it*, `y__u := (y − mu)/s`, a
 * deterministic node without density; the copy is `y_cf := mu_cf + s_cf · y__u`. Evidence on y
 * therefore conditions the noise through the abduction itself. For a discrete y the value pins
 * the noise only to [lo, hi), so `y__v ~ Uniform(0, 1)` and `y__u := lo + (hi − lo) · y__v`: its
 * density is 1, so the joint density of the factual nodes is unchanged, and given y the noise is
 * uniform on the interval — as in the coupling u ~ Uniform(0, 1), y = F⁻¹(u). Copies carry no
 * density (factors stay in the factual world), so conditioning happens in the factual world only.
 *
 * ```ts
 * // x ~ Normal(0, 1); y ~ Normal(2x, 1)
 * const t = twin(g, { evidence: { x: 1, y: 3 }, intervention: { x: 2 } });
 * sampleForward(t.graph, { draws: 1, predictive: false }).y_cf.data[0];   // 5
 * ```
 */
export function twin(graph: Graph, options: TwinOptions): TwinNetwork {
  const g = options.evidence ? observe(graph, options.evidence) : graph;
  const suffix = options.suffix ?? '_cf';
  const targets = Object.keys(options.intervention);
  if (targets.length === 0) throw new DoplError('twin: the intervention names no node');
  for (const t of targets) checkVariable(g, t, 'twin: intervened node');
  const copied = new Set([...targets, ...reach(causalDag(g), targets, true)]);

  const used = new Set<string>();
  const fresh = (name: string, of: string): string => {
    if (g.has(name) || used.has(name)) {
      throw new DoplError(
        `twin: cannot name the copy of '${of}' '${name}': the name is taken (choose a suffix)`,
        {
          node: of,
        },
      );
    }
    used.add(name);
    return name;
  };
  const counterfactual: Record<string, string> = {};
  for (const n of g.names) if (copied.has(n)) counterfactual[n] = fresh(`${n}${suffix}`, n);
  const bindings = new Map(Object.entries(counterfactual).map(([f, c]) => [f, ref(c)]));
  const toCf = (e: Expr) => substitute(e, bindings);
  // The intervened mechanisms, built by do() itself (its checks, broadcasting and shift rule).
  const done = doIntervention(withoutObservation(g, targets), options.intervention);

  const world: Record<string, World> = {};
  const noise: Record<string, string> = {};
  const noiseNodes = new Map<string, Node[]>();
  const copies: Node[] = [];

  const argsOf = (node: RandomNode, f: (e: Expr) => Expr): Record<string, Term> => {
    const out: Record<string, Term> = {};
    for (const [k, v] of Object.entries(getDistribution(node.dist.name).defaults)) out[k] = term(v);
    for (const [k, e] of Object.entries(node.dist.args)) out[k] = new Term(f(e));
    return out;
  };
  const noiseOf = (node: RandomNode, c: GraphCoupling): string => {
    if (noise[node.name]) return noise[node.name];
    const x = new Term(ref(node.name));
    const a = argsOf(node, (e) => e);
    const u = fresh(`${node.name}__u`, node.name);
    const added: Node[] = [];
    if (c.kind === 'point') {
      added.push({ kind: 'deterministic', name: u, expr: c.abduct(x, a).expr });
    } else {
      const v = fresh(`${node.name}__v`, node.name);
      const shape = couplingShape(g, node);
      const lo = c.lower(x, a, shape);
      const width = c.upper(x, a, shape).sub(lo);
      added.push(
        { kind: 'random', name: v, dist: Uniform(0, 1).call, dims: [...g.shapeOf(node.name)] },
        { kind: 'deterministic', name: u, expr: lo.add(width.mul(new Term(ref(v)))).expr },
      );
      world[v] = 'shared';
    }
    world[u] = 'shared';
    noise[node.name] = u;
    noiseNodes.set(node.name, added);
    return u;
  };
  // The copy of a mechanism in the counterfactual world: same equation, counterfactual parents.
  const copyMechanism = (node: Node, name: string): Node => {
    if (node.kind === 'deterministic') {
      const rec = node.recurrence;
      return rec
        ? { ...node, name, expr: toCf(node.expr), recurrence: { ...rec, init: rec.init.map(toCf) } }
        : { ...node, name, expr: toCf(node.expr) };
    }
    if (node.kind !== 'random') throw new DoplError(`twin: cannot copy ${node.kind} '${node.name}'`);
    const c = couplingOf(node);
    const factual = argsOf(node, (e) => e);
    const cf = argsOf(node, toCf);
    for (const k of c.fixed) {
      if (k in cf && exprKey(cf[k].expr) !== exprKey(factual[k].expr)) {
        throw new DoplError(
          `twin: ${node.dist.name} '${node.name}': its shape parameter '${k}' differs between the worlds, and the coupling F′⁻¹(F(x)) then needs a quantile function no graph op computes (counterfactualDraws handles it numerically)`,
          { node: node.name },
        );
      }
    }
    const u = new Term(ref(noiseOf(node, c)));
    const applied = c.kind === 'interval' ? c.apply(u, cf, couplingShape(g, node)) : c.apply(u, cf);
    return { kind: 'deterministic', name, expr: applied.expr };
  };

  for (const node of g.nodes) {
    world[node.name] = copied.has(node.name) ? 'factual' : 'shared';
    if (!copied.has(node.name)) continue;
    const name = counterfactual[node.name];
    world[name] = 'counterfactual';
    const what = options.intervention[node.name];
    if (what === undefined) {
      copies.push(copyMechanism(node, name));
    } else if (readsNatural(what) && node.kind !== 'data') {
      // A shift reads the node's natural value in the counterfactual world: the factual value
      // when no parent changes, else a copy of the natural mechanism with the factual noise.
      let natural: Expr = ref(node.name);
      if ([...mechanismRefs(node)].some((p) => copied.has(p))) {
        const n = fresh(`${node.name}_natural${suffix}`, node.name);
        copies.push(copyMechanism(node, n));
        world[n] = 'counterfactual';
        natural = ref(n);
      }
      const shifted = done.get(node.name);
      if (shifted.kind !== 'deterministic') throw new Error('unreachable: a shift is deterministic');
      const expr = substitute(toCf(shifted.expr), new Map([[`${node.name}_natural`, natural]]));
      copies.push({ kind: 'deterministic', name, expr });
    } else {
      copies.push(renamed(done.get(node.name), name, toCf));
    }
  }
  const nodes = g.nodes.flatMap((n) => [n, ...(noiseNodes.get(n.name) ?? [])]);
  return { graph: new Graph(inOrder([...nodes, ...copies])), world, counterfactual, noise };
}

/** The node's shape and, for a family with a category axis (Categorical), its length. */
function couplingShape(g: Graph, node: RandomNode): CouplingShape {
  const vector = getDistribution(node.dist.name).structural?.vectorParams ?? [];
  const arg = vector.map((k) => node.dist.args[k]).find((e) => e !== undefined);
  return { shape: [...g.shapeOf(node.name)], categories: arg && g.exprShape(arg).at(-1) };
}

function couplingOf(node: RandomNode): GraphCoupling {
  const where = `twin: cannot copy '${node.name}'`;
  if (node.recurrence)
    throw new DoplError(`${where}: random recurrences have no structural form yet`, { node: node.name });
  if (node.constraint) {
    throw new DoplError(
      `${where}: its constraint truncates ${node.dist.name}, which changes its structural form`,
      {
        node: node.name,
      },
    );
  }
  const c = graphCouplings[node.dist.name];
  if (!c) {
    throw new DoplError(
      `${where}: the structural form of ${node.dist.name} cannot be written with graph ops (supported: ${Object.keys(graphCouplings).join(', ')}); counterfactualDraws handles every family with a structural form`,
      { node: node.name },
    );
  }
  return c;
}

/** A mechanism under a new name, reading the counterfactual world. */
function renamed(node: Node, name: string, f: (e: Expr) => Expr): Node {
  if (node.kind === 'deterministic') return { ...node, name, expr: f(node.expr) };
  if (node.kind === 'random') {
    const args = Object.fromEntries(Object.entries(node.dist.args).map(([k, e]) => [k, f(e)]));
    return { ...node, name, dist: { ...node.dist, args } };
  }
  return { ...node, name };
}

/**
 * The graph with the given random nodes no longer observed (their shape kept), so that they can
 * be intervened on or re-derived; the evidence lives elsewhere.
 */
export function withoutObservation(graph: Graph, names: Iterable<string>): Graph {
  const strip = new Set(names);
  return new Graph(
    graph.nodes.map((n): Node => {
      if (!strip.has(n.name) || n.kind !== 'random' || n.observed === undefined) return n;
      const { observed: _observed, data: _data, ...rest } = n;
      return { ...rest, dims: n.dims ?? [...graph.shapeOf(n.name)] };
    }),
  );
}

// Stable topological order: copies come after everything they read, even when a stochastic
// intervention reads a node defined later. Observed values are data and never delay a reader.
function inOrder(nodes: readonly Node[]): Node[] {
  const pending = [...nodes];
  const placed = new Set<string>();
  const drawn = new Set(
    nodes.filter((n) => !(n.kind === 'random' && n.observed !== undefined)).map((n) => n.name),
  );
  const out: Node[] = [];
  while (pending.length) {
    const k = pending.findIndex((n) => [...nodeRefs(n)].every((r) => placed.has(r) || !drawn.has(r)));
    if (k < 0) throw new DoplError(`twin: the intervention creates a cycle at '${pending[0].name}'`);
    const [n] = pending.splice(k, 1);
    placed.add(n.name);
    out.push(n);
  }
  return out;
}
