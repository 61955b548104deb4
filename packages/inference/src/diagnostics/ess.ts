import { type ChainDraws, isDegenerate, mapChains, pool, splitChains, toChains } from './draws.js';
import { essOfChains } from './geyer.js';
import { mean } from './moments.js';
import { sortedQuantile } from './quantile.js';
import { rankNormalize } from './ranks.js';

/** Split-chain ESS of the raw draws, without rank normalisation. */
export function essBasic(draws: ChainDraws): number {
  return essOfChains(splitChains(toChains(draws)));
}

/** ESS for estimating the mean: the same estimator as `essBasic` (posterior's `ess_mean`). */
export function essMean(draws: ChainDraws): number {
  return essBasic(draws);
}

/**
 * Bulk-ESS: split-chain ESS of the rank-normalised draws, meaningful even when the mean or
 * variance does not exist.
 */
export function essBulk(draws: ChainDraws): number {
  const chains = toChains(draws);
  if (chains.some((chain) => chain.some(Number.isNaN))) return Number.NaN;
  return essOfChains(rankNormalize(splitChains(chains)));
}

export function essQuantileOfChains(chains: readonly Float64Array[], prob: number): number {
  const pooled = pool(chains);
  if (isDegenerate(pooled)) return Number.NaN;
  const S = pooled.length;
  // posterior's substitute for the maximum, whose indicator would be identically one.
  if (prob === 1) prob = (S - 0.5) / S;
  const q = sortedQuantile(pooled.sort(), prob);
  return essOfChains(splitChains(mapChains(chains, (v) => (v <= q ? 1 : 0))));
}

/**
 * ESS for estimating the `prob` quantile: the ESS of the indicator I(x ≤ q̂), whose mean is the
 * probability the quantile estimate is built from.
 */
export function essQuantile(draws: ChainDraws, prob: number): number {
  if (!(prob >= 0 && prob <= 1)) throw new RangeError(`quantile probability must be in [0, 1], got ${prob}`);
  return essQuantileOfChains(toChains(draws), prob);
}

/** Tail-ESS: the smaller of the ESS for the 5% and 95% quantiles. */
export function essTail(draws: ChainDraws): number {
  const chains = toChains(draws);
  return Math.min(essQuantileOfChains(chains, 0.05), essQuantileOfChains(chains, 0.95));
}

/**
 * ESS for estimating the standard deviation, as posterior 1.4.0 defines it: the ESS of the
 * absolute deviations from the pooled mean.
 */
export function essSd(draws: ChainDraws): number {
  const chains = toChains(draws);
  const m = mean(pool(chains));
  return essOfChains(splitChains(mapChains(chains, (v) => Math.abs(v - m))));
}
