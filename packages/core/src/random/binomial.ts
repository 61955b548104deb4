import { logFactorial } from './log-factorial.js';
import type { Rng } from './rng.js';

// Inversion costs about n·p + 1 steps; BTRS's constants are designed for n·p ≥ 10 with p ≤ 1/2.
const INVERSION_LIMIT = 10;
// P(X > 110) < 1e-60 when n·p < 10: reaching it means rounding stalled the search, so redraw.
const INVERSION_CUTOFF = 110;

/**
 * Binomial(n, p) for an integer n ≥ 0 and 0 ≤ p ≤ 1. For p > 1/2 it draws n − Binomial(n, 1 − p),
 * so every branch below works with the smaller success probability.
 */
export function binomial(rng: Rng, n: number, p: number): number {
  if (!(Number.isSafeInteger(n) && n >= 0 && p >= 0 && p <= 1)) return Number.NaN;
  // 1 − p is exact for p > 1/2.
  return p > 0.5 ? n - binomialLowerHalf(rng, n, 1 - p) : binomialLowerHalf(rng, n, p);
}

function binomialLowerHalf(rng: Rng, n: number, p: number): number {
  if (n === 0 || p === 0) return 0;
  return n * p < INVERSION_LIMIT ? binomialInversion(rng, n, p) : binomialBtrs(rng, n, p);
}

// Sequential search from 0 using the pmf recurrence b(x) = b(x−1)·((n+1)/x − 1)·p/q.
function binomialInversion(rng: Rng, n: number, p: number): number {
  const s = p / (1 - p);
  const a = (n + 1) * s;
  // q^n through log1p keeps full precision when p is tiny and n huge.
  const b0 = Math.exp(n * Math.log1p(-p));
  for (;;) {
    let u = rng.uniform();
    let b = b0;
    let x = 0;
    while (u > b && x < INVERSION_CUTOFF) {
      u -= b;
      x++;
      b *= a / x - s;
    }
    if (x < INVERSION_CUTOFF && x <= n) return x;
  }
}

// Hörmann (1993), "The generation of binomial random variates", Journal of Statistical Computation
// and Simulation 46(1–2):101–110 — algorithm BTRS (transformed rejection with squeeze).
// Its published constants are used as they stand: a numerical check over n·p ≥ 10, n ≤ 1e8 found
// the hat above the pmf and the squeeze below it everywhere (unlike PTRS's, see poisson.ts).
function binomialBtrs(rng: Rng, n: number, p: number): number {
  const q = 1 - p;
  const spq = Math.sqrt(n * p * q);
  const b = 1.15 + 2.53 * spq;
  const a = -0.0873 + 0.0248 * b + 0.01 * p;
  const c = n * p + 0.5;
  const vr = 0.92 - 4.2 / b;
  const logAlpha = Math.log((2.83 + 5.1 / b) * spq);
  const logOdds = Math.log(p / q);
  const mode = Math.floor((n + 1) * p);
  const logModeTerms = logFactorial(mode) + logFactorial(n - mode);
  for (;;) {
    const u = rng.uniform() - 0.5;
    const v = rng.uniform();
    const us = 0.5 - Math.abs(u);
    const k = Math.floor(((2 * a) / us + b) * u + c);
    if (k < 0 || k > n) continue;
    if (us >= 0.07 && v <= vr) return k;
    const logV = Math.log(v) + logAlpha - Math.log(a / (us * us) + b);
    if (logV <= logModeTerms - logFactorial(k) - logFactorial(n - k) + (k - mode) * logOdds) return k;
  }
}
