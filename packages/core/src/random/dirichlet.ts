import { DoplError } from '../errors.js';
import { logStandardGamma, standardGamma } from './gamma.js';
import type { Rng } from './rng.js';

/**
 * Dirichlet(alpha), written into `out` (which is returned) as normalised Gamma(alpha_i, 1) draws.
 * Invalid concentrations fill `out` with NaN; a length mismatch is a programming error and throws.
 */
export function dirichlet(rng: Rng, alpha: ArrayLike<number>, out: Float64Array): Float64Array {
  const k = alpha.length;
  if (out.length !== k) {
    throw new DoplError(`dirichlet: out has length ${out.length} but alpha has length ${k}`);
  }
  let small = false;
  for (let i = 0; i < k; i++) {
    const a = alpha[i];
    if (!(a > 0 && a < Number.POSITIVE_INFINITY)) return out.fill(Number.NaN);
    if (a < 1) small = true;
  }
  let sum = 0;
  if (!small) {
    for (let i = 0; i < k; i++) {
      out[i] = standardGamma(rng, alpha[i]);
      sum += out[i];
    }
  } else {
    // Gamma draws with shape below one can all underflow to 0; normalising in log space against the
    // largest keeps the proportions (and at least one component equal to 1 before scaling).
    let max = Number.NEGATIVE_INFINITY;
    for (let i = 0; i < k; i++) {
      out[i] = logStandardGamma(rng, alpha[i]);
      if (out[i] > max) max = out[i];
    }
    for (let i = 0; i < k; i++) {
      out[i] = Math.exp(out[i] - max);
      sum += out[i];
    }
  }
  for (let i = 0; i < k; i++) out[i] /= sum;
  return out;
}
