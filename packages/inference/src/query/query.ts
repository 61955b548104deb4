import {
  causalDag,
  DoplError,
  doIntervention,
  type Graph,
  type Intervention,
  observe,
  sampleForward,
  type Tensor,
  type TensorLike,
  toTensor,
} from '@dopl/core';
import type { InferenceData } from '../data/index.js';
import { type QueryAnswer, type QueryKind, summariseAnswer } from './answer.js';
import { combine, pairAll } from './contrast.js';
import { counterfactualWorlds } from './counterfactual-query.js';
import { observedNames, unobserveInOrder } from './evidence.js';
import { descendants } from './posterior-draws.js';
import {
  fittedRows,
  type InferSettings,
  inferRows,
  QUERY_NUTS_DEFAULTS,
  type QueryMethod,
  type Rows,
  type World,
} from './rows.js';
import { targetDraws, targetLabel } from './target.js';
import { checkActedWorld, checkActionValues, checkEvidence } from './validity.js';

/** A node name, or a function of every node's value in one draw. */
export type QueryTarget = string | ((values: Readonly<Record<string, Float64Array>>) => number);

export interface QueryOptions {
  readonly target: QueryTarget;
  /** The target's label in the answer (default: its node name, or 'f(…)' for a function). */
  readonly targetLabel?: string;
  /** Evidence (unit-level observations); with `counterfactual` it is the world abducted from. */
  readonly given?: Readonly<Record<string, TensorLike>>;
  readonly do?: Readonly<Record<string, Intervention>>;
  /** Imagine `do` in the world of `given` (twin network) rather than in a fresh population. */
  readonly counterfactual?: boolean;
  /** A second intervention: the answer is the per-draw contrast target(do) − target(vs). */
  readonly vs?: Readonly<Record<string, Intervention>>;
  /**
   * How the two worlds of `vs` combine row by row: target(do) − target(vs) by default; e.g.
   * `(y1, y0) => (y1 === 1 && y0 === 0 ? 1 : 0)` gives the probability of necessity and sufficiency.
   */
  readonly contrast?: (a: number, b: number) => number;
  /** Draws for an unfitted model (forward, importance or NUTS draws); a fit uses its own. Default 1000. */
  readonly draws?: number;
  readonly seed?: number | string;
  /** Inference on the evidence of an unfitted model; 'auto' by default (see `inferRows`). */
  readonly method?: QueryMethod;
  /** NUTS chains and warm-up iterations when NUTS is used (defaults 2 and 500). */
  readonly chains?: number;
  readonly tune?: number;
  /** Largest joint state space enumerated (default 100 000). */
  readonly maxStates?: number;
  /** HDI mass of the answer (default 0.94). */
  readonly hdiProb?: number;
}

/** A model to query: a Graph, or a Graph with the posterior fitted on it. */
export type Queryable = Graph | { readonly graph: Graph; readonly fit: InferenceData };

type Act = Readonly<Record<string, Intervention>>;

/**
 * One entry point for the three rungs of the causal ladder, with the method used reported.
 *
 * - **Observational** P(target | evidence). Evidence is `given` plus what the model observes. On
 *   an unfitted model it is inferred: exact enumeration of finite discrete latents, NUTS when
 *   every latent is continuous, likelihood weighting otherwise (`method` to choose). On a fit the
 *   posterior draws are used (with posterior-predictive draws of observed nodes).
 * - **Interventional** P(target | do(…)). On a fit, and on an unfitted model that observes data,
 *   the latents not downstream of the action keep their posterior draws and everything
 *   downstream is re-drawn (a latent descendant never keeps its factual value). On a model
 *   without data, `given` conditions the *intervened* graph: Pearl's P(y | do(x), z), the
 *   population under the action restricted to the units where z is seen.
 * - **Counterfactual** P(target had do(…) been | evidence): the latents are inferred from the
 *   evidence (or taken from the fit's posterior draws), then abduction–action–prediction per
 *   draw; under enumeration the discrete noise is integrated exactly, so answers are exact.
 * - **`vs`**: the per-draw contrast target(do) − target(vs). Counterfactual contrasts share the
 *   abducted noise row by row; interventional ones share the random stream (forward sampling)
 *   or, for weighted answers from two separate inferences, pair every state of one with every
 *   state of the other (independent coupling: the mean is exact, the spread is one choice).
 * - Evidence that cannot happen is refused by the node of the first `given` entry (in the
 *   model's order) that makes it impossible, never answered or reported as a failed sampler.
 *
 * ```ts
 * // x ~ Normal(0, 1); y ~ Normal(2x, 1)
 * query(g, { target: 'y', do: { x: 1 }, draws: 4000, seed: 1 }).mean;   // ≈ 2
 * ```
 */
export function query(model: Queryable, options: QueryOptions): QueryAnswer {
  try {
    return answerQuery(model, options);
  } catch (err) {
    const given = Object.keys(options.given ?? {});
    if (!(err instanceof DoplError) || given.length === 0 || !isZeroEvidence(err)) throw err;
    throw impossibleEvidence(model, options, err);
  }
}

const isZeroEvidence = (err: DoplError) =>
  err.message.startsWith('the evidence has probability zero') || isStuckInit(err);

// NUTS found no starting point of positive density: the evidence may be impossible.
const isStuckInit = (err: DoplError) =>
  /^initialization between .* failed after \d+ attempts \(the log density is -Infinity\)/.test(err.message);

/**
 * Evidence that cannot have happened, blamed on the first piece of `given` (in the model's
 * order) that makes it so: each prefix of the evidence is asked again until one is impossible,
 * so the error names a clause the user wrote rather than the inference that failed.
 */
function impossibleEvidence(model: Queryable, options: QueryOptions, err: DoplError): DoplError {
  const graph = 'graph' in model ? model.graph : model;
  const given = options.given!;
  const order = graph.names.filter((n) => n in given);
  const causeOf = (e: DoplError) =>
    isStuckInit(e)
      ? `(NUTS found no state of the latents where it has a positive density: ${e.message.replace(/;.*$/, '')})`
      : e.message.replace(/^the evidence has probability zero under the model ?/, '');
  const says = (e: DoplError) => (isStuckInit(e) ? 'looks impossible' : 'has probability zero');
  const shown = (n: string) => {
    const v = toTensor(given[n], n);
    return v.data.length === 1 ? String(v.data[0]) : `[${Array.from(v.data).join(', ')}]`;
  };
  // An interventional query conditions each acted world on the evidence: either may be the one
  // where it cannot happen. Elsewhere the evidence is of the one factual world.
  const worlds: [string, QueryOptions['do']][] =
    options.do && !options.counterfactual
      ? [['do', options.do], ...(options.vs ? [['vs', options.vs] as [string, QueryOptions['do']]] : [])]
      : [['', options.do]];
  // Each probe only has to fail or not: NUTS needs no real warm-up for that.
  const probe: QueryOptions = { ...options, vs: undefined, tune: Math.min(options.tune ?? 20, 20) };
  for (let k = 1; k <= order.length; k++) {
    const prefix = Object.fromEntries(order.slice(0, k).map((n) => [n, given[n]]));
    for (const [label, act] of worlds) {
      try {
        answerQuery(model, { ...probe, given: prefix, do: act });
      } catch (inner) {
        if (!(inner instanceof DoplError) || !isZeroEvidence(inner)) continue;
        // A sampler that cannot start without any evidence either: not the evidence's fault.
        if (k === 1 && isStuckInit(inner) && !runs(model, { ...probe, given: undefined, do: act }))
          return err;
        const name = order[k - 1];
        const earlier = order.slice(0, k - 1).map((n) => `${n} = ${shown(n)}`);
        const under = label ? `${label}(${Object.keys(act!).join(', ')})` : 'the model';
        return new DoplError(
          `query: evidence ${name} = ${shown(name)} ${says(inner)} under ${under}${earlier.length ? ` given ${earlier.join(', ')}` : ''} ${causeOf(inner)}`.trimEnd(),
          { node: name },
        );
      }
    }
  }
  return new DoplError(
    `query: the evidence (${order.join(', ')}) ${says(err)} under the model ${causeOf(err)}`,
    {
      node: order[0],
    },
  );
}

/** Whether the query runs (its answer is not needed). */
function runs(model: Queryable, options: QueryOptions): boolean {
  try {
    answerQuery(model, options);
    return true;
  } catch {
    return false;
  }
}

function answerQuery(model: Queryable, options: QueryOptions): QueryAnswer {
  const graph = 'graph' in model ? model.graph : model;
  const fit = 'graph' in model ? model.fit : undefined;
  const kind: QueryKind = options.counterfactual
    ? 'counterfactual'
    : options.do
      ? 'interventional'
      : 'observational';
  if (options.counterfactual && !options.do)
    throw new DoplError(
      'query: a counterfactual query needs `do` (the action imagined in the factual world)',
    );
  if (options.vs && !options.do)
    throw new DoplError('query: `vs` contrasts two interventions; give `do` too');
  const draws = options.draws ?? 1000;
  if (!Number.isSafeInteger(draws) || draws < 1)
    throw new DoplError(`query: draws must be a positive integer, got ${draws}`);
  const settings: InferSettings = {
    method: options.method ?? 'auto',
    draws,
    seed: options.seed ?? 1,
    maxStates: options.maxStates,
    chains: options.chains ?? QUERY_NUTS_DEFAULTS.chains,
    tune: options.tune ?? QUERY_NUTS_DEFAULTS.tune,
  };
  if (options.given) checkEvidence(graph, options.given);
  if (options.do) checkActionValues(graph, options.do, 'do');
  if (options.vs) checkActionValues(graph, options.vs, 'vs');
  const target = targetLabel(options.target, options.targetLabel);
  const answer = (w: World, values: Float64Array) =>
    summariseAnswer({
      kind,
      method: w.method,
      target,
      draws: values,
      weights: w.weights,
      error: w.error,
      hdiProb: options.hdiProb,
    });
  if (options.counterfactual) {
    const w = counterfactualWorlds(graph, fit, options, settings);
    const a = targetDraws(w.values[0], options.target);
    if (!options.vs) return answer(w, a);
    return answer(w, combine(a, targetDraws(w.values[1], options.target), options.contrast));
  }
  // The posterior of a model's data is the same for both arms of a contrast: inferred once.
  const posterior = new Map<Graph, Rows>();
  const first = rungWorld(graph, fit, options.do, 'do', options, settings, posterior);
  const a = targetDraws(first.values[0], options.target);
  if (!options.vs) return answer(first, a);
  const second = rungWorld(graph, fit, options.vs, 'vs', options, settings, posterior);
  const b = targetDraws(second.values[0], options.target);
  if (!first.weights && !second.weights) return answer(first, combine(a, b, options.contrast));
  return answer(...pairAll(first, a, second, b, options.contrast));
}

/** Observational or interventional draws. */
function rungWorld(
  graph: Graph,
  fit: InferenceData | undefined,
  act: Act | undefined,
  label: 'do' | 'vs',
  options: QueryOptions,
  s: InferSettings,
  posterior: Map<Graph, Rows>,
): World {
  const given = options.given ?? {};
  const hasGiven = Object.keys(given).length > 0;
  const acted = Object.keys(act ?? {});
  for (const a of acted) {
    if (a in given)
      throw new DoplError(
        `query: '${a}' is both given and intervened on; do() sets it, so drop it from the evidence`,
        {
          node: a,
        },
      );
  }
  const observed = observedNames(graph);
  if (fit) {
    if (hasGiven) {
      throw new DoplError(
        'query: on a fit, `given` is read by counterfactual queries (the world abducted from); for an observational or interventional query given new evidence, fit the model on that evidence or query the unfitted model',
      );
    }
    return redrawDownstream(graph, fittedRows(graph, fit, s.seed), act, label, s.seed, 'posterior draws');
  }
  if (!act) {
    const g = hasGiven ? observe(graph, given) : graph;
    return one(inferRows(g, s));
  }
  if (observed.length > 0) {
    if (hasGiven) {
      throw new DoplError(
        `query: the model observes data (${observed.join(', ')}); an interventional query then infers its latents from the data and re-draws what the action moves, and extra \`given\` evidence on top is not supported: add it to the data, or ask a counterfactual query`,
      );
    }
    const rows = posterior.get(graph) ?? inferRows(graph, s);
    posterior.set(graph, rows);
    return redrawDownstream(graph, rows, act, label, s.seed, rows.method);
  }
  const gi = doIntervention(graph, act);
  // A look at a few prior draws under the action first: where it gives invalid parameters in
  // every state, enumeration would fail with "the evidence has probability zero".
  let prior: Record<string, Tensor> | undefined;
  try {
    prior = sampleForward(gi, { draws: 16, seed: `${s.seed}/check`, predictive: false });
  } catch {
    // Left to the inference below, which reports what it cannot draw.
  }
  if (prior) checkActedWorld(graph, gi, prior, act, label);
  const world = one(inferRows(hasGiven ? observe(gi, given) : gi, s));
  checkActedWorld(graph, gi, world.values[0], act, label);
  return world;
}

const one = (r: Rows): World => ({
  values: [r.values],
  weights: r.weights,
  error: r.error,
  method: r.method,
});

/**
 * The action applied to posterior rows: latents not downstream of it keep their values, the
 * rest (observed descendants included) are drawn again under the action.
 */
function redrawDownstream(
  graph: Graph,
  rows: Rows,
  act: Act | undefined,
  label: 'do' | 'vs',
  seed: number | string,
  method: string,
): World {
  if (!act) {
    // Posterior predictive: observed nodes re-drawn given the posterior of the latents.
    const given = latentValues(graph, rows.values, new Set());
    const values = sampleForward(graph, { given, draws: rows.n, seed, predictive: true });
    return { values: [values], weights: rows.weights, error: rows.error, method };
  }
  const acted = Object.keys(act);
  const dag = causalDag(graph);
  const moved = descendants(dag.children, acted);
  for (const a of acted) moved.add(a);
  // Observed descendants are drawn again, so whatever reads them must read the new draw.
  const g = doIntervention(
    unobserveInOrder(
      graph,
      observedNames(graph).filter((n) => moved.has(n)),
    ),
    act,
  );
  const given = latentValues(g, rows.values, moved);
  // A shift or slice reads the node's natural value: its posterior draw (or its data when it is
  // observed) as long as no parent of it moves, else drawn again like any descendant.
  for (const a of acted) {
    const natural = `${a}_natural`;
    const parents = dag.parents.get(a) ?? [];
    if (g.has(natural) && !graph.has(natural) && rows.values[a] && !parents.some((p) => moved.has(p)))
      given[natural] = rows.values[a];
  }
  const values = sampleForward(g, { given, draws: rows.n, seed, predictive: true });
  checkActedWorld(graph, g, values, act, label);
  return {
    values: [values],
    weights: rows.weights,
    error: rows.error,
    method: `${method}, descendants re-drawn`,
  };
}

function latentValues(g: Graph, values: Readonly<Record<string, Tensor>>, skip: ReadonlySet<string>) {
  const given: Record<string, Tensor> = {};
  for (const n of g.nodes) {
    if (n.kind !== 'random' || n.observed !== undefined || skip.has(n.name)) continue;
    if (values[n.name]) given[n.name] = values[n.name];
  }
  return given;
}
