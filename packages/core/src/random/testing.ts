// Shared statistical checks for the sampler tests. Every tolerance is a multiple of a Monte Carlo
// standard error, so a failure means a discrepancy of about five standard errors.
import { expect } from 'vitest';

/** Draws per distributional check. */
export const N = 200_000;

/** The exact mean, variance and fourth central moment μ4 = E[(X − μ)⁴] of a distribution. */
export interface ExactMoments {
  readonly mean: number;
  readonly variance: number;
  readonly fourth: number;
}

export function sample(n: number, draw: (i: number) => number): Float64Array {
  const xs = new Float64Array(n);
  for (let i = 0; i < n; i++) xs[i] = draw(i);
  return xs;
}

export function sampleMean(xs: Float64Array): number {
  let s = 0;
  for (let i = 0; i < xs.length; i++) s += xs[i];
  return s / xs.length;
}

export function sampleVariance(xs: Float64Array): number {
  const m = sampleMean(xs);
  let s = 0;
  for (let i = 0; i < xs.length; i++) s += (xs[i] - m) ** 2;
  return s / (xs.length - 1);
}

/**
 * |mean − μ| ≤ 5·sqrt(σ²/n) and |s² − σ²| ≤ 5·sqrt((μ4 − σ⁴)/n), the latter being the asymptotic
 * standard error of the sample variance.
 */
export function expectMoments(xs: Float64Array, exact: ExactMoments): void {
  const n = xs.length;
  const mean = sampleMean(xs);
  const variance = sampleVariance(xs);
  const meanTolerance = 5 * Math.sqrt(exact.variance / n);
  const varianceTolerance = 5 * Math.sqrt((exact.fourth - exact.variance ** 2) / n);
  expect(Math.abs(mean - exact.mean), `sample mean ${mean}, exact ${exact.mean}`).toBeLessThanOrEqual(
    meanTolerance,
  );
  expect(
    Math.abs(variance - exact.variance),
    `sample variance ${variance}, exact ${exact.variance}`,
  ).toBeLessThanOrEqual(varianceTolerance);
}

/**
 * For each [p, q] with q the exact p-quantile, the fraction of draws ≤ q is Binomial(n, p)/n, so it
 * must lie within 5·sqrt(p(1 − p)/n) of p. Works whatever the tails, unlike moment checks.
 */
export function expectQuantiles(xs: Float64Array, quantiles: readonly (readonly [number, number])[]): void {
  const n = xs.length;
  for (const [p, q] of quantiles) {
    let below = 0;
    for (let i = 0; i < n; i++) if (xs[i] <= q) below++;
    const fraction = below / n;
    expect(
      Math.abs(fraction - p),
      `fraction of draws ≤ ${q} is ${fraction}, expected ${p}`,
    ).toBeLessThanOrEqual(5 * Math.sqrt((p * (1 - p)) / n));
  }
}

/** The Kolmogorov–Smirnov statistic sup |F̂(x) − F(x)| of a sample against a continuous CDF. */
export function ksStatistic(xs: Float64Array, cdf: (x: number) => number): number {
  const sorted = Float64Array.from(xs).sort();
  const n = sorted.length;
  let d = 0;
  for (let i = 0; i < n; i++) {
    const f = cdf(sorted[i]);
    d = Math.max(d, (i + 1) / n - f, f - i / n);
  }
  return d;
}

/** Asymptotic KS critical value: P(sqrt(n)·D > c) ≈ 2·exp(−2c²), solved for c at level alpha. */
export function ksCriticalValue(n: number, alpha: number): number {
  return Math.sqrt(-Math.log(alpha / 2) / 2) / Math.sqrt(n);
}

export function correlation(a: Float64Array, b: Float64Array): number {
  const ma = sampleMean(a);
  const mb = sampleMean(b);
  let sab = 0;
  let saa = 0;
  let sbb = 0;
  for (let i = 0; i < a.length; i++) {
    const da = a[i] - ma;
    const db = b[i] - mb;
    sab += da * db;
    saa += da * da;
    sbb += db * db;
  }
  return sab / Math.sqrt(saa * sbb);
}

/**
 * Φ(x) through Abramowitz & Stegun 7.1.26 (|error| < 1.5e-7): independent of the code under test,
 * and far more accurate than the ~5e-3 resolution of a KS test with 200 000 draws.
 */
export function normalCdf(x: number): number {
  const z = Math.abs(x) / Math.SQRT2;
  const t = 1 / (1 + 0.3275911 * z);
  const poly =
    t * (0.254829592 + t * (-0.284496736 + t * (1.421413741 + t * (-1.453152027 + t * 1.061405429))));
  const erf = 1 - poly * Math.exp(-z * z);
  return x >= 0 ? 0.5 * (1 + erf) : 0.5 * (1 - erf);
}

const LANCZOS = [
  0.9999999999998099, 676.5203681218851, -1259.1392167224028, 771.3234287776531, -176.6150291621406,
  12.507343278686905, -0.13857109526572012, 0.000009984369578019572, 1.5056327351493116e-7,
];

/** Γ(x) for x ≥ 1/2 by the Lanczos approximation (g = 7, 9 terms), relative error ~1e-15. */
export function gammaFunction(x: number): number {
  const z = x - 1;
  let s = LANCZOS[0];
  for (let i = 1; i < LANCZOS.length; i++) s += LANCZOS[i] / (z + i);
  const t = z + 7.5;
  return Math.sqrt(2 * Math.PI) * t ** (z + 0.5) * Math.exp(-t) * s;
}

/** Central moments about the mean from raw moments m1..m4 (m_r = E[X^r]). */
export function momentsFromRaw(m1: number, m2: number, m3: number, m4: number): ExactMoments {
  return {
    mean: m1,
    variance: m2 - m1 * m1,
    fourth: m4 - 4 * m1 * m3 + 6 * m1 * m1 * m2 - 3 * m1 ** 4,
  };
}

/** Exact moments of a distribution on 0, 1, …, p.length − 1 with (normalised) probabilities p. */
export function momentsOfPmf(p: ArrayLike<number>): ExactMoments {
  let total = 0;
  for (let i = 0; i < p.length; i++) total += p[i];
  let mean = 0;
  for (let i = 0; i < p.length; i++) mean += (i * p[i]) / total;
  let variance = 0;
  let fourth = 0;
  for (let i = 0; i < p.length; i++) {
    variance += ((i - mean) ** 2 * p[i]) / total;
    fourth += ((i - mean) ** 4 * p[i]) / total;
  }
  return { mean, variance, fourth };
}

/** For each k, the fraction of draws equal to k must lie within 5·sqrt(p(1 − p)/n) of p = pmf(k). */
export function expectFrequencies(xs: Float64Array, pmf: (k: number) => number, ks: readonly number[]): void {
  const n = xs.length;
  for (const k of ks) {
    let hits = 0;
    for (let i = 0; i < n; i++) if (xs[i] === k) hits++;
    const p = pmf(k);
    expect(Math.abs(hits / n - p), `P(X = ${k}): observed ${hits / n}, exact ${p}`).toBeLessThanOrEqual(
      5 * Math.sqrt((p * (1 - p)) / n),
    );
  }
}

/**
 * Beta(a, b): mean a/(a+b), variance ab/((a+b)²(a+b+1)), excess kurtosis
 * 6[(a−b)²(a+b+1) − ab(a+b+2)] / [ab(a+b+2)(a+b+3)], so μ4 = (3 + excess)·variance².
 */
export function betaMoments(a: number, b: number): ExactMoments {
  const s = a + b;
  const variance = (a * b) / (s * s * (s + 1));
  const excess = (6 * ((a - b) ** 2 * (s + 1) - a * b * (s + 2))) / (a * b * (s + 2) * (s + 3));
  return { mean: a / s, variance, fourth: (3 + excess) * variance ** 2 };
}
