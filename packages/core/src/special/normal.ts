import { erf, erfcx } from './erf.js';

// Φ(z) = ½·erfc(−z/√2). In the tails the Gaussian factor exp(−z²/2) is formed from z itself (split so
// that the square is exact) and only the smooth factor erfcx sees the rounded z/√2, so the relative
// error stays at a few ulps even for Φ(−37) ≈ 6e-300.

// Below |z| = 0.46875·√2 erf is a plain rational function and Φ is far from both 0 and 1.
const CENTRAL = 0.6629126073623883;

/** exp(−z²/2) with the split z = h + l, h a multiple of 1/16, which keeps h² exact. */
function expNegHalfSquare(z: number): number {
  const h = Math.trunc(z * 16) / 16;
  return Math.exp(-0.5 * h * h) * Math.exp(-0.5 * (z - h) * (z + h));
}

/** Φ(−y) for y ≥ CENTRAL. */
function tail(y: number): number {
  if (y === Number.POSITIVE_INFINITY) return 0;
  return 0.5 * expNegHalfSquare(y) * erfcx(y * Math.SQRT1_2);
}

/** The standard normal CDF Φ(z). */
export function normalCdf(z: number): number {
  if (Math.abs(z) < CENTRAL) return 0.5 + 0.5 * erf(z * Math.SQRT1_2);
  if (Number.isNaN(z)) return Number.NaN;
  return z < 0 ? tail(-z) : 1 - tail(z);
}

/** log Φ(z), finite and accurate far into the lower tail (≈ −z²/2 for z ≪ 0). */
export function normalLcdf(z: number): number {
  if (Math.abs(z) < CENTRAL) return Math.log(0.5 + 0.5 * erf(z * Math.SQRT1_2));
  if (Number.isNaN(z)) return Number.NaN;
  if (z > 0) return Math.log1p(-tail(z));
  if (z === Number.NEGATIVE_INFINITY) return z;
  // log(½·erfcx(y)·e^(−z²/2)) with the exponential kept out of the log so that it cannot underflow.
  return Math.log(0.5 * erfcx(-z * Math.SQRT1_2)) - 0.5 * z * z;
}

/** log(1 − Φ(z)) = log Φ(−z), accurate far into the upper tail. */
export function normalLccdf(z: number): number {
  return normalLcdf(-z);
}
