import { lbeta } from './beta.js';
import { log1pmx } from './log1pmx.js';
import { lgammaCorrection } from './stirling.js';

// Regularized incomplete beta I_x(a, b) by the continued fraction of Abramowitz & Stegun 26.5.8,
// evaluated with the modified Lentz method (Lentz 1976; Thompson & Barnett 1986) on the side
// x < (a + 1)/(a + b + 2) where it converges fast, and by the symmetry I_x(a, b) = 1 − I_{1−x}(b, a)
// on the other. Both tails are returned directly, so neither is formed as 1 − (a number near 1).

const EPS = Number.EPSILON / 2;
const TINY = 1e-300;
// The fraction needs O(√max(a, b)) steps near the mean; this bound covers shapes up to ~1e8.
const MAX_ITER = 100_000;

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
 * The continued fraction F with I_x(a, b) = xᵃyᵇ/(a·B(a, b)) · F, for x below the mean, where the
 * argument is x + xLow exactly. F can change by ~1e-12 per ulp of its argument, so when the argument
 * is a rounded 1 − x, its rounding error (xLow) is folded into every coefficient instead of being
 * dropped.
 */
function fraction(a: number, b: number, x: number, xLow: number): number {
  const sum = a + b;
  let c = 1;
  let d = 1 - ((sum * x) / (a + 1) + (sum * xLow) / (a + 1));
  if (Math.abs(d) < TINY) d = TINY;
  d = 1 / d;
  let h = d;
  for (let m = 1; m <= MAX_ITER; m++) {
    const m2 = 2 * m;
    // Even step: d₂ₘ = m(b − m)x / ((a + 2m − 1)(a + 2m)).
    let k = (m * (b - m)) / ((a + m2 - 1) * (a + m2));
    let coef = k * x + k * xLow;
    d = 1 + coef * d;
    if (Math.abs(d) < TINY) d = TINY;
    c = 1 + coef / c;
    if (Math.abs(c) < TINY) c = TINY;
    d = 1 / d;
    h *= d * c;
    // Odd step: d₂ₘ₊₁ = −(a + m)(a + b + m)x / ((a + 2m)(a + 2m + 1)).
    k = (-(a + m) * (sum + m)) / ((a + m2) * (a + m2 + 1));
    coef = k * x + k * xLow;
    d = 1 + coef * d;
    if (Math.abs(d) < TINY) d = TINY;
    c = 1 + coef / c;
    if (Math.abs(c) < TINY) c = TINY;
    d = 1 / d;
    const delta = d * c;
    h *= delta;
    if (Math.abs(delta - 1) < EPS) break;
  }
  return h;
}

/** Shared body of betaInc/betaIncComplement; `upper` selects 1 − I_x(a, b). */
export function incompleteBeta(a: number, b: number, x: number, upper: boolean): number {
  if (!(a > 0 && b > 0 && x >= 0 && x <= 1) || a === Number.POSITIVE_INFINITY || b === Number.POSITIVE_INFINITY) {
    return Number.NaN;
  }
  if (x === 0) return upper ? 1 : 0;
  if (x === 1) return upper ? 0 : 1;
  const y = 1 - x;
  if (x * (a + b + 2) < a + 1) {
    const lower = (Math.exp(logBetaPrefix(a, b, x, y)) * fraction(a, b, x, 0)) / a;
    return upper ? 1 - lower : lower;
  }
  // 1 − x = y + yLow exactly: for x ≥ ½ y is exact (yLow = 0); below, both subtractions are exact.
  const yLow = x < 0.5 ? 1 - y - x : 0;
  const tail = (Math.exp(logBetaPrefix(b, a, y, x)) * fraction(b, a, y, yLow)) / b;
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
