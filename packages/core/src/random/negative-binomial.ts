import { standardGamma } from './gamma.js';
import { poisson } from './poisson.js';
import type { Rng } from './rng.js';

/**
 * Negative binomial with mean mu and dispersion alpha (Var = mu + mu²/alpha), drawn as the
 * gamma–Poisson mixture Poisson(λ), λ ~ Gamma(alpha, alpha/mu). alpha = Infinity gives Poisson(mu).
 */
export function negativeBinomial(rng: Rng, mu: number, alpha: number): number {
  if (!(mu >= 0 && mu < Number.POSITIVE_INFINITY && alpha > 0)) return Number.NaN;
  if (mu === 0) return 0;
  if (alpha === Number.POSITIVE_INFINITY) return poisson(rng, mu);
  return poisson(rng, standardGamma(rng, alpha) * (mu / alpha));
}
