import {
  type CompiledModel,
  call,
  compile,
  constant,
  DoplError,
  type Expr,
  Graph,
  getDistribution,
  type Node,
  observe,
  type RandomNode,
  ref,
  sampleForward,
  scalar,
  type Tensor,
  type TensorLike,
} from '@dopl/core';

/**
 * Discrete inference: exact enumeration and likelihood weighting (importance sampling from the
 * prior). The result is a weighted sample of every node, the shape every query reads:
 *
 * ```ts
 * interface DiscreteResult {
 *   method: 'enumerate' | 'importance';
 *   draws: Record<string, Tensor>;   // every random, deterministic and evidence node, shape [n, ...nodeShape]
 *   logWeights: Float64Array;         // length n, unnormalised: log p(state, evidence) for enumeration,
 *                                     // log p(evidence | draw) for importance sampling
 *   weights: Float64Array;            // length n, normalised to sum to one
 *   logEvidence: number;              // log p(evidence) (exact, or the importance estimate)
 *   ess?: number;                     // importance only: (Σw)² / Σw²
 *   states?: number;                  // enumeration only: number of joint states (= n)
 * }
 * ```
 *
 * A posterior expectation is Σ_i weights[i] · f(draw i) in both cases.
 */
export interface DiscreteResult {
  readonly method: 'enumerate' | 'importance';
  readonly draws: Readonly<Record<string, Tensor>>;
  readonly logWeights: Float64Array;
  readonly weights: Float64Array;
  readonly logEvidence: number;
  readonly ess?: number;
  readonly states?: number;
}

export interface DiscreteOptions {
  /** 'auto' (default): enumeration when every latent is discrete with a bounded support and the
   * state space has at most maxStates states, else importance sampling. */
  readonly method?: 'enumerate' | 'importance' | 'auto';
  /** Importance draws (default 10 000). */
  readonly draws?: number;
  /** Seed of the importance draws (default 0: answers are reproducible unless asked otherwise). */
  readonly seed?: number | string;
  /** Largest joint state space enumerated (default 100 000). */
  readonly maxStates?: number;
}

export type Evidence = Readonly<Record<string, TensorLike>>;

const DEFAULT_MAX_STATES = 100_000;
const DEFAULT_DRAWS = 10_000;
// Prefix of the deterministic nodes added to read support bounds (Binomial's n) per state.
const BOUND = '__dopl_bound__';

const latents = (g: Graph): RandomNode[] =>
  g.nodes.filter((n): n is RandomNode => n.kind === 'random' && n.observed === undefined);

function logSumExp(xs: Float64Array): number {
  let m = Number.NEGATIVE_INFINITY;
  for (const x of xs) if (x > m) m = x;
  if (m === Number.NEGATIVE_INFINITY || m === Number.POSITIVE_INFINITY) return m;
  let s = 0;
  for (const x of xs) s += Math.exp(x - m);
  return m + Math.log(s);
}

function normalise(logW: Float64Array, what: string): { weights: Float64Array; lse: number } {
  const lse = logSumExp(logW);
  if (!Number.isFinite(lse)) {
    throw new DoplError(
      lse === Number.NEGATIVE_INFINITY
        ? `the evidence has probability zero under the model (${what})`
        : `the log-weights are not finite (${what})`,
    );
  }
  const weights = new Float64Array(logW.length);
  for (let i = 0; i < logW.length; i++) weights[i] = Math.exp(logW[i] - lse);
  return { weights, lse };
}

/** Kish's effective sample size (Σw)² / Σw² of importance weights given on the log scale. */
export function effectiveSampleSize(logWeights: ArrayLike<number>): number {
  let m = Number.NEGATIVE_INFINITY;
  for (let i = 0; i < logWeights.length; i++) if (logWeights[i] > m) m = logWeights[i];
  if (m === Number.NEGATIVE_INFINITY) return 0;
  let s = 0;
  let s2 = 0;
  for (let i = 0; i < logWeights.length; i++) {
    const w = Math.exp(logWeights[i] - m);
    s += w;
    s2 += w * w;
  }
  return (s * s) / s2;
}

function checkEvidence(graph: Graph, evidence: Evidence): Graph {
  for (const name of Object.keys(evidence)) {
    if (!graph.has(name)) throw new DoplError(`evidence names unknown node '${name}'`, { node: name });
  }
  return Object.keys(evidence).length ? observe(graph, evidence) : graph;
}

/**
 * Posterior of a model given evidence (observed values of random or data nodes) by exact
 * enumeration of its discrete latents or by likelihood weighting.
 *
 * ```ts
 * const r = infer(g, { wet: 1 });                 // enumeration: r.states === 4 for two binary causes
 * const pRain = r.weights.reduce((s, w, i) => s + w * r.draws.rain.data[i], 0);
 * ```
 */
export function infer(graph: Graph, evidence: Evidence = {}, options: DiscreteOptions = {}): DiscreteResult {
  const g = checkEvidence(graph, evidence);
  const method = options.method ?? 'auto';
  if (method !== 'auto' && method !== 'enumerate' && method !== 'importance')
    throw new DoplError(`infer: unknown method '${method}' (enumerate, importance or auto)`);
  const maxStates = options.maxStates ?? DEFAULT_MAX_STATES;
  if (method === 'importance') return importance(g, options);
  const lat = latents(g);
  const continuous = lat.filter((n) => !getDistribution(n.dist.name).discrete).map((n) => n.name);
  if (continuous.length) {
    const discrete = lat.filter((n) => getDistribution(n.dist.name).discrete).map((n) => n.name);
    const what = discrete.length
      ? `the model mixes discrete latents (${discrete.join(', ')}) with continuous latents (${continuous.join(', ')})`
      : `every latent is continuous (${continuous.join(', ')})`;
    throw new DoplError(
      `${method === 'auto' ? 'discrete inference' : 'enumeration'}: ${what}. Enumeration needs every latent discrete with a bounded support; NUTS (chosen by query) needs every latent continuous; likelihood weighting (method: 'importance') handles both but is only accurate when the evidence is not too informative`,
      { node: continuous[0] },
    );
  }
  const space = stateSpace(g, lat);
  // With bounds read from other latents the size is known only while multiplying out.
  const tooLarge = !space.bounded || (Number.isFinite(space.size) && space.size > maxStates);
  const result = tooLarge ? undefined : enumerate(g, lat, space, maxStates);
  if (result) return result;
  if (method === 'auto') return importance(g, options);
  throw new DoplError(space.message(maxStates), { node: space.nodes[0] });
}

/**
 * Exact enumeration when it is possible: every latent discrete with a bounded support and at
 * most `maxStates` joint states; otherwise undefined (no error), so a caller can choose another
 * method. Evidence is whatever the graph observes.
 *
 * ```ts
 * tryEnumerate(g)?.states;   // 4 for two binary latents; undefined when a latent is continuous
 * ```
 */
export function tryEnumerate(graph: Graph, maxStates = DEFAULT_MAX_STATES): DiscreteResult | undefined {
  const lat = latents(graph);
  if (lat.some((n) => !getDistribution(n.dist.name).discrete)) return undefined;
  const space = stateSpace(graph, lat);
  if (!space.bounded || (Number.isFinite(space.size) && space.size > maxStates)) return undefined;
  return enumerate(graph, lat, space, maxStates);
}

/**
 * Why a model is not enumerated: its joint state space, as the error of method 'enumerate'
 * would describe it ('1073741824 joint states over …' or the unbounded supports).
 */
export function enumerationSpace(graph: Graph, maxStates = DEFAULT_MAX_STATES): string {
  return stateSpace(graph, latents(graph)).message(maxStates);
}

interface Space {
  /** Upper bound of the number of joint states (product of per-element support sizes). */
  readonly size: number;
  readonly bounded: boolean;
  readonly nodes: readonly string[];
  message(max: number): string;
}

/** The static support size of one latent, or the bound expression to evaluate per state. */
function supportOf(g: Graph, n: RandomNode): { size: number; param?: string } | { unbounded: true } {
  const d = getDistribution(n.dist.name);
  const s = d.support;
  if (s.kind !== 'integer') return { unbounded: true };
  if (d.name === 'Categorical') {
    const p = n.dist.args.p ?? n.dist.args.logits;
    const shape = g.exprShape(p);
    return { size: shape[shape.length - 1] };
  }
  if (s.upper === undefined) return { unbounded: true };
  if (typeof s.upper === 'number') return { size: s.upper - s.lower + 1 };
  return { size: Number.NaN, param: s.upper };
}

function stateSpace(g: Graph, lat: readonly RandomNode[]): Space {
  const parts: string[] = [];
  const unbounded: string[] = [];
  let total = 1;
  let bounded = true;
  for (const n of lat) {
    const s = supportOf(g, n);
    const elems = g.shapeOf(n.name).reduce((a, b) => a * b, 1);
    if ('unbounded' in s) {
      unbounded.push(`${n.name} (${n.dist.name})`);
      bounded = false;
      continue;
    }
    let k = s.size;
    if (s.param !== undefined) {
      // A bound read from the model: its largest value when it is known before inference.
      const e = n.dist.args[s.param];
      const v = knownMax(g, e);
      k = v === undefined ? Number.POSITIVE_INFINITY : v + 1;
    }
    total *= k ** elems;
    parts.push(`${n.name}${elems > 1 ? `[${elems}]` : ''}: ${Number.isFinite(k) ? k : '?'}`);
  }
  const names = lat.map((n) => n.name);
  return {
    size: bounded ? total : Number.POSITIVE_INFINITY,
    bounded,
    nodes: unbounded.length ? unbounded.map((u) => u.split(' ')[0]) : names,
    message: (max) =>
      !bounded
        ? `enumeration needs bounded discrete supports; ${unbounded.join(', ')} ${unbounded.length > 1 ? 'have' : 'has'} unbounded support: use method 'importance'`
        : `the state space is too large to enumerate: ${Number.isFinite(total) ? fmt(total) : `more than ${max} (support bounds read from other latents)`} joint states over ${names.length} latent node${names.length > 1 ? 's' : ''} (${parts.join(', ')}), more than maxStates = ${max}; use method 'importance' or raise maxStates`,
  };
}

const fmt = (x: number): string => (x < 1e15 ? String(x) : x.toExponential(3));

/** The largest value of an argument known before inference (constant or bound data). */
function knownMax(g: Graph, e: Expr): number | undefined {
  let t: Tensor | undefined;
  if (e.kind === 'const') t = e.value;
  else if (e.kind === 'ref') {
    const n = g.get(e.name);
    if (n.kind === 'data') t = n.value;
  }
  if (!t) return undefined;
  let m = Number.NEGATIVE_INFINITY;
  for (const v of t.data) if (v > m) m = v;
  return m;
}

/**
 * `e + z`, z a node equal to 0·Σ_l sum(l) over the latents so far. The JS compiler decides what
 * to recompute per call by differentiable dependence on theta, so an expression reading a latent
 * only through a non-differentiable slot (a discrete log-mass's value) would be hoisted out of
 * the per-call code; the zero term (exact for the finite values enumerated or drawn) keeps it
 * per call.
 */
function tied(e: Expr, zero: string | undefined): Expr {
  return zero === undefined ? e : call('add', [e, ref(zero)]);
}

const ZERO = constant(scalar(0));

/**
 * The graph with every latent an identity-transformed coordinate of the compiled vector: a Flat
 * carrier (an interval constraint without bounds) whose own log-mass, when `keepLatentMass`, is a
 * factor after it. The compiled log-density is then the joint log-mass at the state written into
 * theta (or only the evidence and factor terms), and `constrain` gives every deterministic node.
 * Support bounds read from the model (Binomial's n) are added as deterministic nodes.
 */
function carrierGraph(g: Graph, lat: readonly RandomNode[], keepLatentMass: boolean): Graph {
  const isLat = new Set(lat.map((n) => n.name));
  let zero: string | undefined;
  const nodes: Node[] = [];
  const tieArgs = (args: Readonly<Record<string, Expr>>) =>
    Object.fromEntries(Object.entries(args).map(([k, v]) => [k, tied(v, zero)]));
  for (const n of g.nodes) {
    if (n.kind === 'random' && isLat.has(n.name)) {
      const d = getDistribution(n.dist.name);
      const shape = [...g.shapeOf(n.name)];
      nodes.push({
        kind: 'random',
        name: n.name,
        dist: { name: 'Flat', args: {} },
        dims: shape,
        constraint: { kind: 'interval' },
      });
      const z = call('mul', [ZERO, call('sum', [ref(n.name)])]);
      nodes.push({ kind: 'deterministic', name: `${BOUND}zero_${n.name}`, expr: tied(z, zero) });
      zero = `${BOUND}zero_${n.name}`;
      // The arguments tied to the node itself too, so its own log-mass is computed per call.
      if (keepLatentMass)
        nodes.push({
          kind: 'factor',
          name: `${BOUND}lp_${n.name}`,
          expr: d.logp(ref(n.name), tieArgs(n.dist.args)),
        });
      const s = supportOf(g, n);
      if ('param' in s && s.param !== undefined) {
        nodes.push({
          kind: 'deterministic',
          name: `${BOUND}${n.name}`,
          expr: call('broadcast_to', [tied(n.dist.args[s.param], zero)], { shape }),
        });
      }
    } else if (n.kind === 'random') {
      nodes.push({ ...n, dist: { ...n.dist, args: tieArgs(n.dist.args) } });
    } else if (n.kind === 'deterministic' && !n.recurrence) {
      nodes.push({ ...n, expr: tied(n.expr, zero) });
    } else if (n.kind === 'factor') {
      nodes.push({ ...n, expr: tied(n.expr, zero) });
    } else nodes.push(n);
  }
  return new Graph(nodes);
}

/** Undefined when the state space turns out larger than maxStates. */
function enumerate(
  g: Graph,
  lat: readonly RandomNode[],
  space: Space,
  maxStates: number,
): DiscreteResult | undefined {
  const cg = carrierGraph(g, lat, true);
  let cm: CompiledModel;
  try {
    cm = compile(cg);
  } catch (err) {
    if (err instanceof DoplError) throw err;
    throw new DoplError(`enumeration: the model does not compile: ${(err as Error).message}`);
  }
  const dim = cm.dim;
  // Multiply out the states element by element in topological order: each partial state (a
  // prefix of theta) is extended by every value of the next element's support.
  let states: Float64Array[] = [new Float64Array(Math.max(dim, 1))];
  for (const info of cm.layout) {
    const node = g.get(info.name) as RandomNode;
    const s = supportOf(g, node);
    if ('unbounded' in s) throw new DoplError(space.message(0), { node: info.name });
    const lower = (getDistribution(node.dist.name).support as { lower: number }).lower;
    for (let e = 0; e < info.size; e++) {
      const next: Float64Array[] = [];
      for (const st of states) {
        let k = s.size;
        if (s.param !== undefined) {
          const bound = cm.constrain(st)[`${BOUND}${info.name}`].data[e];
          if (!Number.isInteger(bound) || bound < lower)
            throw new DoplError(
              `enumeration: '${info.name}' has support bound ${bound}, not an integer ≥ ${lower}`,
              {
                node: info.name,
              },
            );
          k = bound - lower + 1;
        }
        for (let v = 0; v < k; v++) {
          const t = st.slice();
          t[info.offset + e] = lower + v;
          next.push(t);
        }
      }
      states = next;
      if (states.length > maxStates) return undefined;
    }
  }
  const n = states.length;
  const logW = new Float64Array(n);
  const values: Record<string, Tensor>[] = [];
  for (let i = 0; i < n; i++) {
    logW[i] = cm.logDensity(states[i]);
    if (Number.isNaN(logW[i])) throw new DoplError('enumeration: the log-mass is NaN at a state');
    values.push(cm.constrain(states[i]));
  }
  const { weights, lse } = normalise(logW, 'every enumerated state has log-mass −∞');
  const draws: Record<string, Tensor> = {};
  for (const name of Object.keys(values[0] ?? {})) {
    if (name.startsWith(BOUND)) continue;
    draws[name] = stack(values.map((v) => v[name]));
  }
  addObserved(g, draws, n);
  return { method: 'enumerate', draws, logWeights: logW, weights, logEvidence: lse, states: n };
}

function stack(ts: readonly Tensor[]): Tensor {
  const per = ts[0].data.length;
  const data = new Float64Array(ts.length * per);
  ts.forEach((t, i) => data.set(t.data, i * per));
  return { shape: [ts.length, ...ts[0].shape], data };
}

/** Evidence (observed) nodes repeated per draw, so every node can be read from `draws`. */
function addObserved(g: Graph, draws: Record<string, Tensor>, n: number): void {
  for (const node of g.nodes) {
    if (node.kind !== 'random' || node.observed === undefined || node.name in draws) continue;
    const o = node.observed;
    let v: Tensor | undefined;
    if (o.kind === 'const') v = o.value;
    else if (o.kind === 'ref') {
      const d = g.get(o.name);
      if (d.kind === 'data') v = d.value;
    }
    if (v) draws[node.name] = stack(Array.from({ length: n }, () => v));
  }
}

/**
 * Likelihood weighting: latents drawn from the prior given their parents (evidence held at its
 * observed values), each draw weighted by the density of the evidence and factors given it.
 */
function importance(g: Graph, options: DiscreteOptions): DiscreteResult {
  const n = options.draws ?? DEFAULT_DRAWS;
  if (!Number.isSafeInteger(n) || n < 1)
    throw new DoplError(`importance sampling: draws must be a positive integer, got ${n}`);
  const lat = latents(g);
  const drawn = sampleForward(g, { draws: n, seed: options.seed ?? 0, predictive: false });
  // Latents become Flat coordinates: the compiled log-density is then only the evidence and
  // factor terms, i.e. the log-weight.
  const wg = carrierGraph(g, lat, false);
  const cm = compile(wg);
  const theta = new Float64Array(Math.max(cm.dim, 1));
  const logW = new Float64Array(n);
  for (let d = 0; d < n; d++) {
    for (const info of cm.layout)
      theta.set(drawn[info.name].data.subarray(d * info.size, (d + 1) * info.size), info.offset);
    logW[d] = cm.logDensity(theta);
    if (Number.isNaN(logW[d])) throw new DoplError('importance sampling: a log-weight is NaN');
  }
  const { weights, lse } = normalise(
    logW,
    `all ${n} importance draws have weight zero; the evidence is too unlikely under the prior for likelihood weighting`,
  );
  const draws: Record<string, Tensor> = { ...drawn };
  addObserved(g, draws, n);
  return {
    method: 'importance',
    draws,
    logWeights: logW,
    weights,
    logEvidence: lse - Math.log(n),
    ess: effectiveSampleSize(logW),
  };
}

/** Σ_i weights[i] · f(i): a posterior expectation from a weighted sample. */
export function expectation(result: DiscreteResult, f: (draw: number) => number): number {
  let s = 0;
  for (let i = 0; i < result.weights.length; i++) if (result.weights[i] > 0) s += result.weights[i] * f(i);
  return s;
}

/** The posterior probability that a scalar node equals `value`. */
export function probabilityOf(result: DiscreteResult, node: string, value: number): number {
  const t = result.draws[node];
  if (!t) throw new DoplError(`no draws of '${node}'`, { node });
  const per = t.data.length / result.weights.length;
  if (per !== 1) throw new DoplError(`'${node}' is not a scalar node`, { node });
  return expectation(result, (i) => (t.data[i] === value ? 1 : 0));
}
