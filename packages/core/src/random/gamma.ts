import type { Rng } from './rng.js';

// Marsaglia & Tsang (2000), "A simple method for generating gamma variables", ACM TOMS 26(3):363–372.
function gammaAtLeastOne(rng: Rng, shape: number): number {
  const d = shape - 1 / 3;
  const c = 1 / Math.sqrt(9 * d);
  for (;;) {
    let x: number;
    let v: number;
    do {
      x = rng.normal();
      v = 1 + c * x;
    } while (v <= 0);
    v = v * v * v;
    const u = rng.uniform();
    const x2 = x * x;
    // The polynomial squeeze accepts about 98% of proposals without a logarithm.
    if (u < 1 - 0.0331 * x2 * x2) return d * v;
    if (Math.log(u) < 0.5 * x2 + d * (1 - v + Math.log(v))) return d * v;
  }
}

/**
 * Gamma(shape, 1). Shapes below one use Marsaglia & Tsang's boost: Gamma(a+1)·U^(1/a) ~ Gamma(a).
 * For very small shapes the result can underflow to 0; use {@link logStandardGamma} when it matters.
 */
export function standardGamma(rng: Rng, shape: number): number {
  if (!(shape > 0)) return Number.NaN;
  if (shape >= 1) return gammaAtLeastOne(rng, shape);
  const g = gammaAtLeastOne(rng, shape + 1);
  return g * rng.uniform() ** (1 / shape);
}

/**
 * log of a Gamma(shape, 1) draw, computed without forming the draw, so shapes far below one do not
 * underflow. Consumes the stream exactly as {@link standardGamma} does.
 */
export function logStandardGamma(rng: Rng, shape: number): number {
  if (!(shape > 0)) return Number.NaN;
  if (shape >= 1) return Math.log(gammaAtLeastOne(rng, shape));
  const g = gammaAtLeastOne(rng, shape + 1);
  return Math.log(g) + Math.log(rng.uniform()) / shape;
}

/** Gamma(shape, rate): mean shape/rate, variance shape/rate². */
export function gamma(rng: Rng, shape: number, rate: number): number {
  if (!(rate > 0)) return Number.NaN;
  return standardGamma(rng, shape) / rate;
}

/** Chi-squared with k degrees of freedom (k > 0, not necessarily an integer) = 2·Gamma(k/2, 1). */
export function chiSquared(rng: Rng, k: number): number {
  return 2 * standardGamma(rng, 0.5 * k);
}
