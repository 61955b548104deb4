import { lgamma, lgamma1p, lgammaCorrection } from './gamma.js';
import { log1pmx } from './log-exp.js';

// Regularized incomplete gamma functions P(a, x) = γ(a, x)/Γ(a) and Q(a, x) = Γ(a, x)/Γ(a), by the
// power series for P when x < a + 1 and Legendre's continued fraction for Q otherwise (Numerical
// Recipes §6.2), each returning the tail it computes directly so that the other tail is only ever
// 1 − (something ≤ ~0.7). For a < 1 and x < a + 1, where 1 − P would cancel, both come from the
// term-by-term integral of e⁻ᵗ (the small-a series of DiDonato & Morris 1986).

const EPS = Number.EPSILON / 2;
const TINY = 1e-300;
// The series and continued fraction need about 10·√a steps near x ≈ a; this bound covers a up to ~1e10.
const MAX_ITER = 1_000_000;

/**
 * log(xᵃ·e⁻ˣ / Γ(a)), the factor shared by both tails. For a ≥ 10 it uses Temme's form
 * ½·log(a/2π) + a·(log λ − λ + 1) − (Stirling correction of a), λ = x/a: the three terms of size
 * a·log a in the naive form cancel analytically, which keeps P(200, x) accurate to ~1e-15.
 */
export function logGammaPrefix(a: number, x: number): number {
  if (a < 10) return a * Math.log(x) - x - lgamma(a);
  const lambda = x / a;
  // Near the mode log λ − λ + 1 = log1pmx(λ − 1) with x − a exact; far from it λ itself must be formed
  // directly, because 1 + (x − a)/a would round away a tiny λ.
  const exponent = lambda > 0.5 && lambda < 2 ? a * log1pmx((x - a) / a) : a * Math.log(lambda) + (a - x);
  return 0.5 * Math.log(a / (2 * Math.PI)) + exponent - lgammaCorrection(a);
}

/** Σₙ xⁿ / (a(a+1)…(a+n)), so that P = xᵃe⁻ˣ/Γ(a) · series. */
function lowerSeries(a: number, x: number): number {
  let ap = a;
  let term = 1 / a;
  let sum = term;
  for (let n = 0; n < MAX_ITER; n++) {
    ap += 1;
    term *= x / ap;
    sum += term;
    if (term < sum * EPS) break;
  }
  return sum;
}

/** The continued fraction with Q = xᵃe⁻ˣ/Γ(a) · cf, by the modified Lentz method. */
function upperFraction(a: number, x: number): number {
  let b = x + 1 - a;
  let c = 1 / TINY;
  let d = 1 / b;
  let h = d;
  for (let i = 1; i <= MAX_ITER; i++) {
    const an = -i * (i - a);
    b += 2;
    d = an * d + b;
    if (Math.abs(d) < TINY) d = TINY;
    c = b + an / c;
    if (Math.abs(c) < TINY) c = TINY;
    d = 1 / d;
    const delta = d * c;
    h *= delta;
    if (Math.abs(delta - 1) < EPS) break;
  }
  return h;
}

/**
 * The requested tail for a < 1 and x < 2 from γ(a, x) = Σₙ (−1)ⁿ x^(a+n) / (n!·(a + n)):
 * P = u·(1 + a·S) and Q = (1 − u) − u·a·S with u = xᵃ/Γ(a + 1) and S = Σₙ≥₁ (−x)ⁿ/(n!·(a + n)).
 */
function smallShape(a: number, x: number, upper: boolean): number {
  let term = 1;
  let sum = 0;
  for (let n = 1; n < MAX_ITER; n++) {
    term *= -x / n;
    const add = term / (a + n);
    sum += add;
    if (Math.abs(add) < Math.abs(sum) * EPS) break;
  }
  const logU = a * Math.log(x) - lgamma1p(a);
  const u = Math.exp(logU);
  return upper ? -Math.expm1(logU) - u * a * sum : u * (1 + a * sum);
}

/** Shared body of gammaP/gammaQ; `upper` selects Q. */
export function incompleteGamma(a: number, x: number, upper: boolean): number {
  if (!(a > 0 && x >= 0) || a === Number.POSITIVE_INFINITY) return Number.NaN;
  if (x === 0) return upper ? 1 : 0;
  if (x === Number.POSITIVE_INFINITY) return upper ? 0 : 1;
  if (a < 1 && x < a + 1) return smallShape(a, x, upper);
  const prefix = Math.exp(logGammaPrefix(a, x));
  if (x < a + 1) {
    const p = prefix * lowerSeries(a, x);
    return upper ? 1 - p : p;
  }
  const q = prefix * upperFraction(a, x);
  return upper ? q : 1 - q;
}

/** Regularized lower incomplete gamma P(a, x) = γ(a, x)/Γ(a) for a > 0, x ≥ 0 (NaN otherwise). */
export function gammaP(a: number, x: number): number {
  return incompleteGamma(a, x, false);
}

/** Regularized upper incomplete gamma Q(a, x) = 1 − P(a, x), accurate when it is tiny. */
export function gammaQ(a: number, x: number): number {
  return incompleteGamma(a, x, true);
}
