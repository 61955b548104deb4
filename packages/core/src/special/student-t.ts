import { betaInc, betaIncComplement } from './incomplete-beta.js';
import { normalCdf } from './normal.js';

/**
 * CDF of Student's t with ν > 0 degrees of freedom at t (ν = Infinity gives the normal CDF).
 * One tail is ½·I_{ν/(ν+t²)}(ν/2, ½) (Abramowitz & Stegun §26.7); for t² < ν that argument is near 1
 * and rounds, so the same tail is taken as ½·(1 − I_{t²/(ν+t²)}(½, ν/2)) from the small complement.
 */
export function studentTCdf(t: number, nu: number): number {
  if (Number.isNaN(t) || !(nu > 0)) return Number.NaN;
  if (nu === Number.POSITIVE_INFINITY) return normalCdf(t);
  if (t === Number.POSITIVE_INFINITY) return 1;
  if (t === Number.NEGATIVE_INFINITY) return 0;
  const t2 = t * t;
  let tail: number;
  if (t2 < nu) tail = 0.5 * betaIncComplement(0.5, 0.5 * nu, t2 / (nu + t2));
  // For |t| > 1e154, t² overflows but ν/t² is still representable.
  else tail = 0.5 * betaInc(0.5 * nu, 0.5, t2 === Number.POSITIVE_INFINITY ? nu / t / t : nu / (nu + t2));
  return t < 0 ? tail : 1 - tail;
}
