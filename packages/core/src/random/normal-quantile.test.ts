import { describe, expect, it } from 'vitest';
import { normalQuantile } from './normal-quantile.js';

describe('normalQuantile', () => {
  // Reference values computed to 40 digits with mpmath.
  it.each([
    [1e-300, -37.0470962993612],
    [1e-12, -7.034483825301132],
    [2.5e-7, -5.026312836056685],
    [0.01, -2.326347874040841],
    [0.0749, -1.4402382675279637],
    [0.3, -0.5244005127080408],
    [0.6, 0.2533471031357997],
    [0.8413447460685429, 0.9999999999999999],
    [0.975, 1.9599639845400538],
    [0.999, 3.090232306167813],
    [0.9999999999, 6.361340889697422],
  ])('inverts Φ at p = %s to within a few ulps', (p, x) => {
    expect(Math.abs(normalQuantile(p) - x)).toBeLessThanOrEqual(4 * Number.EPSILON * Math.abs(x));
  });

  it('is odd about p = 1/2 wherever 1 − p is exact', () => {
    expect(normalQuantile(0.5)).toBe(0);
    for (const p of [0.5 + 2 ** -40, 0.6, 0.9, 0.99, 1 - 1e-9, 1 - 2 ** -53]) {
      expect(normalQuantile(1 - p)).toBe(-normalQuantile(p));
    }
  });

  it('is increasing across the boundaries between its three rational approximations', () => {
    const tailBoundary = Math.exp(-25);
    for (const b of [0.075, 0.925, tailBoundary, 1 - tailBoundary]) {
      const below = normalQuantile(b * (1 - 1e-12));
      const at = normalQuantile(b);
      const above = normalQuantile(b * (1 + 1e-12));
      expect(below).toBeLessThan(at);
      expect(at).toBeLessThan(above);
    }
  });

  it('maps the endpoints to infinities and anything outside [0, 1] to NaN', () => {
    expect(normalQuantile(0)).toBe(Number.NEGATIVE_INFINITY);
    expect(normalQuantile(1)).toBe(Number.POSITIVE_INFINITY);
    expect(normalQuantile(-0.1)).toBeNaN();
    expect(normalQuantile(1.1)).toBeNaN();
    expect(normalQuantile(Number.NaN)).toBeNaN();
  });
});
