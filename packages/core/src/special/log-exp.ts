import { LN_2 } from './constants.js';

// Thresholds and branches follow Mächler (2012), "Accurately computing log(1 − exp(−|a|))", R package
// Rmpfr vignette: each branch is the form that is free of cancellation and overflow on its range.

/** log(1 + eˣ) (softplus): eˣ for x ≤ −37, x for x > 33.3, never overflowing. */
export function log1pExp(x: number): number {
  if (x <= -37) return Math.exp(x);
  if (x <= 18) return Math.log1p(Math.exp(x));
  if (x <= 33.3) return x + Math.exp(-x);
  return x;
}

/** log(1 − eˣ) for x ≤ 0: −Infinity at 0, NaN for x > 0. */
export function log1mExp(x: number): number {
  if (x > 0) return Number.NaN;
  // Near 0, 1 − eˣ must come from expm1; far below, log1p keeps the tiny eˣ.
  return x > -LN_2 ? Math.log(-Math.expm1(x)) : Math.log1p(-Math.exp(x));
}

/** log(eᵃ + eᵇ) without overflow; −Infinity when both are −Infinity. */
export function logSumExp2(a: number, b: number): number {
  if (Number.isNaN(a) || Number.isNaN(b)) return Number.NaN;
  const m = a > b ? a : b;
  // Equal infinities would make a − b NaN below.
  if (m === Number.POSITIVE_INFINITY || m === Number.NEGATIVE_INFINITY) return m;
  return m + Math.log1p(Math.exp(-Math.abs(a - b)));
}
