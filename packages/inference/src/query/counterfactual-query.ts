import {
  DoplError,
  doIntervention,
  type Graph,
  type Intervention,
  observe,
  sampleForward,
  type Tensor,
  type TensorLike,
} from '@dopl/core';
import type { InferenceData } from '../data/index.js';
import {
  type CounterfactualRows,
  counterfactualRows,
  gatherRows,
  TooManyRows,
} from './counterfactual-rows.js';
import { repeatDraws, unitWorld } from './evidence.js';
import { posteriorGiven } from './posterior-draws.js';
import { type InferSettings, inferRows, type Rows, type World } from './rows.js';
import { checkActedWorld } from './validity.js';

/** The factual world's rows (inferred, or a fit's posterior draws), then each action on them. */
export function counterfactualWorlds(
  graph: Graph,
  fit: InferenceData | undefined,
  options: {
    readonly given?: Readonly<Record<string, TensorLike>>;
    readonly do?: Readonly<Record<string, Intervention>>;
    readonly vs?: Readonly<Record<string, Intervention>>;
  },
  s: InferSettings,
): World {
  const { g0, evidence } = unitWorld(graph, options.given ?? {});
  let rows: Rows;
  if (fit) {
    const post = posteriorGiven(graph, fit);
    const first = Object.values(post)[0];
    if (!first) throw new DoplError('query: the fit has no posterior draws of any latent node of the model');
    const n = first.shape[0];
    const given: Record<string, Tensor> = {};
    for (const [k, v] of Object.entries(post)) if (!(k in evidence)) given[k] = v;
    for (const [k, v] of Object.entries(evidence)) given[k] = repeatDraws(v, n);
    const values = sampleForward(g0, {
      given,
      draws: n,
      seed: `${s.seed}/factual-latents`,
      predictive: false,
    });
    const chains = Object.values(fit.posterior ?? {})[0]?.shape[0] ?? 1;
    rows = { values, n, error: { kind: 'chains', chains }, method: 'abduction per posterior draw' };
  } else {
    const inferred = inferRows(Object.keys(evidence).length ? observe(g0, evidence) : g0, s);
    rows = { ...inferred, method: `${inferred.method}; abduction per draw` };
  }
  const actions = [options.do!, ...(options.vs ? [options.vs] : [])];
  const stochastic = actions.some((a) =>
    Object.values(a).some((v) => typeof v === 'object' && v !== null && 'call' in v),
  );
  let method = rows.method;
  // Discrete noise of an exact world is integrated exactly, stochastic action or not.
  const exact = rows.error.kind === 'exact';
  if (stochastic && exact && rows.n < s.draws) {
    // An exact factual world has few rows (one per enumerated state, a single one when every
    // node is seen), but a stochastic action is drawn once per row: repeat the rows so that
    // about `draws` values of the action are drawn, else the answer is one draw of it.
    const k = Math.ceil(s.draws / rows.n);
    rows = repeatRows(rows, k);
    method += `, the action drawn ${k} times per state`;
  }
  let cf: CounterfactualRows;
  try {
    cf = counterfactualRows(g0, rows, actions, { exact, seed: s.seed });
  } catch (err) {
    if (!(err instanceof TooManyRows) || s.method !== 'auto') throw err;
    // Too many splits to integrate (long discrete outcome vectors): one uniform per interval,
    // with every row repeated so that about `draws` noise draws are made.
    const k = Math.max(1, Math.ceil(s.draws / rows.n));
    rows = repeatRows(rows, k);
    cf = counterfactualRows(g0, rows, actions, { exact: false, seed: s.seed });
    method += `, discrete noise sampled (${k} draws per state)`;
  }
  actions.forEach((act, w) =>
    checkActedWorld(g0, doIntervention(g0, act), cf.worlds[w], act, w ? 'vs' : 'do'),
  );
  let error = rows.error;
  // Stochastic actions are drawn, so an enumeration is no longer exact; split rows lose chain order.
  if (exact && stochastic) error = { kind: 'importance' };
  else if (cf.split && error.kind !== 'exact') error = { kind: 'importance' };
  return { values: cf.worlds, weights: cf.weights, error, method };
}

/** Every row repeated k times (blocks of the whole set), each copy with 1/k of its weight. */
function repeatRows(rows: Rows, k: number): Rows {
  const parent = Int32Array.from({ length: rows.n * k }, (_, i) => i % rows.n);
  const w = rows.weights ?? new Float64Array(rows.n).fill(1 / rows.n);
  return {
    values: Object.fromEntries(Object.entries(rows.values).map(([name, v]) => [name, gatherRows(v, parent)])),
    n: parent.length,
    weights: Float64Array.from(parent, (i) => w[i] / k),
    error: { kind: 'importance' },
    method: rows.method,
  };
}
