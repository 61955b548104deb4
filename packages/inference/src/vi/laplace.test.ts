import { Rng } from '@dopl/core';
import { describe, expect, it } from 'vitest';
import { finiteDifferenceHessian, laplaceApproximation, laplaceDraws } from './laplace.js';
import { gaussianDensity, inverse2, skewed } from './test-densities.js';

describe('Laplace approximation', () => {
  it('the finite-difference Hessian matches the analytic one', () => {
    // skewed: log p = 2x − eˣ − 2 (y − x/2)²
    const H = finiteDifferenceHessian(skewed, [0.3, 0.1]);
    expect(H[0]).toBeCloseTo(-Math.exp(0.3) - 1, 7);
    expect(H[1]).toBeCloseTo(2, 7);
    expect(H[2]).toBe(H[1]);
    expect(H[3]).toBeCloseTo(-4, 7);
  });

  it('draws from N(mode, (−H)⁻¹) for a Gaussian target, with log q', () => {
    const cov = [4, 1.8, 1.8, 1];
    const target = gaussianDensity([1, -2], inverse2(cov));
    const approx = laplaceApproximation(target, [1, -2]);
    const c = approx.covariance();
    for (let k = 0; k < 4; k++) expect(c[k]).toBeCloseTo(cov[k], 6);
    const n = 20_000;
    const { draws, logP, logQ } = laplaceDraws(target, approx, new Rng(2), n);
    let m0 = 0;
    let v0 = 0;
    for (let t = 0; t < n; t++) m0 += draws[2 * t] / n;
    for (let t = 0; t < n; t++) v0 += (draws[2 * t] - m0) ** 2 / (n - 1);
    expect(m0).toBeCloseTo(1, 1);
    expect(v0).toBeCloseTo(4, 0);
    // For a Gaussian target log p − log q is the constant log normaliser.
    const diff = logP.map((lp, i) => lp - logQ[i]);
    expect(Math.max(...diff) - Math.min(...diff)).toBeLessThan(1e-8);
  });

  it('refuses a point that is not a strict mode', () => {
    const saddle = {
      dim: 2,
      logDensity: (t: ArrayLike<number>) => t[0] * t[0] - t[1] * t[1],
      logDensityAndGradient: (t: ArrayLike<number>, g: Float64Array) => {
        g[0] = 2 * t[0];
        g[1] = -2 * t[1];
        return t[0] * t[0] - t[1] * t[1];
      },
    };
    expect(() => laplaceApproximation(saddle, [0, 0])).toThrow(/not positive definite/);
  });
});
