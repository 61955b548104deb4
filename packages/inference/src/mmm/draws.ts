import { DoplError } from '@dopl/core';
import type { InferenceData } from '../data/index.js';

/** A posterior variable with chains and draws merged: draw-major, `size` values per draw. */
export interface Draws {
  readonly name: string;
  readonly n: number;
  /** Shape of one draw. */
  readonly shape: readonly number[];
  readonly size: number;
  readonly data: Float64Array;
}

/** The posterior draws of `name`, chains concatenated (chain 1's draws first). */
export function posteriorDraws(idata: InferenceData, name: string): Draws {
  const v = idata.posterior?.[name];
  if (!v) {
    const have = Object.keys(idata.posterior ?? {}).join(', ') || 'none';
    throw new DoplError(`the fit has no posterior variable '${name}' (it has: ${have})`, { node: name });
  }
  const [chains, draws, ...shape] = v.shape;
  const size = shape.reduce((a, b) => a * b, 1);
  return { name, n: chains * draws, shape, size, data: v.data };
}

/** Posterior mean and an equal-tailed interval of a set of draws. */
export interface Estimate {
  readonly mean: number;
  readonly lower: number;
  readonly upper: number;
}

/** Type-7 quantile (R's default, numpy's linear) of already-sorted values. */
export function quantileSorted(sorted: ArrayLike<number>, q: number): number {
  const h = (sorted.length - 1) * q;
  const lo = Math.floor(h);
  const hi = Math.min(lo + 1, sorted.length - 1);
  return sorted[lo] + (h - lo) * (sorted[hi] - sorted[lo]);
}

export function interval(values: ArrayLike<number>, prob: number): Estimate {
  const sorted = Float64Array.from(values).sort();
  let mean = 0;
  for (let i = 0; i < sorted.length; i++) mean += sorted[i];
  mean /= sorted.length;
  const tail = (1 - prob) / 2;
  return { mean, lower: quantileSorted(sorted, tail), upper: quantileSorted(sorted, 1 - tail) };
}

export function checkProb(prob: number): number {
  if (!(prob > 0 && prob < 1)) throw new DoplError(`an interval probability must lie in (0, 1), got ${prob}`);
  return prob;
}

/** The scale factor: a number, or the name of a scalar data node of the graph-bound fit. */
export function checkScale(scale: number): number {
  if (!(Number.isFinite(scale) && scale > 0))
    throw new DoplError(`the target scale must be a positive finite number, got ${scale}`);
  return scale;
}
