import { log1pExp } from './log-exp.js';

/** log(p / (1 − p)) for p in [0, 1] (±Infinity at the ends, NaN outside). */
export function logit(p: number): number {
  if (!(p >= 0 && p <= 1)) return Number.NaN;
  // Near p = ½ the ratio is close to 1 and its log would cancel; 2p − 1 is exact there.
  if (p > 0.25 && p < 0.75) return Math.log1p((2 * p - 1) / (1 - p));
  return Math.log(p / (1 - p));
}

/** 1 / (1 + e⁻ˣ), evaluated so that e^(±x) never overflows. */
export function invLogit(x: number): number {
  if (x >= 0) return 1 / (1 + Math.exp(-x));
  const e = Math.exp(x);
  return e / (1 + e);
}

/** log(invLogit(x)) = −log(1 + e⁻ˣ), accurate for x ≪ 0 where invLogit underflows. */
export function logInvLogit(x: number): number {
  return -log1pExp(-x);
}

/** log(1 − invLogit(x)) = −log(1 + eˣ), accurate for x ≫ 0 where 1 − invLogit(x) rounds to 0. */
export function log1mInvLogit(x: number): number {
  return -log1pExp(x);
}
