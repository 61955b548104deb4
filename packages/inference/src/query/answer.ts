import { hdi } from '../diagnostics/hdi.js';
import { mcseMean } from '../diagnostics/mcse.js';
import { quantile } from '../diagnostics/quantile.js';

export type QueryKind = 'observational' | 'interventional' | 'counterfactual';

/** ArviZ's default HDI mass, the one `summary()` and `dopl sample` report. */
export const QUERY_HDI_PROB = 0.94;

/** A query's answer: the target's value in every draw and its summary. */
export interface QueryAnswer {
  readonly kind: QueryKind;
  /** How the draws were made: 'enumerate', 'importance (ess 812.3)', 'nuts', 'forward sampling', … */
  readonly method: string;
  /** The target's label: its node name, or 'f(…)' for a function target. */
  readonly target: string;
  /** One value of the target per draw (for `vs`: the per-draw contrast). */
  readonly draws: Float64Array;
  /** Normalised weights when the draws are weighted (enumeration, importance); every summary uses them. */
  readonly weights?: Float64Array;
  readonly mean: number;
  readonly sd: number;
  readonly q5: number;
  readonly q50: number;
  readonly q95: number;
  /** Highest-density interval of mass `hdiProb`. */
  readonly hdiLow: number;
  readonly hdiHigh: number;
  readonly hdiProb: number;
  /** Monte Carlo standard error of the mean: 0 when exact (enumeration). */
  readonly mcseMean: number;
  readonly nDraws: number;
}

/** How the draws' Monte Carlo error is measured. */
export type DrawsError =
  /** Independent draws: sd/√n. */
  | { readonly kind: 'iid' }
  /** Equal-length chains of MCMC draws laid end to end: the diagnostics' ESS. */
  | { readonly kind: 'chains'; readonly chains: number }
  /** Importance weights: sd/√ESS with Kish's ESS of the weights. */
  | { readonly kind: 'importance' }
  /** Exact enumeration: no Monte Carlo error. */
  | { readonly kind: 'exact' };

export interface AnswerInput {
  readonly kind: QueryKind;
  readonly method: string;
  readonly target: string;
  readonly draws: Float64Array;
  readonly weights?: Float64Array;
  readonly error?: DrawsError;
  readonly hdiProb?: number;
}

/**
 * The summary of a query's draws, weighted when weights are given: quantiles and the HDI then
 * come from the weighted empirical distribution (its inverse CDF), so exact enumerations give
 * exact answers.
 *
 * ```ts
 * summariseAnswer({ kind: 'observational', method: 'enumerate', target: 'y',
 *   draws: Float64Array.of(0, 1), weights: Float64Array.of(0.3, 0.7), error: { kind: 'exact' } }).mean;   // 0.7
 * ```
 */
export function summariseAnswer(a: AnswerInput): QueryAnswer {
  const x = a.draws;
  const n = x.length;
  const hdiProb = a.hdiProb ?? QUERY_HDI_PROB;
  const base = { kind: a.kind, method: a.method, target: a.target, draws: x, hdiProb, nDraws: n };
  if (n === 0) throw new RangeError('query: no draws to summarise');
  if (!(hdiProb > 0 && hdiProb < 1)) throw new RangeError(`query: hdiProb must be in (0, 1), got ${hdiProb}`);
  if (a.weights) {
    const w = normalised(a.weights);
    let mean = 0;
    for (let i = 0; i < n; i++) mean += w[i] * x[i];
    let v = 0;
    for (let i = 0; i < n; i++) v += w[i] * (x[i] - mean) ** 2;
    const sd = Math.sqrt(v);
    const order = sortedOrder(x);
    const h = weightedHdi(x, w, order, hdiProb);
    let mcse = 0;
    if (a.error?.kind !== 'exact') mcse = sd / Math.sqrt(kish(w));
    return {
      ...base,
      weights: w,
      mean,
      sd,
      q5: weightedQuantile(x, w, order, 0.05),
      q50: weightedQuantile(x, w, order, 0.5),
      q95: weightedQuantile(x, w, order, 0.95),
      hdiLow: h[0],
      hdiHigh: h[1],
      mcseMean: mcse,
    };
  }
  let s = 0;
  for (let i = 0; i < n; i++) s += x[i];
  const mean = s / n;
  let ss = 0;
  for (let i = 0; i < n; i++) ss += (x[i] - mean) ** 2;
  const sd = n > 1 ? Math.sqrt(ss / (n - 1)) : 0;
  let lo = x[0];
  let hi = x[0];
  if (n >= 2) {
    const h = hdi(x, hdiProb);
    lo = h.lower;
    hi = h.upper;
  }
  return {
    ...base,
    mean,
    sd,
    q5: quantile(x, 0.05),
    q50: quantile(x, 0.5),
    q95: quantile(x, 0.95),
    hdiLow: lo,
    hdiHigh: hi,
    mcseMean: unweightedMcse(x, mean, sd, a.error ?? { kind: 'iid' }),
  };
}

/** The pre-weights summary, kept for callers that only have draws. */
export function summariseDraws(kind: QueryKind, method: string, draws: Float64Array): QueryAnswer {
  return summariseAnswer({ kind, method, target: '', draws });
}

function unweightedMcse(x: Float64Array, mean: number, sd: number, error: DrawsError): number {
  const n = x.length;
  // Constant draws (a counterfactual that is a point) have no Monte Carlo error — also when
  // rounding leaves them a few ulps apart, where the chains' ESS would be 0/0.
  if (sd <= 1e-12 * Math.abs(mean) || error.kind === 'exact') return 0;
  if (error.kind === 'chains') {
    const k = error.chains;
    const m = n / k;
    // The diagnostics' ESS needs a few draws per (split) chain; fewer is reported as unknown.
    if (!Number.isInteger(m) || m < 4) return Number.NaN;
    return mcseMean(Array.from({ length: k }, (_, c) => x.subarray(c * m, (c + 1) * m)));
  }
  return sd / Math.sqrt(n);
}

function normalised(w: Float64Array): Float64Array {
  let s = 0;
  for (const v of w) s += v;
  if (!(s > 0) || !Number.isFinite(s))
    throw new RangeError('query: the weights do not sum to a positive number');
  return w.map((v) => v / s);
}

/** Kish's effective sample size of normalised weights, 1/Σw². */
function kish(w: Float64Array): number {
  let s2 = 0;
  for (const v of w) s2 += v * v;
  return 1 / s2;
}

function sortedOrder(x: Float64Array): Int32Array {
  const order = Int32Array.from({ length: x.length }, (_, i) => i);
  order.sort((a, b) => x[a] - x[b]);
  return order;
}

/** The weighted inverse CDF: the smallest value whose cumulative weight reaches p. */
function weightedQuantile(x: Float64Array, w: Float64Array, order: Int32Array, p: number): number {
  let c = 0;
  // A relative slack so that cumulative sums like 0.3 + 0.2 reach 0.5 despite rounding.
  const target = p - 1e-12;
  for (const i of order) {
    c += w[i];
    if (c >= target && w[i] > 0) return x[i];
  }
  return x[order[order.length - 1]];
}

/** The narrowest [x_i, x_j] (sorted) holding at least `prob` of the weight. */
function weightedHdi(x: Float64Array, w: Float64Array, order: Int32Array, prob: number): [number, number] {
  const n = order.length;
  let best: [number, number] = [x[order[0]], x[order[n - 1]]];
  let width = Number.POSITIVE_INFINITY;
  let j = -1;
  let mass = 0;
  for (let i = 0; i < n; i++) {
    while (j < n - 1 && mass < prob - 1e-12) mass += w[order[++j]];
    if (mass < prob - 1e-12) break;
    const wd = x[order[j]] - x[order[i]];
    if (wd < width) {
      width = wd;
      best = [x[order[i]], x[order[j]]];
    }
    mass -= w[order[i]];
  }
  return best;
}
