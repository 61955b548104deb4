import { lbeta } from './beta.js';
import { lgammaCorrection } from './gamma.js';
import { log1pmx } from './log-exp.js';

// Regularized incomplete beta I_x(a, b) by the continued fraction of Abramowitz & Stegun 26.5.8,
// evaluated with the modified Lentz method (Lentz 1976; Thompson & Barnett 1986) on the side
// x < (a + 1)/(a + b + 2) where it converges fast, and by the symmetry I_x(a, b) = 1 − I_{1−x}(b, a)
// on the other. Both tails are returned directly, so neither is formed as 1 − (a number near 1).

const EPS = Number.EPSILON / 2;
const TINY = 1e-300;
// The fraction needs O(√max(a, b)) steps near the mean; this bound covers shapes up to ~1e10.
const MAX_ITER = 1_000_000;

/**
 * log(xᵃ·yᵇ / B(a, b)) where y = 1 − x is passed separately so that whichever of x, y is small keeps
 * its full precision. For a, b ≥ 10 it uses Temme's form, in which the terms of size a·log a cancel
 * analytically: with c = a + b and d = x·b − y·a (= x·c − a),
 * xᵃyᵇ/B = √(ab/(2πc)) · exp(a·log1pmx(d/a) + b·log1pmx(−d/b) − Δ), Δ the Stirling corrections.
 */
export function logBetaPrefix(a: number, b: number, x: number, y: number): number {
  const logX = x < 0.5 ? Math.log(x) : Math.log1p(-y);
  const logY = y < 0.5 ? Math.log(y) : Math.log1p(-x);
  if (a < 10 || b < 10) return a * logX + b * logY - lbeta(a, b);
  const c = a + b;
  const d = x * b - y * a;
  // a·log1pmx(d/a) = a·log(x·c/a) − d; the second form is used far from the mode, where 1 + d/a
  // would round away a tiny x·c/a (and likewise for b).
  const termA = Math.abs(d) < 0.5 * a ? a * log1pmx(d / a) : a * Math.log((x * c) / a) - d;
  const termB = Math.abs(d) < 0.5 * b ? b * log1pmx(-d / b) : b * Math.log((y * c) / b) + d;
  const delta = lgammaCorrection(a) + lgammaCorrection(b) - lgammaCorrection(c);
  return 0.5 * (Math.log(a) + Math.log(b / c) - Math.log(2 * Math.PI)) + termA + termB - delta;
}

/**
 * The continued fraction F with I_x(a, b) = xᵃyᵇ/(a·B(a, b)) · F, for x below the mean. This is the
 * even contraction of A&S 26.5.8 written with λ = a − (a + b)·x, as in DiDonato & Morris's BFRAC
 * (ACM TOMS 708, 1992): every partial denominator is then a sum of positive terms, whereas the plain
 * fraction forms 1 + dₙ with dₙ ≈ −1 and loses ~1e-12 when one shape is large and x is near 1.
 * The caller passes λ computed from whichever of x, y is exact.
 */
function fraction(a: number, b: number, x: number, y: number, lambda: number): number {
  const sum = a + b;
  // β₀ = 1 + d₁ = (λ + 1)/(a + 1).
  let f = (lambda + 1) / (a + 1);
  if (Math.abs(f) < TINY) f = TINY;
  let c = f;
  let d = 0;
  for (let m = 1; m <= MAX_ITER; m++) {
    const am = a + 2 * m;
    // βₘ = 1 + d₂ₘ + d₂ₘ₊₁ and αₘ = −d₂ₘ₋₁·d₂ₘ of the contraction.
    const beta = (m + (m * (b - m) * x) / (am - 1) + ((a + m) / (am + 1)) * (lambda + 1 + m * (1 + y))) / am;
    const alpha = ((a + m - 1) * (sum + m - 1) * m * (b - m) * x * x) / ((am - 2) * (am - 1) * (am - 1) * am);
    d = beta + alpha * d;
    if (Math.abs(d) < TINY) d = TINY;
    c = beta + alpha / c;
    if (Math.abs(c) < TINY) c = TINY;
    d = 1 / d;
    const delta = c * d;
    f *= delta;
    if (Math.abs(delta - 1) < EPS) break;
  }
  return 1 / f;
}

/** Shared body of betaInc/betaIncComplement; `upper` selects 1 − I_x(a, b). */
export function incompleteBeta(a: number, b: number, x: number, upper: boolean): number {
  if (
    !(a > 0 && b > 0 && x >= 0 && x <= 1) ||
    a === Number.POSITIVE_INFINITY ||
    b === Number.POSITIVE_INFINITY
  ) {
    return Number.NaN;
  }
  if (x === 0) return upper ? 1 : 0;
  if (x === 1) return upper ? 0 : 1;
  const y = 1 - x;
  // λ = a − (a + b)·x = (a + b)·y − b, from whichever of x, y is exact; the other side uses −λ.
  const lambda = x < 0.5 ? a - (a + b) * x : (a + b) * y - b;
  if (x * (a + b + 2) < a + 1) {
    const lower = (Math.exp(logBetaPrefix(a, b, x, y)) * fraction(a, b, x, y, lambda)) / a;
    return upper ? 1 - lower : lower;
  }
  const tail = (Math.exp(logBetaPrefix(b, a, y, x)) * fraction(b, a, y, x, -lambda)) / b;
  return upper ? tail : 1 - tail;
}

/** Regularized incomplete beta I_x(a, b) for a, b > 0 and x in [0, 1] (NaN otherwise). */
export function betaInc(a: number, b: number, x: number): number {
  return incompleteBeta(a, b, x, false);
}

/** 1 − I_x(a, b) = I_{1−x}(b, a), accurate when it is tiny and without rounding 1 − x. */
export function betaIncComplement(a: number, b: number, x: number): number {
  return incompleteBeta(a, b, x, true);
}
