import { mcseMean, rhat } from '../diagnostics/index.js';
import type { ChainResult } from './sample-chain.js';

// Helpers for tests that judge chains against known moments, with tolerances from the MCSE.

/** Coordinate j of every chain, as the diagnostics take it (one array per chain). */
export function coordinate(chains: readonly ChainResult[], j: number): Float64Array[] {
  return chains.map((r) => {
    const out = new Float64Array(r.numSamples);
    for (let i = 0; i < r.numSamples; i++) out[i] = r.draws[i * r.dim + j];
    return out;
  });
}

export function mapChains(
  chains: readonly Float64Array[],
  f: (x: number, i: number) => number,
): Float64Array[] {
  return chains.map((c) => c.map(f));
}

export function pooledMean(chains: readonly ArrayLike<number>[]): number {
  let s = 0;
  let n = 0;
  for (const c of chains) {
    for (let i = 0; i < c.length; i++) s += c[i];
    n += c.length;
  }
  return s / n;
}

/**
 * How many Monte Carlo standard errors the estimate of E[f] lies from `expected`, with the MCSE of
 * f's own draws (so the second moment gets the ESS of the squared draws).
 */
export function zScore(values: readonly Float64Array[], expected: number): number {
  return Math.abs(pooledMean(values) - expected) / mcseMean(values);
}

/** The largest rank-normalised split R-hat over coordinates. */
export function maxRhat(chains: readonly ChainResult[]): number {
  let worst = 0;
  for (let j = 0; j < chains[0].dim; j++) worst = Math.max(worst, rhat(coordinate(chains, j)));
  return worst;
}
