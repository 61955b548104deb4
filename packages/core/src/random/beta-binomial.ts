import { beta } from './beta.js';
import { binomial } from './binomial.js';
import type { Rng } from './rng.js';

/** Beta-binomial: Binomial(n, π) with π ~ Beta(a, b). */
export function betaBinomial(rng: Rng, n: number, a: number, b: number): number {
  if (!(Number.isSafeInteger(n) && n >= 0 && a > 0 && b > 0)) return Number.NaN;
  return binomial(rng, n, beta(rng, a, b));
}
