import { DoplError, type Graph } from '@dopl/core';
import type { InferenceData } from '../data/index.js';
import { channelLabels } from './contributions.js';
import { checkProb, checkScale, type Estimate, interval } from './draws.js';
import { type SpendModel, spendEvaluator } from './scenario.js';

export interface RoasOptions extends SpendModel {
  /** Multiplier from the contribution's scale to sales units (max|y|). Default 1. */
  readonly scale?: number;
  readonly channels?: readonly string[];
  readonly prob?: number;
  /** Relative spend increase for the marginal ROAS. Default 0.01 (spend × 1.01). */
  readonly step?: number;
}

export interface ChannelRoas {
  readonly channel: string;
  readonly spend: number;
  /** (sales with the observed spend − sales with this channel's spend at 0) / spend. */
  readonly roas: Estimate;
  /** (sales with spend × (1 + step) − sales with the observed spend) / (step × spend). */
  readonly marginalRoas: Estimate;
  /** Incremental sales of the channel over the (padded) window, original scale. */
  readonly incremental: Estimate;
}

/**
 * Return on ad spend per channel, total and marginal, by recomputing the contributions with one
 * channel's spend set to 0 or scaled by 1 + step, every other channel unchanged. With `pad`
 * rows of zero spend after the last week, sales carried over past the data's end are counted.
 */
export function roas(graph: Graph, idata: InferenceData, options: RoasOptions): ChannelRoas[] {
  const scale = checkScale(options.scale ?? 1);
  const prob = checkProb(options.prob ?? 0.94);
  const step = options.step ?? 0.01;
  if (!(step > 0)) throw new DoplError(`the marginal ROAS step must be positive, got ${step}`);
  const ev = spendEvaluator(graph, idata, options);
  const { C, n, paddedT: Tp } = ev;
  const labels = channelLabels(C, options.channels, `'${options.spend}'`);
  // Channel c's summed contribution per draw (only c moves when only c's spend changes).
  const totalOf = (x: Float64Array, c: number): Float64Array => {
    const v = ev.contributions(x);
    const out = new Float64Array(n);
    for (let i = 0; i < n; i++) {
      let s = 0;
      for (let t = 0; t < Tp; t++) s += v[i * Tp * C + t * C + c];
      out[i] = s * scale;
    }
    return out;
  };
  const base = ev.contributions(ev.spend);
  return labels.map((channel, c) => {
    let spent = 0;
    for (let t = 0; t < ev.T; t++) spent += ev.spend[t * C + c];
    if (!(spent > 0)) throw new DoplError(`channel '${channel}' has no spend: its ROAS is undefined`);
    const baseTotal = new Float64Array(n);
    for (let i = 0; i < n; i++) {
      let s = 0;
      for (let t = 0; t < Tp; t++) s += base[i * Tp * C + t * C + c];
      baseTotal[i] = s * scale;
    }
    const zero = Float64Array.from(ev.spend);
    const up = Float64Array.from(ev.spend);
    for (let t = 0; t < ev.T; t++) {
      zero[t * C + c] = 0;
      up[t * C + c] *= 1 + step;
    }
    const off = totalOf(zero, c);
    const more = totalOf(up, c);
    const inc = baseTotal.map((v, i) => v - off[i]);
    return {
      channel,
      spend: spent,
      roas: interval(
        inc.map((v) => v / spent),
        prob,
      ),
      marginalRoas: interval(
        more.map((v, i) => (v - baseTotal[i]) / (step * spent)),
        prob,
      ),
      incremental: interval(inc, prob),
    };
  });
}
