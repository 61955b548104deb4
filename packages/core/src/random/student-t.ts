import { standardGamma } from './gamma.js';
import type { Rng } from './rng.js';

/** Student's t with nu > 0 degrees of freedom: Z / sqrt(χ²_nu / nu); nu = Infinity gives Z. */
export function studentT(rng: Rng, nu: number): number {
  if (!(nu > 0)) return Number.NaN;
  const z = rng.normal();
  if (nu === Number.POSITIVE_INFINITY) return z;
  // χ²_nu / nu = Gamma(nu/2, 1) / (nu/2).
  const half = 0.5 * nu;
  return z * Math.sqrt(half / standardGamma(rng, half));
}
