import { describe, expect, it } from 'vitest';
import { expectClose, expectMatchesMpmath, R, R_TOLERANCE } from './__fixtures__/reference.js';
import { gammaP, gammaQ } from './incomplete-gamma.js';
import { gammaPInv } from './incomplete-gamma-inverse.js';

describe('gammaPInv', () => {
  it('matches R’s qgamma at every reference point (quantile = gammaPInv(shape, p)/rate)', () => {
    const { shape, rate, at, q } = R.special.gamma_quantile;
    at.forEach((p, i) => expectClose(gammaPInv(shape, p) / rate, q[i], R_TOLERANCE, `qgamma(${p})`));
  });

  it('is −log(1 − p) for shape 1', () => {
    for (const p of [1e-12, 0.1, 0.5, 0.9, 0.999999])
      expectClose(gammaPInv(1, p), -Math.log1p(-p), 1e-14, `at ${p}`);
  });

  it('inverts gammaP, including tiny p, p near 1, tiny shapes and large shapes', () => {
    for (const a of [0.01, 0.3, 1, 2.5, 10, 200, 1e5]) {
      for (const p of [1e-100, 1e-8, 0.01, 0.3, 0.5, 0.77]) {
        // For tiny a the quantile ≈ p^(1/a) underflows (1e-100 at a = 0.01 gives 1e-10000); skip those.
        if (Math.log(p) / a < -700) continue;
        expectClose(gammaP(a, gammaPInv(a, p)), p, 1e-12, `P(${a}, P⁻¹(${a}, ${p}))`);
      }
      // 1 − 2⁻ᵏ is exact, so the upper tail can be checked to full relative accuracy.
      for (const q of [2 ** -10, 2 ** -30, 2 ** -50]) {
        expectClose(gammaQ(a, gammaPInv(a, 1 - q)), q, 1e-12, `Q(${a}, P⁻¹(${a}, 1 − ${q}))`);
      }
    }
  });

  it('round-trips gammaPInv(a, gammaP(a, x)) ≈ x up to the median', () => {
    // Above the median gammaP(a, x) rounds towards 1 and no longer determines x to full precision.
    for (const a of [0.5, 4, 60]) {
      for (const x of [0.01 * a, 0.3 * a, 0.8 * a])
        expectClose(gammaPInv(a, gammaP(a, x)), x, 1e-13, `at (${a}, ${x})`);
    }
  });

  it('matches high-precision values in the far tails', () => {
    expectMatchesMpmath('gammaPInv', gammaPInv);
  });

  it('returns 0 when the quantile lies below the smallest double', () => {
    expect(gammaPInv(0.3, 1e-300)).toBe(0);
  });

  it('is 0 at p = 0, +Infinity at p = 1 and NaN for a ≤ 0 or p outside [0, 1]', () => {
    expect(gammaPInv(2, 0)).toBe(0);
    expect(gammaPInv(2, 1)).toBe(Number.POSITIVE_INFINITY);
    for (const [a, p] of [
      [0, 0.5],
      [-2, 0.5],
      [2, -0.1],
      [2, 1.1],
      [Number.NaN, 0.5],
      [2, Number.NaN],
    ]) {
      expect(gammaPInv(a, p)).toBeNaN();
    }
  });
});
