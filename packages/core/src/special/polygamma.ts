import { cosPi, sinPi } from './trig-pi.js';

// Both functions recur up to x ≥ 10 and then use the asymptotic (Bernoulli) series, which there
// converges to full precision within eight terms (Abramowitz & Stegun 6.3.18 and 6.4.12).

// B₂ₖ/(2k) for k = 1…8: ψ(x) ~ log x − 1/(2x) − Σ B₂ₖ/(2k·x²ᵏ).
const DIGAMMA_ASYMPTOTIC = [
  1 / 12,
  -1 / 120,
  1 / 252,
  -1 / 240,
  1 / 132,
  -691 / 32760,
  1 / 12,
  -3617 / 8160,
] as const;

// B₂ₖ for k = 1…8: ψ′(x) ~ 1/x + 1/(2x²) + Σ B₂ₖ/x^(2k+1).
const TRIGAMMA_ASYMPTOTIC = [
  1 / 6,
  -1 / 30,
  1 / 42,
  -1 / 30,
  5 / 66,
  -691 / 2730,
  7 / 6,
  -3617 / 510,
] as const;

const ASYMPTOTIC_FROM = 10;

// ψ has its only positive root at x₀ ≈ 1.4616; the recurrence sums terms of size ~2 there, so next
// to x₀ a Taylor series about the root (x₀ split into two doubles) keeps the relative accuracy.
// Coefficients ψ⁽ᵏ⁾(x₀)/k! for k = 1…24, evaluated with mpmath at 50 digits.
const ROOT_HI = 1.4616321449683622;
const ROOT_LO = 9.549995429965697e-17;
const ROOT_TAYLOR = [
  0.9676722454476212, -0.4427631689835921, 0.258499760955651, -0.16394270544240652, 0.10782405069126237,
  -0.07219956125645471, 0.04880428816414311, -0.03316112647484736, 0.022597648232218104, -0.01542476590494896,
  0.010538791616612175, -0.007204534386356869, 0.004926781395729853, -0.003369801655439328,
  0.002305126326734928, -0.0015769367714301972, 0.0010788252019162967, -0.0007380709389960052,
  0.000504953265834602, -0.0003454680251063077, 0.00023635601564027053, -0.00016170622091974803,
  0.0001106337276874741, -7.569179582195066e-5,
] as const;

/** ψ(x) = d/dx log Γ(x). NaN at the poles 0, −1, −2, … and at −Infinity. */
export function digamma(x: number): number {
  if (Number.isNaN(x) || x === Number.NEGATIVE_INFINITY) return Number.NaN;
  if (x <= 0) {
    if (Number.isInteger(x)) return Number.NaN;
    // Reflection ψ(1 − x) − ψ(x) = π·cot(πx).
    return digamma(1 - x) - (Math.PI * cosPi(x)) / sinPi(x);
  }
  if (Math.abs(x - ROOT_HI) <= 0.25) {
    const d = x - ROOT_HI - ROOT_LO;
    let s = ROOT_TAYLOR[ROOT_TAYLOR.length - 1];
    for (let i = ROOT_TAYLOR.length - 2; i >= 0; i--) s = s * d + ROOT_TAYLOR[i];
    return s * d;
  }
  let shift = 0;
  while (x < ASYMPTOTIC_FROM) {
    shift -= 1 / x;
    x += 1;
  }
  if (x === Number.POSITIVE_INFINITY) return x;
  const r2 = 1 / (x * x);
  let s = DIGAMMA_ASYMPTOTIC[7];
  for (let i = 6; i >= 0; i--) s = s * r2 + DIGAMMA_ASYMPTOTIC[i];
  return shift + Math.log(x) - 0.5 / x - s * r2;
}

/** ψ′(x), the derivative of digamma. +Infinity at the poles 0, −1, −2, …; NaN at −Infinity. */
export function trigamma(x: number): number {
  if (Number.isNaN(x) || x === Number.NEGATIVE_INFINITY) return Number.NaN;
  if (x <= 0) {
    if (Number.isInteger(x)) return Number.POSITIVE_INFINITY;
    // Reflection ψ′(1 − x) + ψ′(x) = π² / sin²(πx).
    const s = sinPi(x);
    return (Math.PI * Math.PI) / (s * s) - trigamma(1 - x);
  }
  let shift = 0;
  while (x < ASYMPTOTIC_FROM) {
    shift += 1 / (x * x);
    x += 1;
  }
  const r = 1 / x;
  const r2 = r * r;
  let s = TRIGAMMA_ASYMPTOTIC[7];
  for (let i = 6; i >= 0; i--) s = s * r2 + TRIGAMMA_ASYMPTOTIC[i];
  return shift + r + 0.5 * r2 + s * r2 * r;
}
