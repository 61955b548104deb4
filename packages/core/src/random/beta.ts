import { logStandardGamma, standardGamma } from './gamma.js';
import type { Rng } from './rng.js';

/** Beta(a, b) as X/(X+Y) with X ~ Gamma(a), Y ~ Gamma(b). */
export function beta(rng: Rng, a: number, b: number): number {
  if (!(a > 0 && b > 0)) return Number.NaN;
  if (a >= 1 && b >= 1) {
    const x = standardGamma(rng, a);
    const y = standardGamma(rng, b);
    return x / (x + y);
  }
  // A shape below one can make a gamma draw underflow to 0 (and 0/0 = NaN), so take the ratio in
  // log space: X/(X+Y) is the logistic function of log X − log Y.
  const d = logStandardGamma(rng, a) - logStandardGamma(rng, b);
  if (d >= 0) return 1 / (1 + Math.exp(-d));
  const e = Math.exp(d);
  return e / (1 + e);
}
