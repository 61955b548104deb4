import { describe, expect, it } from 'vitest';
import { expectClose, expectMatchesMpmath, R, R_TOLERANCE } from './__fixtures__/reference.js';
import { normalCdf } from './normal.js';
import { normalQuantile } from './normal-quantile.js';

describe('normalQuantile', () => {
  it('matches R’s qnorm at every reference point', () => {
    const { normal_quantile_at: at, normal_quantile: expected } = R.special;
    at.forEach((p, i) => expectClose(normalQuantile(p), expected[i], R_TOLERANCE, `normalQuantile(${p})`));
  });

  it('inverts normalCdf: normalCdf(normalQuantile(p)) ≈ p', () => {
    for (const p of [1e-300, 1e-50, 1e-12, 1e-4, 0.02, 0.3, 0.5, 0.7, 0.9, 0.999999]) {
      expectClose(normalCdf(normalQuantile(p)), p, 1e-13, `round trip at ${p}`);
    }
  });

  it('round-trips quantile(cdf(z)) ≈ z across all three AS 241 regions', () => {
    // Only z ≤ 3 on the upper side: beyond, cdf(z) rounds to within a few ulps of 1 and loses z.
    for (const z of [-37, -20, -6.5, -3, -0.5, 0.2, 1, 3]) {
      expectClose(normalQuantile(normalCdf(z)), z, 1e-13, `round trip at ${z}`);
    }
  });

  it('is antisymmetric about ½ and matches high-precision deep-tail values', () => {
    for (const p of [0.001, 0.2, 0.4]) expect(normalQuantile(1 - p)).toBeCloseTo(-normalQuantile(p), 12);
    expectMatchesMpmath('normalQuantile', normalQuantile);
  });

  it('is −Infinity at 0, +Infinity at 1 and NaN outside [0, 1]', () => {
    expect(normalQuantile(0)).toBe(Number.NEGATIVE_INFINITY);
    expect(normalQuantile(1)).toBe(Number.POSITIVE_INFINITY);
    for (const p of [-1e-3, 1.5, Number.NaN]) expect(normalQuantile(p)).toBeNaN();
  });
});
