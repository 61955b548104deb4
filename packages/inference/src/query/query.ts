import {
  causalDag,
  counterfactualDraws,
  DoplError,
  doIntervention,
  type Graph,
  type Intervention,
  sampleForward,
  type Tensor,
  type TensorLike,
} from '@dopl/core';
import type { InferenceData } from '../data/index.js';
import { type QueryAnswer, type QueryKind, summariseDraws } from './answer.js';
import { descendants, posteriorGiven } from './posterior-draws.js';

/** A node name, or a function of every node's value in one draw. */
export type QueryTarget = string | ((values: Readonly<Record<string, Float64Array>>) => number);

export interface QueryOptions {
  readonly target: QueryTarget;
  /** Factual evidence (unit-level observations); with `counterfactual` it is the world abducted from. */
  readonly given?: Readonly<Record<string, TensorLike>>;
  readonly do?: Readonly<Record<string, Intervention>>;
  /** Imagine `do` in the world of `given` (twin network) rather than in a fresh population. */
  readonly counterfactual?: boolean;
  /** A second intervention: the answer is the per-draw contrast target(do) − target(vs). */
  readonly vs?: Readonly<Record<string, Intervention>>;
  /** Draws for an unfitted model; a fit uses one per posterior draw. Default 1000. */
  readonly draws?: number;
  readonly seed?: number | string;
}

/** A model to query: a Graph, or a Graph with the posterior fitted on it. */
export type Queryable = Graph | { readonly graph: Graph; readonly fit: InferenceData };

/**
 * One entry point for the three rungs: observational (the prior or the posterior), interventional
 * (`do`) and counterfactual (`do` with `counterfactual: true`, abducting the noise of `given`).
 * On a fit, the posterior draws of every latent that is not downstream of the intervention are
 * reused and everything downstream is re-drawn: a latent descendant never keeps its factual value.
 *
 * ```ts
 * // x ~ Normal(0, 1); y ~ Normal(2x, 1)
 * query(g, { target: 'y', do: { x: 1 }, draws: 4000, seed: 1 }).mean;   // ≈ 2
 * ```
 */
export function query(model: Queryable, options: QueryOptions): QueryAnswer {
  const graph = 'graph' in model ? model.graph : model;
  const fit = 'graph' in model ? model.fit : undefined;
  const seed = options.seed ?? 1;
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
  const world = (act: Readonly<Record<string, Intervention>> | undefined) =>
    worldDraws(graph, fit, act, options, seed);
  const first = world(options.do);
  const a = targetDraws(first.values, options.target);
  if (!options.vs) return summariseDraws(kind, first.method, a);
  const b = targetDraws(world(options.vs).values, options.target);
  const diff = new Float64Array(a.length);
  for (let i = 0; i < a.length; i++) diff[i] = a[i] - b[i];
  return summariseDraws(kind, first.method, diff);
}

function worldDraws(
  graph: Graph,
  fit: InferenceData | undefined,
  act: Readonly<Record<string, Intervention>> | undefined,
  options: QueryOptions,
  seed: number | string,
): { values: Record<string, Tensor>; method: string } {
  const posterior = fit ? posteriorGiven(graph, fit) : undefined;
  const draws = options.draws ?? 1000;
  if (options.counterfactual) {
    const names = graph.nodes
      .filter((n) => n.kind === 'random' || n.kind === 'deterministic')
      .map((n) => n.name);
    const values = counterfactualDraws(graph, {
      evidence: options.given,
      intervention: act ?? {},
      target: names,
      given: posterior,
      draws,
      seed,
    });
    return { values, method: fit ? 'abduction per posterior draw' : 'abduction' };
  }
  if (options.given && Object.keys(options.given).length > 0) {
    throw new DoplError(
      'query: an observational or interventional query given evidence needs the posterior; fit the model on the evidence (observe + sample) and query the fit',
    );
  }
  const g = act ? doIntervention(graph, act) : graph;
  if (!posterior)
    return { values: sampleForward(g, { draws, seed, predictive: true }), method: 'forward sampling' };
  // Everything downstream of the action is re-drawn; only upstream latents keep posterior values.
  const moved = act ? descendants(causalDag(graph).children, Object.keys(act)) : new Set<string>();
  const given: Record<string, Tensor> = {};
  for (const [name, v] of Object.entries(posterior)) {
    if (moved.has(name) || (act && name in act) || !g.has(name)) continue;
    const n = g.get(name);
    if (n.kind === 'random') given[name] = v;
  }
  return {
    values: sampleForward(g, { given, seed, predictive: true }),
    method: 'posterior draws, descendants re-drawn',
  };
}

function targetDraws(values: Record<string, Tensor>, target: QueryTarget): Float64Array {
  if (typeof target === 'string') {
    const v = values[target];
    if (!v) throw new DoplError(`query: target '${target}' is not a node of the model`, { node: target });
    const n = v.shape[0];
    if (v.data.length !== n) {
      throw new DoplError(
        `query: target '${target}' is an array; give a function of the values (e.g. its sum) as the target`,
        { node: target },
      );
    }
    return Float64Array.from(v.data);
  }
  const names = Object.keys(values);
  const n = values[names[0]].shape[0];
  const out = new Float64Array(n);
  const row: Record<string, Float64Array> = {};
  for (let d = 0; d < n; d++) {
    for (const k of names) {
      const v = values[k];
      const m = v.data.length / v.shape[0];
      row[k] = v.data.subarray(d * m, (d + 1) * m);
    }
    out[d] = target(row);
  }
  return out;
}
