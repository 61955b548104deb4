import { type ChainDraws, pool, splitChains, toChains } from './draws.js';
import { essQuantileOfChains } from './ess.js';
import { essOfChains } from './geyer.js';
import { mean, sd } from './moments.js';
import { betaQuantile } from './stats-math.js';

/** Monte Carlo standard error of the posterior mean estimate: sd / √ESS. */
export function mcseMean(draws: ChainDraws): number {
  const chains = toChains(draws);
  return sd(pool(chains)) / Math.sqrt(essOfChains(splitChains(chains)));
}

/**
 * MCSE of the standard deviation estimate, posterior 1.4.0's formula: the variance of the
 * variance estimate from moments (Kenney & Keeping 1951, which does not assume normality),
 * mapped to the SD by a first-order Taylor expansion. The ESS used is that of the squared
 * centred draws, the quantity whose mean is the variance.
 */
export function mcseSd(draws: ChainDraws): number {
  const chains = toChains(draws);
  const m = mean(pool(chains));
  const squared = chains.map((chain) => chain.map((v) => (v - m) * (v - m)));
  const ess = essOfChains(splitChains(squared));
  const sq = pool(squared);
  const expectedVar = mean(sq);
  const fourth = mean(sq.map((v) => v * v));
  const varVar = (fourth - expectedVar * expectedVar) / ess;
  return Math.sqrt(varVar / expectedVar / 4);
}

// posterior's literal values of Φ(−1) and Φ(1): the interval spans ±1 standard error.
const LOWER_P = 0.1586553;
const UPPER_P = 0.8413447;

export function mcseQuantileOfChains(chains: readonly Float64Array[], prob: number): number {
  const ess = essQuantileOfChains(chains, prob);
  if (Number.isNaN(ess)) return Number.NaN;
  // The number of draws below the true quantile is approximately Binomial(ESS, prob); its
  // conjugate Beta posterior gives a ±1 SE interval on the probability scale, which is mapped back
  // through the empirical quantile function, avoiding a density estimate at the quantile.
  const a = ess * prob + 1;
  const b = ess * (1 - prob) + 1;
  const lower = betaQuantile(LOWER_P, a, b);
  const upper = betaQuantile(UPPER_P, a, b);
  const sorted = pool(chains).sort();
  const S = sorted.length;
  const th1 = sorted[Math.max(Math.floor(lower * S), 1) - 1];
  const th2 = sorted[Math.min(Math.ceil(upper * S), S) - 1];
  return (th2 - th1) / 2;
}

/** MCSE of the `prob` quantile estimate (posterior's Beta-interval method). */
export function mcseQuantile(draws: ChainDraws, prob: number): number {
  if (!(prob >= 0 && prob <= 1)) throw new RangeError(`quantile probability must be in [0, 1], got ${prob}`);
  return mcseQuantileOfChains(toChains(draws), prob);
}
