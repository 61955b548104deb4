import {
  call,
  causalDag,
  compile,
  DoplError,
  Graph,
  getDistribution,
  logDensityOf,
  type RandomNode,
  sampleForward,
  type Tensor,
} from '@dopl/core';
import type { InferenceData } from '../data/index.js';
import { type DiscreteResult, infer, tryEnumerate } from '../discrete/index.js';
import { enumerationSpace } from '../discrete/infer.js';
import { runChainTask } from '../fit/chain-task.js';
import { toInferenceData } from '../fit/sample.js';
import type { DrawsError } from './answer.js';
import { observedValue, repeatDraws } from './evidence.js';
import { posteriorGiven } from './posterior-draws.js';

/** How a query infers latents from evidence; 'auto' picks as documented on `inferRows`. */
export type QueryMethod = 'auto' | 'enumerate' | 'importance' | 'nuts';

/**
 * Rows of a world: every random and deterministic node per draw (leading axis = row), with
 * normalised weights when the rows are weighted, and how to measure their Monte Carlo error.
 */
export interface Rows {
  readonly values: Record<string, Tensor>;
  readonly n: number;
  readonly weights?: Float64Array;
  readonly error: DrawsError;
  readonly method: string;
}

export interface InferSettings {
  readonly method: QueryMethod;
  readonly draws: number;
  readonly seed: number | string;
  readonly maxStates?: number;
  readonly chains: number;
  readonly tune: number;
}

// Defaults of the NUTS run a query makes on an unfitted model: small, as a query's answer is
// one expectation, not a full fit (Stan's 75/25/50 warm-up schedule scales with `tune`).
export const QUERY_NUTS_DEFAULTS = { chains: 2, tune: 500 } as const;

const latentsOf = (g: Graph): RandomNode[] =>
  g.nodes.filter((n): n is RandomNode => n.kind === 'random' && n.observed === undefined);

const isDiscrete = (n: RandomNode) => getDistribution(n.dist.name).discrete;

/**
 * The posterior of every latent of `g` given what `g` observes, as rows. 'auto': exact
 * enumeration when every latent is discrete and the state space is small; forward sampling when
 * no latent is upstream of the evidence (then the posterior is the prior given the evidence);
 * NUTS when every latent is continuous; likelihood weighting otherwise (mixed discrete and
 * continuous latents, unbounded discrete supports, state spaces too large to enumerate).
 */
export function inferRows(g: Graph, s: InferSettings): Rows {
  const lat = latentsOf(g);
  const observed = g.nodes.filter((n) => n.kind === 'random' && n.observed !== undefined).map((n) => n.name);
  if (lat.length === 0) {
    // Nothing to weigh, but the evidence itself may be impossible (b = 1 where b ~ Bernoulli(0)).
    const model = compile(g);
    const lp = model.logDensity(new Float64Array(Math.max(model.dim, 1)));
    if (lp === Number.NEGATIVE_INFINITY)
      throw new DoplError(
        'the evidence has probability zero under the model (its log-density is −∞: every node is given)',
      );
    const values = withObserved(g, sampleForward(g, { draws: 1, seed: s.seed, predictive: false }), 1);
    return { values, n: 1, error: { kind: 'exact' }, method: 'exact (no latent nodes)' };
  }
  const discrete = lat.filter(isDiscrete).map((n) => n.name);
  const continuous = lat.filter((n) => !isDiscrete(n)).map((n) => n.name);
  switch (s.method) {
    case 'enumerate':
      return fromDiscrete(g, infer(g, {}, { method: 'enumerate', maxStates: s.maxStates }));
    case 'importance':
      return fromDiscrete(g, infer(g, {}, { method: 'importance', draws: s.draws, seed: s.seed }));
    case 'nuts':
      if (discrete.length) {
        throw new DoplError(
          `query: NUTS needs every latent continuous, but ${discrete.join(', ')} ${discrete.length > 1 ? 'are' : 'is'} discrete; use method 'enumerate' (finite supports) or 'importance'`,
          { node: discrete[0] },
        );
      }
      return nutsRows(g, s);
    case 'auto': {
      if (continuous.length === 0) {
        const r = tryEnumerate(g, s.maxStates);
        if (r) return fromDiscrete(g, r);
      }
      const upstream = new Set<string>();
      const dag = causalDag(g);
      const stack = [...observed];
      while (stack.length) {
        for (const p of dag.parents.get(stack.pop()!) ?? []) {
          if (!upstream.has(p)) {
            upstream.add(p);
            stack.push(p);
          }
        }
      }
      if (!lat.some((n) => upstream.has(n.name))) {
        const values = withObserved(g, forwardGivenEvidence(g, s), s.draws);
        return { values, n: s.draws, error: { kind: 'iid' }, method: 'forward sampling' };
      }
      if (discrete.length === 0) return nutsRows(g, s);
      const r = fromDiscrete(g, infer(g, {}, { method: 'importance', draws: s.draws, seed: s.seed }));
      if (continuous.length > 0) return r;
      // Say why not exact: the size that enumeration refused (the question of every user of it).
      const why = enumerationSpace(g, s.maxStates)
        .replace(/^the state space is too large to enumerate: /, '')
        .replace(/[;:] use method .*$/, '');
      return { ...r, method: `${r.method}; not enumerated: ${why}` };
    }
    default:
      throw new DoplError(`query: unknown method '${s.method}' (auto, enumerate, importance or nuts)`);
  }
}

// A reserved name for the evidence's log-density (no model name contains a dot).
const EVIDENCE_LP = 'evidence.lp';

/**
 * Forward draws of a graph whose evidence has no latent upstream: the posterior is then the
 * prior, but only if the evidence can happen at all (x = 2 under Uniform(0, 1) cannot), which
 * its log-density, the same in every draw, tells.
 */
function forwardGivenEvidence(g: Graph, s: InferSettings): Record<string, Tensor> {
  const terms = g.nodes
    .filter((n): n is RandomNode => n.kind === 'random' && n.observed !== undefined)
    .map((n) => call('sum', [logDensityOf(g, n)]));
  if (terms.length === 0) return sampleForward(g, { draws: s.draws, seed: s.seed, predictive: false });
  const lp = terms.reduce((a, b) => call('add', [a, b]));
  const ge = new Graph([...g.nodes, { kind: 'deterministic', name: EVIDENCE_LP, expr: lp }]);
  const values = sampleForward(ge, { draws: s.draws, seed: s.seed, predictive: false });
  const v = values[EVIDENCE_LP].data[0];
  if (v === Number.NEGATIVE_INFINITY)
    throw new DoplError('the evidence has probability zero under the model (its log-density is −∞)');
  delete values[EVIDENCE_LP];
  return values;
}

/** Observed nodes at their observed values in every row, so every node can be read from the rows. */
function withObserved(g: Graph, values: Record<string, Tensor>, n: number): Record<string, Tensor> {
  for (const node of g.nodes) {
    if (node.kind === 'random' && node.observed !== undefined && !(node.name in values))
      values[node.name] = repeatDraws(observedValue(g, node), n);
  }
  return values;
}

function fromDiscrete(g: Graph, r: DiscreteResult): Rows {
  const n = r.weights.length;
  const values = withObserved(g, { ...r.draws }, n);
  if (r.method === 'enumerate')
    return { values, n, weights: r.weights, error: { kind: 'exact' }, method: 'enumerate' };
  return {
    values,
    n,
    weights: r.weights,
    error: { kind: 'importance' },
    method: `importance (ess ${(r.ess ?? 0).toFixed(1)})`,
  };
}

/** NUTS in this thread (a query is synchronous): chain c from stream c of the seed, as `sample`. */
function nutsRows(g: Graph, s: InferSettings): Rows {
  const model = compile(g);
  const perChain = Math.ceil(s.draws / s.chains);
  const seed = typeof s.seed === 'number' ? s.seed : 0;
  const results = Array.from({ length: s.chains }, (_, chain) =>
    runChainTask({
      nodes: g.nodes,
      chain,
      seed: s.seed,
      options: {
        numWarmup: s.tune,
        numSamples: perChain,
        metric: 'diag',
        targetAccept: 0.8,
        maxTreeDepth: 10,
      },
    }),
  );
  const idata = toInferenceData(g, model, results, {
    seed,
    chains: s.chains,
    draws: perChain,
    tune: s.tune,
    targetAccept: 0.8,
    maxTreeDepth: 10,
    metric: 'diag',
  });
  const rows = fittedRows(g, idata, s.seed);
  const divergent = results.reduce((k, r) => k + r.stats.diverging.reduce((a, v) => a + (v ? 1 : 0), 0), 0);
  const note = divergent ? `, ${divergent} divergent transition${divergent > 1 ? 's' : ''}` : '';
  return { ...rows, method: `nuts (${s.chains} chains × ${perChain} draws${note})` };
}

/**
 * The posterior draws of a fit as rows of the graph's latents (chains laid end to end), every
 * other node computed from them with the observed nodes at their observed values.
 */
export function fittedRows(g: Graph, fit: InferenceData, seed: number | string): Rows {
  const given = posteriorGiven(g, fit);
  const first = Object.values(given)[0];
  if (!first) throw new DoplError('query: the fit has no posterior draws of any latent node of the model');
  const n = first.shape[0];
  const values = withObserved(g, sampleForward(g, { given, draws: n, seed, predictive: false }), n);
  const chains = Object.values(fit.posterior ?? {})[0]?.shape[0] ?? 1;
  return { values, n, error: { kind: 'chains', chains }, method: 'posterior draws' };
}

/** Per-world node values on shared rows, their weights and how their error is measured. */
export interface World {
  readonly values: Record<string, Tensor>[];
  readonly weights?: Float64Array;
  readonly error: DrawsError;
  readonly method: string;
}
