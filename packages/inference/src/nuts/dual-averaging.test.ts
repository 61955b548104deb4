import { describe, expect, it } from 'vitest';
import { DualAveraging } from './dual-averaging.js';

describe('DualAveraging (Stan stepsize_adaptation)', () => {
  it('takes the first step by hand: H̄₁ = (δ − α)/(1 + t0), log ε = μ − H̄₁/γ', () => {
    const da = new DualAveraging(Math.log(10));
    const eps = da.learn(1);
    const sBar = (0.8 - 1) / 11;
    expect(eps).toBeCloseTo(Math.exp(Math.log(10) - sBar / 0.05), 12);
    // κ-weighted average: the first iterate has weight 1.
    expect(da.adaptedStepSize()).toBeCloseTo(eps, 12);
  });

  it('caps the acceptance statistic at 1', () => {
    const a = new DualAveraging(0);
    const b = new DualAveraging(0);
    expect(a.learn(3)).toBe(b.learn(1));
  });

  it('converges to the step size whose acceptance is δ', () => {
    // A deterministic acceptance curve α(ε) = exp(−ε): α = 0.8 at ε = −log 0.8.
    const da = new DualAveraging(Math.log(10));
    let eps = 1;
    for (let t = 0; t < 5000; t++) eps = da.learn(Math.exp(-eps));
    expect(da.adaptedStepSize()).toBeCloseTo(-Math.log(0.8), 2);
  });

  it('forgets its history on restart', () => {
    const da = new DualAveraging(0);
    da.learn(0.1);
    da.learn(0.2);
    da.restart();
    const fresh = new DualAveraging(0);
    expect(da.learn(0.5)).toBe(fresh.learn(0.5));
  });
});
