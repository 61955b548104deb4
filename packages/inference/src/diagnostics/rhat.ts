import { type ChainDraws, isDegenerate, pool, splitChains, toChains } from './draws.js';
import { foldDraws } from './fold.js';
import { mean, variance } from './moments.js';
import { rankNormalize } from './ranks.js';

/**
 * Potential scale reduction of the given chains (no splitting or ranking here): the ratio of a
 * pooled variance estimate, which over-estimates while chains disagree, to the mean within-chain
 * variance, which under-estimates until each chain has explored the whole distribution.
 */
export function rhatOfChains(chains: readonly Float64Array[]): number {
  if (chains.length < 2 || isDegenerate(pool(chains))) return Number.NaN;
  const n = chains[0].length;
  const varBetween = n * variance(chains.map(mean));
  const varWithin = mean(chains.map(variance));
  return Math.sqrt((varBetween / varWithin + n - 1) / n);
}

/** Classic split R-hat on the raw draws (Gelman et al. 2013); sensitive to heavy tails. */
export function rhatBasic(draws: ChainDraws): number {
  return rhatOfChains(splitChains(toChains(draws)));
}

/**
 * Improved R-hat (Vehtari et al. 2021): the larger of rank-normalised split R-hat (location) and
 * rank-normalised split R-hat of the folded draws (scale).
 */
export function rhat(draws: ChainDraws): number {
  const chains = toChains(draws);
  if (chains.some((chain) => chain.some(Number.isNaN))) return Number.NaN;
  const bulk = rhatOfChains(rankNormalize(splitChains(chains)));
  const tail = rhatOfChains(rankNormalize(splitChains(foldDraws(chains))));
  return Math.max(bulk, tail);
}
