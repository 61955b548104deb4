import { pool } from './draws.js';
import { median } from './quantile.js';

/**
 * Absolute deviation from the pooled median. R-hat of folded draws detects chains that agree in
 * location but differ in scale, which the plain (bulk) R-hat cannot see.
 */
export function foldDraws(chains: readonly Float64Array[]): Float64Array[] {
  const m = median(pool(chains));
  return chains.map((chain) => chain.map((v) => Math.abs(v - m)));
}
