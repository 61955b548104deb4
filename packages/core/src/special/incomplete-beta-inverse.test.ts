import { describe, expect, it } from 'vitest';
import { expectClose, expectMatchesMpmath, R, R_TOLERANCE } from './__fixtures__/reference.js';
import { betaInc, betaIncComplement } from './incomplete-beta.js';
import { betaIncInv } from './incomplete-beta-inverse.js';

describe('betaIncInv', () => {
  it('matches R’s qbeta at every reference point', () => {
    const { alpha, beta, at, q } = R.special.beta_quantile;
    at.forEach((p, i) => expectClose(betaIncInv(alpha, beta, p), q[i], R_TOLERANCE, `qbeta(${p})`));
  });

  it('is p for a = b = 1 and p^(1/a) for b = 1', () => {
    // The prefactor is formed as exp(log …), so tiny values carry a relative error of |log p|·ε.
    for (const p of [1e-200, 1e-6, 0.3, 0.5, 0.95]) {
      expectClose(betaIncInv(1, 1, p), p, 1e-13, `betaIncInv(1, 1, ${p})`);
      expectClose(betaIncInv(4, 1, p), p ** 0.25, 1e-14, `betaIncInv(4, 1, ${p})`);
    }
  });

  it('returns 0 or 1 when the quantile lies closer to them than any double', () => {
    expect(betaIncInv(0.05, 0.05, 1e-30)).toBe(0);
    expect(betaIncInv(0.05, 0.05, 1 - 2 ** -8)).toBe(1);
  });

  it('inverts betaInc for tiny, equal, lopsided and large shapes, in both tails', () => {
    for (const [a, b] of [
      [0.05, 0.05],
      [0.5, 0.5],
      [2, 7],
      [613, 1.07],
      [0.3, 4000],
      [500, 800],
    ]) {
      for (const p of [1e-30, 1e-6, 0.1, 0.5]) {
        // For tiny a the quantile ≈ (p·a·B(a, b))^(1/a) underflows (1e-600 for a = b = 0.05); skip those.
        if (Math.log(p) / a < -700) continue;
        expectClose(betaInc(a, b, betaIncInv(a, b, p)), p, 1e-12, `I(I⁻¹(${a}, ${b}, ${p}))`);
      }
      // 1 − 2⁻ᵏ is exact. A quantile x near 1 is resolved only to ulp(1) ≈ 2e-16, which moves the upper
      // tail, ∝ (1 − x)ᵇ there, by about b·2e-16/(1 − x) relative; no check when x rounds to 1.
      for (const q of [2 ** -8, 2 ** -30]) {
        const x = betaIncInv(a, b, 1 - q);
        const resolution = (2 * b * Number.EPSILON) / (1 - x);
        if (x < 1)
          expectClose(betaIncComplement(a, b, x), q, 1e-12 + resolution, `1 − I(I⁻¹(${a}, ${b}, 1 − ${q}))`);
      }
    }
  });

  it('round-trips betaIncInv(a, b, betaInc(a, b, x)) ≈ x below the median', () => {
    for (const [a, b] of [
      [0.7, 3],
      [5, 5],
      [40, 9],
    ]) {
      for (const x of [0.01, 0.2, 0.5]) {
        const p = betaInc(a, b, x);
        if (p <= 0.5) expectClose(betaIncInv(a, b, p), x, 1e-13, `at (${a}, ${b}, ${x})`);
      }
    }
  });

  it('matches high-precision values in the tails', () => {
    expectMatchesMpmath('betaIncInv', betaIncInv);
  });

  it('is 0 at p = 0, 1 at p = 1 and NaN for non-positive shapes or p outside [0, 1]', () => {
    expect(betaIncInv(2, 3, 0)).toBe(0);
    expect(betaIncInv(2, 3, 1)).toBe(1);
    for (const [a, b, p] of [
      [0, 1, 0.5],
      [1, -2, 0.5],
      [2, 3, -0.1],
      [2, 3, 1.5],
      [Number.NaN, 3, 0.5],
    ]) {
      expect(betaIncInv(a, b, p)).toBeNaN();
    }
  });
});
