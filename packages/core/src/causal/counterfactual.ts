import { getDistribution } from '../distributions/distribution.js';
import { DoplError } from '../errors.js';
import { bind } from '../graph/bind.js';
import { call } from '../graph/expr.js';
import { Graph } from '../graph/graph.js';
import type { Node, RandomNode } from '../graph/node.js';
import { Rng } from '../random/index.js';
import { sampleForward } from '../sample/forward.js';
import { formatShape, size, type Tensor, type TensorLike, toTensor } from '../tensor/index.js';
import { abductNoise, applyNoise, drawNoise, structuralOf } from './abduct.js';
import { causalDag, mechanismRefs, reach } from './dag.js';
import { doIntervention, type Intervention, readsNatural } from './do.js';
import { withoutObservation } from './twin.js';

export interface CounterfactualOptions {
  /** Factual observations of random (or data) nodes; observed nodes of the graph count too. */
  readonly evidence?: Readonly<Record<string, TensorLike>>;
  /** The counterfactual action, as in `doIntervention`. */
  readonly intervention: Readonly<Record<string, Intervention>>;
  /** Node(s) to report in the counterfactual world. */
  readonly target: string | readonly string[];
  /** Per-draw values of latent random nodes, leading axis = draw (posterior draws of globals). */
  readonly given?: Readonly<Record<string, Tensor>>;
  /** Number of draws when `given` is absent; default 1000. */
  readonly draws?: number;
  readonly seed?: number | string;
}

/**
 * Counterfactual draws by Pearl's three steps, numerically and for every family with a
 * structural form: for each draw, (1) abduction — the noise of every random node downstream of
 * the intervention, from its factual value and its parents' values (a point for continuous
 * families; for discrete ones a uniform draw from the interval that produces the value); (2)
 * action — `do(intervention)`; (3) prediction — the downstream nodes recomputed with that noise.
 *
 * Exact when every latent upstream of the evidence is given per draw (global parameters, e.g.
 * posterior draws) and the unit-level noise is abducted from the evidence; latent nodes not
 * upstream of the evidence are drawn given what is fixed. A latent upstream of the evidence that
 * is not given is an error: its posterior needs inference (`twin()` and a sampler).
 *
 * ```ts
 * // x ~ Normal(0, 1); y ~ Normal(2x, 1)
 * counterfactualDraws(g, { evidence: { x: 1, y: 3 }, intervention: { x: 2 }, target: 'y', draws: 1 })
 *   .y.data[0];   // 5 (u_y = 3 − 2·1 = 1, then 2·2 + 1)
 * ```
 */
export function counterfactualDraws(graph: Graph, options: CounterfactualOptions): Record<string, Tensor> {
  const { evidence, g0 } = unitGraph(graph, options.evidence ?? {});
  const given = options.given ?? {};
  const targets = typeof options.target === 'string' ? [options.target] : [...options.target];
  for (const t of targets) g0.get(t);
  const dag = causalDag(g0);
  for (const a of reach(dag, Object.keys(evidence))) {
    if (g0.get(a).kind === 'random' && !(a in evidence) && !(a in given)) {
      throw new DoplError(
        `counterfactualDraws: '${a}' is latent and upstream of the evidence, so its noise cannot be abducted exactly; give its (posterior) draws in 'given', or use twin() with a sampler`,
        { node: a },
      );
    }
  }
  const given0 = Object.values(given)[0];
  const draws = given0 ? given0.shape[0] : (options.draws ?? 1000);
  const seed = options.seed ?? Date.now();
  const fixed: Record<string, Tensor> = { ...given };
  for (const [k, v] of Object.entries(evidence)) fixed[k] = repeat(v, draws);

  // The random nodes recomputed in the counterfactual world (named as in do()'s graph), each with
  // the factual node whose noise it reuses: the descendants of the intervention, and the natural
  // mechanism `x_natural` of a shifted x whose parents change.
  const acted = Object.keys(options.intervention);
  const copied = new Set([...acted, ...reach(dag, acted, true)]);
  const reuse = new Map<string, string>();
  for (const n of g0.nodes) {
    if (n.kind !== 'random' || !copied.has(n.name)) continue;
    const what = options.intervention[n.name];
    if (what === undefined) reuse.set(n.name, n.name);
    else if (readsNatural(what) && [...mechanismRefs(n)].some((p) => copied.has(p)))
      reuse.set(`${n.name}_natural`, n.name);
  }
  for (const r of reuse.values()) checkCopyable(g0.get(r) as RandomNode);

  // (1) Abduction, from the factual values and the parameters they were drawn with.
  const factual = sampleForward(withArgs(g0, [...reuse.values()]), {
    given: fixed,
    draws,
    seed: `${seed}/factual`,
  });
  const rng = new Rng(`${seed}/noise`);
  const noise = new Map<string, Float64Array>();
  for (const r of reuse.values()) {
    const node = g0.get(r) as RandomNode;
    const dist = getDistribution(node.dist.name);
    noise.set(
      r,
      perElement(factual, node, (p, x, v) => drawNoise(abductNoise(dist, p, x, v), rng)),
    );
  }

  // (2) Action. (3) Prediction: random nodes outside the copied set keep their factual values
  // (x_natural of a shift whose parents stay: x's); the recomputed ones are F(params′, u), in
  // order, each pass of the sampler reading the ones before it.
  const gc = doIntervention(g0, options.intervention);
  const known: Record<string, Tensor> = {};
  for (const n of gc.nodes) {
    if (n.kind !== 'random' || reuse.has(n.name) || n.name in options.intervention) continue;
    const shift = n.name.endsWith('_natural') && !g0.has(n.name);
    known[n.name] = factual[shift ? n.name.slice(0, -'_natural'.length) : n.name];
  }
  const order = gc.names;
  let pass = 0;
  for (const r of order.filter((n) => reuse.has(n))) {
    const node = gc.get(r) as RandomNode;
    const out = sampleForward(withArgs(gc, [r]), { given: known, draws, seed: `${seed}/cf${pass++}` });
    // A stochastic intervention upstream of r has now been drawn: keep that draw for later passes.
    for (const s of acted) {
      if (!(s in known) && gc.get(s).kind === 'random' && order.indexOf(s) < order.indexOf(r))
        known[s] = out[s];
    }
    const u = noise.get(reuse.get(r)!)!;
    const dist = getDistribution(node.dist.name);
    let k = 0;
    const values = perElement(out, node, (p, _x, v) => applyNoise(dist, p, u[k++], v));
    known[r] = { shape: [draws, ...gc.shapeOf(r)], data: values };
  }
  const result = sampleForward(gc, { given: known, draws, seed: `${seed}/cf${pass}` });
  return Object.fromEntries(targets.map((t) => [t, result[t]]));
}

/** The graph with evidence unbound (observed nodes become plain random nodes) and the evidence. */
function unitGraph(graph: Graph, raw: Readonly<Record<string, TensorLike>>) {
  const evidence: Record<string, Tensor> = {};
  const data: Record<string, TensorLike> = {};
  for (const n of graph.nodes) {
    if (n.kind === 'random' && n.observed !== undefined && !(n.name in raw)) {
      if (n.observed.kind !== 'const') {
        throw new DoplError(
          `counterfactualDraws: '${n.name}' is observed through an expression; give its value in 'evidence'`,
          { node: n.name },
        );
      }
      evidence[n.name] = n.observed.value;
    }
  }
  for (const [name, value] of Object.entries(raw)) {
    const n = graph.get(name);
    if (n.kind === 'data') data[name] = value;
    else if (n.kind === 'random') evidence[name] = toTensor(value, name);
    else {
      throw new DoplError(
        `counterfactualDraws: evidence on ${n.kind} '${name}' cannot be abducted; give evidence on random nodes`,
        { node: name },
      );
    }
  }
  const bound = Object.keys(data).length ? bind(graph, data) : graph;
  const g0 = withoutObservation(bound, Object.keys(evidence));
  for (const [name, v] of Object.entries(evidence)) {
    const want = g0.shapeOf(name);
    if (v.shape.length !== want.length || v.shape.some((d, i) => d !== want[i])) {
      throw new DoplError(
        `counterfactualDraws: evidence '${name}' should have shape ${formatShape(want)}, got ${formatShape(v.shape)}`,
        { node: name },
      );
    }
  }
  return { evidence, g0 };
}

function checkCopyable(node: RandomNode): void {
  const where = `counterfactualDraws: '${node.name}'`;
  structuralOf(node.dist.name, node.name);
  if (getDistribution(node.dist.name).eventRank > 0)
    throw new DoplError(`${where}: ${node.dist.name} has no scalar structural form`, { node: node.name });
  if (node.recurrence)
    throw new DoplError(`${where}: random recurrences have no structural form yet`, { node: node.name });
  if (node.constraint)
    throw new DoplError(`${where}: its constraint truncates ${node.dist.name}`, { node: node.name });
}

// Each argument of the named random nodes as a node `name.arg`, broadcast to the node's shape
// (dots never occur in model names, so these cannot collide).
export const argName = (node: string, arg: string) => `${node}.${arg}`;

/** The arguments of a node's family that are a vector per element (Categorical's p). */
const vectorArgs = (node: RandomNode): ReadonlySet<string> =>
  new Set(getDistribution(node.dist.name).structural?.vectorParams ?? []);

/**
 * The graph with each argument of the named random nodes added as a node `name.arg`, broadcast
 * to the node's shape (a vector argument: to the node's shape and its own last axis).
 */
export function withArgs(graph: Graph, names: readonly string[]): Graph {
  const extra: Node[] = [];
  for (const name of names) {
    const node = graph.get(name) as RandomNode;
    const shape = [...graph.shapeOf(name)];
    const vectors = vectorArgs(node);
    for (const [k, e] of Object.entries(node.dist.args)) {
      const to = vectors.has(k) ? [...shape, graph.exprShape(e).at(-1) ?? 1] : shape;
      extra.push({
        kind: 'deterministic',
        name: argName(name, k),
        expr: call('broadcast_to', [e], { shape: to }),
      });
    }
  }
  return new Graph([...graph.nodes, ...extra]);
}

/**
 * The parameters of element j (flat over draws and the node's shape) of a random node, read from
 * the `name.arg` outputs of `withArgs`: numbers, and the vectors of vector arguments.
 */
export function elementParams(
  values: Readonly<Record<string, Tensor>>,
  node: RandomNode,
  j: number,
): { params: Record<string, number>; vectors?: Record<string, Float64Array> } {
  const vectors = vectorArgs(node);
  const params: Record<string, number> = {};
  let vs: Record<string, Float64Array> | undefined;
  for (const a of Object.keys(node.dist.args)) {
    const t = values[argName(node.name, a)];
    if (!vectors.has(a)) {
      params[a] = t.data[j];
      continue;
    }
    const k = t.shape[t.shape.length - 1];
    vs ??= {};
    vs[a] = t.data.subarray(j * k, (j + 1) * k);
  }
  return { params, vectors: vs };
}

/** f(params, x) for every element of every draw of a random node, reading `name.arg` outputs. */
function perElement(
  values: Readonly<Record<string, Tensor>>,
  node: RandomNode,
  f: (p: Record<string, number>, x: number, vectors?: Record<string, Float64Array>) => number,
): Float64Array {
  const x = values[node.name].data;
  const out = new Float64Array(x.length);
  for (let j = 0; j < x.length; j++) {
    const { params, vectors } = elementParams(values, node, j);
    out[j] = f(params, x[j], vectors);
  }
  return out;
}

/** A value repeated along a new leading draw axis. */
function repeat(v: Tensor, draws: number): Tensor {
  const n = size(v.shape);
  const data = new Float64Array(draws * n);
  for (let d = 0; d < draws; d++) data.set(v.data, d * n);
  return { shape: [draws, ...v.shape], data };
}
