import { describe, expect, it } from 'vitest';
import { WelfordCovariance, WelfordVariance } from './welford.js';

// Two-pass sample (co)variances as the oracle.
const xs = [
  [1, 2],
  [3, -1],
  [0.5, 0.25],
  [10, 4],
  [-2, 7],
];
const n = xs.length;
const mean = [0, 1].map((j) => xs.reduce((s, x) => s + x[j], 0) / n);
const cov = (a: number, b: number) =>
  xs.reduce((s, x) => s + (x[a] - mean[a]) * (x[b] - mean[b]), 0) / (n - 1);

describe('Welford estimators', () => {
  it('match the two-pass sample variance', () => {
    const w = new WelfordVariance(2);
    for (const x of xs) w.add(x);
    const out = new Float64Array(2);
    w.variance(out);
    expect(w.count).toBe(5);
    expect(out[0]).toBeCloseTo(cov(0, 0), 12);
    expect(out[1]).toBeCloseTo(cov(1, 1), 12);
  });

  it('match the two-pass sample covariance, symmetric', () => {
    const w = new WelfordCovariance(2);
    for (const x of xs) w.add(x);
    const out = new Float64Array(4);
    w.covariance(out);
    expect(out[0]).toBeCloseTo(cov(0, 0), 12);
    expect(out[1]).toBeCloseTo(cov(0, 1), 12);
    expect(out[2]).toBe(out[1]);
    expect(out[3]).toBeCloseTo(cov(1, 1), 12);
  });

  it('leave the output untouched with fewer than two draws, and restart', () => {
    const w = new WelfordVariance(1);
    w.add([3]);
    const out = Float64Array.of(42);
    w.variance(out);
    expect(out[0]).toBe(42);
    w.restart();
    expect(w.count).toBe(0);
    w.add([1]);
    w.add([3]);
    w.variance(out);
    expect(out[0]).toBe(2);
  });
});
