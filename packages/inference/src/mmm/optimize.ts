import { DoplError, Rng } from '@dopl/core';
import type { ChannelCurves } from './curves.js';
import { type Estimate, interval } from './draws.js';

// Budget allocation: maximise, over spend per channel with a fixed total and per-channel bounds,
// either the posterior mean of the summed response or a lower quantile of it (risk-aware). The
// method is projected gradient ascent with Armijo backtracking on the average over posterior
// draws; it is deterministic, and a seed only picks which draws are used when they are thinned.
// The mean is smooth (concave for concave curves: the optimum is global); a quantile of finitely
// many draws is only piecewise smooth, so for it the ascent uses a subgradient and ends at a local
// optimum.

export interface BudgetOptions {
  /** Total spend to allocate (same units and period as the response curves' spend). */
  readonly total: number;
  readonly lower?: readonly number[];
  readonly upper?: readonly number[];
  /** 'mean' (default) or a lower quantile of the total response, e.g. { quantile: 0.1 }. */
  readonly objective?: 'mean' | { readonly quantile: number };
  /** Use at most this many posterior draws, picked at random with `seed`. Default: all. */
  readonly maxDraws?: number;
  readonly seed?: number;
  /** Stop when no allocation moves by more than tol × total. Default 1e-10. */
  readonly tol?: number;
  readonly maxIter?: number;
  /** Estimate probability of the reported response. Default 0.94. */
  readonly prob?: number;
}

export interface BudgetResult {
  readonly allocation: number[];
  /** Value of the objective at the optimum. */
  readonly objective: number;
  /** Posterior of the summed response at the optimum. */
  readonly response: Estimate;
  /** Posterior-mean marginal return of each channel at the optimum. */
  readonly marginal: number[];
  readonly iterations: number;
  readonly converged: boolean;
}

/** Euclidean projection onto {x : Σx = total, lo ≤ x ≤ hi}: x = clip(v − τ), τ by bisection. */
export function projectBudget(
  v: readonly number[],
  total: number,
  lo: readonly number[],
  hi: readonly number[],
) {
  const clip = (tau: number) => v.map((x, c) => Math.min(hi[c], Math.max(lo[c], x - tau)));
  const sum = (tau: number) => clip(tau).reduce((a, b) => a + b, 0);
  let a = Math.min(...v.map((x, c) => x - hi[c]));
  let b = Math.max(...v.map((x, c) => x - lo[c]));
  for (let k = 0; k < 200 && b - a > 1e-15 * (1 + Math.abs(a) + Math.abs(b)); k++) {
    const m = 0.5 * (a + b);
    if (sum(m) > total) a = m;
    else b = m;
  }
  return clip(0.5 * (a + b));
}

export function optimizeBudget(curves: ChannelCurves, options: BudgetOptions): BudgetResult {
  const { C } = curves;
  const total = options.total;
  if (!(Number.isFinite(total) && total >= 0)) throw new DoplError(`the budget must be ≥ 0, got ${total}`);
  const lo = options.lower ?? Array(C).fill(0);
  const hi = options.upper ?? Array(C).fill(total);
  if (lo.length !== C || hi.length !== C)
    throw new DoplError(`bounds need ${C} entries each, got ${lo.length} and ${hi.length}`);
  for (let c = 0; c < C; c++)
    if (!(lo[c] >= 0 && hi[c] >= lo[c])) throw new DoplError(`channel ${c}: bounds need 0 ≤ lower ≤ upper`);
  const sLo = lo.reduce((a, b) => a + b, 0);
  const sHi = hi.reduce((a, b) => a + b, 0);
  if (total < sLo - 1e-12 || total > sHi + 1e-12)
    throw new DoplError(`the budget ${total} lies outside the bounds' range [${sLo}, ${sHi}]`);
  const objective = options.objective ?? 'mean';
  const q = objective === 'mean' ? undefined : objective.quantile;
  if (q !== undefined && !(q > 0 && q < 1)) throw new DoplError(`the quantile must lie in (0, 1), got ${q}`);

  // Draws used: all, or a seeded sample without replacement (partial Fisher–Yates).
  let draws = Array.from({ length: curves.n }, (_, i) => i);
  if (options.maxDraws !== undefined && options.maxDraws < curves.n) {
    const rng = new Rng(options.seed ?? 0);
    for (let k = 0; k < options.maxDraws; k++) {
      const j = k + Math.floor(rng.uniform() * (draws.length - k));
      [draws[k], draws[j]] = [draws[j], draws[k]];
    }
    draws = draws.slice(0, options.maxDraws).sort((a, b) => a - b);
  }
  const n = draws.length;
  const totals = new Float64Array(n);
  const order = Array.from({ length: n }, (_, k) => k);
  const evalTotals = (x: readonly number[]) => {
    for (let k = 0; k < n; k++) {
      let s = 0;
      for (let c = 0; c < C; c++) s += curves.value(c, draws[k], x[c]);
      totals[k] = s;
    }
  };
  // Objective and the weights of each draw in it (1/n each, or the two order statistics that the
  // type-7 quantile interpolates), so the (sub)gradient is the weighted sum of draw slopes.
  const weights = new Float64Array(n);
  const value = (x: readonly number[]): number => {
    evalTotals(x);
    weights.fill(0);
    if (q === undefined) {
      weights.fill(1 / n);
      return totals.reduce((a, b) => a + b, 0) / n;
    }
    order.sort((a, b) => totals[a] - totals[b] || a - b);
    const h = (n - 1) * q;
    const i0 = Math.floor(h);
    const i1 = Math.min(i0 + 1, n - 1);
    weights[order[i0]] += 1 - (h - i0);
    weights[order[i1]] += h - i0;
    return (1 - (h - i0)) * totals[order[i0]] + (h - i0) * totals[order[i1]];
  };
  const gradient = (x: readonly number[]): number[] =>
    x.map((xc, c) => {
      let g = 0;
      for (let k = 0; k < n; k++) if (weights[k] !== 0) g += weights[k] * curves.slope(c, draws[k], xc);
      return g;
    });

  // Slope along a step within the budget plane: since the step sums to zero, the gradient's mean
  // can be taken out first, which keeps the round-off of nearly equal marginal returns out.
  const along = (g: readonly number[], to: readonly number[], from: readonly number[]) => {
    const mean = g.reduce((a, b) => a + b, 0) / g.length;
    return to.reduce((a, v, c) => a + (g[c] - mean) * (v - from[c]), 0);
  };
  const tol = options.tol ?? 1e-10;
  const maxIter = options.maxIter ?? 10_000;
  let x = projectBudget(Array(C).fill(total / C), total, lo, hi);
  let f = value(x);
  let step = 1;
  let iterations = 0;
  let converged = false;
  for (; iterations < maxIter && !converged; iterations++) {
    value(x); // the quantile's weights belong to x
    const g = gradient(x);
    const gMax = Math.max(...g.map(Math.abs));
    if (gMax === 0) {
      converged = true;
      break;
    }
    // Armijo backtracking along the projection arc; the trial step grows again after success.
    let t = step * 2;
    let next = x;
    let fNext = f;
    for (let k = 0; k < 200; k++) {
      const cand = projectBudget(
        x.map((v, c) => v + t * g[c]),
        total,
        lo,
        hi,
      );
      const fc = value(cand);
      const gain = along(g, cand, x);
      // Accept only steps that do not overshoot the maximum along the arc (the slope at the
      // candidate still points along the step), which stops the zig-zag across a ridge; near
      // the optimum, where the change in f drops below round-off, that test alone decides.
      const ahead = along(gradient(cand), cand, x) >= 0;
      const flat = Math.abs(fc - f) <= 1e-13 * (1 + Math.abs(f));
      if (ahead && (fc >= f + 1e-4 * gain || flat)) {
        next = cand;
        fNext = fc;
        break;
      }
      t /= 2;
    }
    const moved = Math.max(...next.map((v, c) => Math.abs(v - x[c])));
    step = t;
    converged = moved <= tol * Math.max(total, Number.MIN_VALUE);
    x = next;
    f = fNext;
  }
  value(x);
  const marginal = x.map((xc, c) => {
    let g = 0;
    for (let k = 0; k < n; k++) g += curves.slope(c, draws[k], xc);
    return g / n;
  });
  evalTotals(x);
  return {
    allocation: x,
    objective: f,
    response: interval(totals, options.prob ?? 0.94),
    marginal,
    iterations,
    converged,
  };
}
