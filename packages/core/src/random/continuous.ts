import type { Rng } from './rng.js';

// Each sampler here is a single transformation of one uniform or one normal, so a stream position
// maps to a draw one to one. Invalid parameters give NaN rather than an exception: inside an
// inference loop a bad proposal should be rejected by its density, not abort the run.

/** Normal(mu, sigma); sigma = 0 gives mu. */
export function normal(rng: Rng, mu: number, sigma: number): number {
  if (!(sigma >= 0)) return Number.NaN;
  return mu + sigma * rng.normal();
}

/** LogNormal(mu, sigma): exp of Normal(mu, sigma). */
export function lognormal(rng: Rng, mu: number, sigma: number): number {
  if (!(sigma >= 0)) return Number.NaN;
  return Math.exp(mu + sigma * rng.normal());
}

/** Exponential with the given rate (mean 1/rate). */
export function exponential(rng: Rng, rate: number): number {
  if (!(rate > 0)) return Number.NaN;
  return -Math.log(rng.uniform()) / rate;
}

/** Cauchy(location, scale), by inversion. */
export function cauchy(rng: Rng, location: number, scale: number): number {
  if (!(scale > 0)) return Number.NaN;
  // The open interval of uniform() keeps the argument strictly inside (−π/2, π/2).
  return location + scale * Math.tan(Math.PI * (rng.uniform() - 0.5));
}

/** Laplace(location, scale), the double exponential, by inversion. */
export function laplace(rng: Rng, location: number, scale: number): number {
  if (!(scale > 0)) return Number.NaN;
  const u = rng.uniform() - 0.5;
  // 1 − 2|u| is formed exactly for u on either side, so both tails keep full resolution.
  const magnitude = -scale * Math.log(1 - 2 * Math.abs(u));
  return u < 0 ? location - magnitude : location + magnitude;
}

/** Logistic(location, scale), by inversion. */
export function logistic(rng: Rng, location: number, scale: number): number {
  if (!(scale > 0)) return Number.NaN;
  const u = rng.uniform();
  // log(u) − log1p(−u) rather than log(u / (1 − u)) keeps precision for u near 0.
  return location + scale * (Math.log(u) - Math.log1p(-u));
}

/** Weibull(shape, scale), by inversion: scale·(−log U)^(1/shape). */
export function weibull(rng: Rng, shape: number, scale: number): number {
  if (!(shape > 0 && scale > 0)) return Number.NaN;
  return scale * (-Math.log(rng.uniform())) ** (1 / shape);
}
