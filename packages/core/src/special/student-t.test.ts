import { describe, expect, it } from 'vitest';
import { expectClose, expectMatchesMpmath, R_TOLERANCE, rCdfCases } from './__fixtures__/reference.js';
import { normalCdf } from './normal.js';
import { studentTCdf } from './student-t.js';

describe('studentTCdf', () => {
  it('matches R’s pt for every StudentT case, after standardising x', () => {
    for (const { params, x, cdf } of rCdfCases('StudentT')) {
      x.forEach((v, i) => {
        const t = (v - params.mu) / params.sigma;
        expectClose(
          studentTCdf(t, params.nu),
          cdf[i],
          R_TOLERANCE,
          `StudentT ${JSON.stringify(params)} at ${v}`,
        );
      });
    }
  });

  it('is the Cauchy CDF ½ + atan(t)/π for ν = 1 and ½ + t/(2√(2 + t²)) for ν = 2', () => {
    for (const t of [-1e6, -30, -1, -1e-3, 0.5, 4]) {
      expectClose(
        studentTCdf(t, 1),
        t < 0 ? Math.atan(-1 / t) / Math.PI : 0.5 + Math.atan(t) / Math.PI,
        1e-14,
        `ν = 1, t = ${t}`,
      );
      expectClose(studentTCdf(t, 2), 0.5 + t / (2 * Math.sqrt(2 + t * t)), 1e-13, `ν = 2, t = ${t}`, 1e-3);
    }
  });

  it('is symmetric, ½ at 0, and tends to the normal CDF as ν grows', () => {
    expect(studentTCdf(0, 3.7)).toBe(0.5);
    for (const t of [0.2, 1.5, 6])
      expectClose(studentTCdf(-t, 5), 1 - studentTCdf(t, 5), 1e-14, `at ${t}`, 1);
    expect(studentTCdf(1.3, Number.POSITIVE_INFINITY)).toBe(normalCdf(1.3));
    expectClose(studentTCdf(-2, 1e12), normalCdf(-2), 1e-10, 'ν = 1e12');
  });

  it('keeps relative accuracy deep in the lower tail and for huge ν', () => {
    expectMatchesMpmath('studentTCdf', studentTCdf);
  });

  it('is 0 and 1 at ∓Infinity and NaN for ν ≤ 0 or NaN', () => {
    expect(studentTCdf(Number.NEGATIVE_INFINITY, 3)).toBe(0);
    expect(studentTCdf(Number.POSITIVE_INFINITY, 3)).toBe(1);
    for (const [t, nu] of [
      [1, 0],
      [1, -2],
      [Number.NaN, 3],
      [1, Number.NaN],
    ]) {
      expect(studentTCdf(t, nu)).toBeNaN();
    }
  });
});
