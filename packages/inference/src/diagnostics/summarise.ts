import { type ChainDraws, pool, toChains } from './draws.js';
import { essBasic, essBulk, essTail } from './ess.js';
import { mcseMean, mcseQuantileOfChains, mcseSd } from './mcse.js';
import { mean, sd } from './moments.js';
import { mad, median, quantile } from './quantile.js';
import { rhat, rhatBasic } from './rhat.js';

/** The columns of posterior's `summarise_draws` with its default, convergence and MCSE measures. */
export interface DrawsSummary {
  mean: number;
  median: number;
  sd: number;
  mad: number;
  q5: number;
  q95: number;
  rhat: number;
  rhatBasic: number;
  essBulk: number;
  essTail: number;
  essBasic: number;
  mcseMean: number;
  mcseSd: number;
  mcseQ5: number;
  mcseQ95: number;
}

export function summarise(draws: ChainDraws): DrawsSummary {
  const chains = toChains(draws);
  const pooled = pool(chains);
  return {
    mean: mean(pooled),
    median: median(pooled),
    sd: sd(pooled),
    mad: mad(pooled),
    q5: quantile(pooled, 0.05),
    q95: quantile(pooled, 0.95),
    rhat: rhat(chains),
    rhatBasic: rhatBasic(chains),
    essBulk: essBulk(chains),
    essTail: essTail(chains),
    essBasic: essBasic(chains),
    mcseMean: mcseMean(chains),
    mcseSd: mcseSd(chains),
    mcseQ5: mcseQuantileOfChains(chains, 0.05),
    mcseQ95: mcseQuantileOfChains(chains, 0.95),
  };
}
