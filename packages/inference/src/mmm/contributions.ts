import { DoplError } from '@dopl/core';
import type { InferenceData } from '../data/index.js';
import { checkProb, checkScale, type Draws, type Estimate, interval, posteriorDraws } from './draws.js';

// Contributions and decomposition read deterministic nodes straight from the posterior: a model
// that names its channel contributions ([T, C]) and its other components lets every table be a
// reduction of draws, so the same code serves any MMM written in the language.

export interface ContributionOptions {
  /** Posterior variable holding channel contributions, shaped [T, C] (or [T] for one channel). */
  readonly contribution: string;
  /** Multiplier back to the original scale (PyMC-Marketing's max|y|). Default 1. */
  readonly scale?: number;
  /** Channel labels, in column order. Default `c0`, `c1`, … */
  readonly channels?: readonly string[];
  /** Probability of the equal-tailed intervals. Default 0.94 (ArviZ's 3 %–97 %). */
  readonly prob?: number;
}

export interface ChannelContribution {
  readonly channel: string;
  /** Contribution per time step, original scale. */
  readonly overTime: readonly Estimate[];
  /** Sum over time, original scale. */
  readonly total: Estimate;
  /** Share of the summed media contribution (all channels). */
  readonly share: Estimate;
}

function asTimeByChannel(d: Draws): { T: number; C: number } {
  if (d.shape.length === 1) return { T: d.shape[0], C: 1 };
  if (d.shape.length === 2) return { T: d.shape[0], C: d.shape[1] };
  throw new DoplError(`'${d.name}' should be shaped [T, C] or [T], got [${d.shape.join(', ')}]`, {
    node: d.name,
  });
}

export function channelLabels(C: number, channels: readonly string[] | undefined, what: string): string[] {
  if (channels && channels.length !== C)
    throw new DoplError(`${what} has ${C} channels but ${channels.length} labels were given`);
  return channels ? [...channels] : Array.from({ length: C }, (_, c) => `c${c}`);
}

/**
 * Each channel's contribution over time, in total and as a share of all media contribution,
 * with posterior intervals (PyMC-Marketing's `compute_channel_contribution_original_scale` and
 * `plot_channel_contribution_share_hdi`).
 */
export function channelContributions(
  idata: InferenceData,
  options: ContributionOptions,
): ChannelContribution[] {
  const d = posteriorDraws(idata, options.contribution);
  const { T, C } = asTimeByChannel(d);
  const scale = checkScale(options.scale ?? 1);
  const prob = checkProb(options.prob ?? 0.94);
  const labels = channelLabels(C, options.channels, `'${options.contribution}'`);
  const totals = Array.from({ length: C }, () => new Float64Array(d.n));
  const shares = Array.from({ length: C }, () => new Float64Array(d.n));
  const perTime = new Float64Array(d.n);
  const out: ChannelContribution[] = [];
  for (let i = 0; i < d.n; i++) {
    let all = 0;
    for (let c = 0; c < C; c++) {
      let s = 0;
      for (let t = 0; t < T; t++) s += d.data[i * d.size + t * C + c];
      totals[c][i] = s * scale;
      all += s;
    }
    for (let c = 0; c < C; c++) shares[c][i] = totals[c][i] / (all * scale);
  }
  for (let c = 0; c < C; c++) {
    const overTime: Estimate[] = [];
    for (let t = 0; t < T; t++) {
      for (let i = 0; i < d.n; i++) perTime[i] = d.data[i * d.size + t * C + c] * scale;
      overTime.push(interval(perTime, prob));
    }
    out.push({
      channel: labels[c],
      overTime,
      total: interval(totals[c], prob),
      share: interval(shares[c], prob),
    });
  }
  return out;
}

export interface DecompositionOptions {
  /**
   * Components by label: the posterior variable of each. A scalar (an intercept) counts once per
   * time step; [T] is one series; [T, K] is summed over K (e.g. all channels, all controls).
   */
  readonly components: Readonly<Record<string, string>>;
  /** Number of time steps (needed only when every component is a scalar). */
  readonly T?: number;
  readonly scale?: number;
  readonly prob?: number;
}

export interface Component {
  readonly component: string;
  readonly overTime: readonly Estimate[];
  readonly total: Estimate;
  /** Share of the sum of all components (the fitted mean sales). */
  readonly share: Estimate;
}

/** Sales decomposed into baseline, trend, seasonality, controls and channels, original scale. */
export function decomposition(idata: InferenceData, options: DecompositionOptions): Component[] {
  const scale = checkScale(options.scale ?? 1);
  const prob = checkProb(options.prob ?? 0.94);
  const entries = Object.entries(options.components);
  if (entries.length === 0) throw new DoplError('decomposition needs at least one component');
  const draws = entries.map(([, name]) => posteriorDraws(idata, name));
  const T = options.T ?? draws.find((d) => d.shape.length > 0)?.shape[0];
  if (T === undefined) throw new DoplError('decomposition: every component is a scalar; give T');
  const n = draws[0].n;
  // series[k][i * T + t]: component k's value at t in draw i, already summed over extra axes.
  const series = draws.map((d) => {
    if (d.n !== n) throw new DoplError(`'${d.name}' has ${d.n} draws, '${draws[0].name}' has ${n}`);
    if (d.shape.length > 2 || (d.shape.length > 0 && d.shape[0] !== T))
      throw new DoplError(
        `'${d.name}' should be a scalar, [${T}] or [${T}, K]; got [${d.shape.join(', ')}]`,
        {
          node: d.name,
        },
      );
    const K = d.shape.length === 2 ? d.shape[1] : 1;
    const s = new Float64Array(n * T);
    for (let i = 0; i < n; i++) {
      for (let t = 0; t < T; t++) {
        let v = 0;
        if (d.shape.length === 0) v = d.data[i];
        else for (let k = 0; k < K; k++) v += d.data[i * d.size + t * K + k];
        s[i * T + t] = v * scale;
      }
    }
    return s;
  });
  const totals = series.map((s) => {
    const out = new Float64Array(n);
    for (let i = 0; i < n; i++) for (let t = 0; t < T; t++) out[i] += s[i * T + t];
    return out;
  });
  const grand = new Float64Array(n);
  for (const tot of totals) for (let i = 0; i < n; i++) grand[i] += tot[i];
  const buf = new Float64Array(n);
  return entries.map(([label], k) => {
    const overTime: Estimate[] = [];
    for (let t = 0; t < T; t++) {
      for (let i = 0; i < n; i++) buf[i] = series[k][i * T + t];
      overTime.push(interval(buf, prob));
    }
    const share = totals[k].map((v, i) => v / grand[i]);
    return { component: label, overTime, total: interval(totals[k], prob), share: interval(share, prob) };
  });
}
