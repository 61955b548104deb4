import { LN_PI, LN_SQRT_2PI } from './constants.js';
import { sinPi } from './trig-pi.js';

// The tail of Stirling's series, lgamma(x) − [(x − ½)·log x − x + ½·log 2π] = Σₖ B₂ₖ / (2k(2k−1)·x^(2k−1))
// (Abramowitz & Stegun 6.1.40). Exported so that lbeta and the incomplete gamma/beta prefactors can
// cancel the large (x − ½)·log x parts analytically instead of subtracting nearly equal lgamma values.

// B₂ₖ / (2k(2k−1)) for k = 1…8; the first omitted term is below 2e-18 for x ≥ 10.
const COEFFICIENTS = [
  1 / 12,
  -1 / 360,
  1 / 1260,
  -1 / 1680,
  1 / 1188,
  -691 / 360360,
  1 / 156,
  -3617 / 122400,
] as const;

/** lgamma(x) − [(x − ½)·log x − x + ½·log 2π], full double precision for x ≥ 10 (callers guarantee x ≥ 10). */
export function lgammaCorrection(x: number): number {
  const r = 1 / x;
  const r2 = r * r;
  let s = COEFFICIENTS[7];
  for (let i = 6; i >= 0; i--) s = s * r2 + COEFFICIENTS[i];
  return s * r;
}

// Abramowitz & Stegun 6.1.33 shifted by one: lgamma(2 + z) = (1 − γ)·z + Σₖ₌₂ (−1)ᵏ(ζ(k) − 1)/k · zᵏ.
// The terms fall like (z/2)ᵏ, so 29 of them give full precision for |z| ≤ ½, and the series is
// exactly zero at z = 0, which keeps lgamma relatively accurate next to its roots at 1 and 2.
// Coefficients: (−1)ᵏ(ζ(k) − 1)/k (and 1 − γ first), evaluated with mpmath at 50 digits.
const SERIES = [
  0.42278433509846713, 0.3224670334241132, -0.0673523010531981, 0.020580808427784546, -0.007385551028673986,
  0.0028905103307415234, -0.001192753911703261, 0.0005096695247430425, -0.00022315475845357939,
  9.945751278180853e-5, -4.492623673813314e-5, 2.050721277567069e-5, -9.439488275268397e-6,
  4.374866789907488e-6, -2.039215753801366e-6, 9.55141213040742e-7, -4.492469198764566e-7,
  2.1207184805554665e-7, -1.0043224823968099e-7, 4.7698101693639804e-8, -2.2711094608943164e-8,
  1.0838659214896955e-8, -5.183475041970047e-9, 2.4836745438024785e-9, -1.1921401405860912e-9,
  5.731367241678862e-10, -2.7595228851242334e-10, 1.330476437424449e-10, -6.4229645638381e-11,
  3.1044247747322276e-11,
] as const;

/** lgamma(2 + z) for |z| ≤ ½. */
function lgamma2p(z: number): number {
  let s = SERIES[SERIES.length - 1];
  for (let i = SERIES.length - 2; i >= 0; i--) s = s * z + SERIES[i];
  return s * z;
}

/**
 * log|Γ(x)|. +Infinity at the poles (0, −1, −2, …) and at ±Infinity; about 1e-15 relative for x > 0,
 * including next to the roots x = 1 and x = 2 and for tiny x.
 */
export function lgamma(x: number): number {
  if (Number.isNaN(x)) return Number.NaN;
  if (x <= 0) {
    if (Number.isInteger(x) || x === Number.NEGATIVE_INFINITY) return Number.POSITIVE_INFINITY;
    // Reflection Γ(x)·Γ(1 − x) = π / sin(πx); 1 − x > 1, so there is no further reflection.
    return LN_PI - Math.log(Math.abs(sinPi(x))) - lgamma(1 - x);
  }
  if (x < 0.5) return lgamma2p(x) - Math.log1p(x) - Math.log(x);
  if (x < 1.5) {
    const z = x - 1;
    return lgamma2p(z) - Math.log1p(z);
  }
  if (x < 2.5) return lgamma2p(x - 2);
  if (x < 10) {
    // Recurring down to [1.5, 2.5) multiplies at most 8 factors, all positive, so nothing cancels;
    // each y − 1 is exact in this range.
    let y = x;
    let product = 1;
    while (y >= 2.5) {
      y -= 1;
      product *= y;
    }
    return lgamma2p(y - 2) + Math.log(product);
  }
  if (x === Number.POSITIVE_INFINITY) return x;
  return (x - 0.5) * Math.log(x) - x + LN_SQRT_2PI + lgammaCorrection(x);
}

/** lgamma(1 + z), accurate for small |z| where forming 1 + z would round z away. */
export function lgamma1p(z: number): number {
  if (Math.abs(z) <= 0.5) return lgamma2p(z) - Math.log1p(z);
  if (z > 0.5 && z < 1.5) return lgamma2p(z - 1);
  return lgamma(1 + z);
}
