import { describe, expect, it } from 'vitest';
import { expectClose, expectMatchesMpmath, R_TOLERANCE, rCdfCases } from './__fixtures__/reference.js';
import { erfc } from './erf.js';
import { normalCdf, normalLccdf, normalLcdf } from './normal.js';

describe('normalCdf', () => {
  it('matches R’s pnorm for every Normal case, after standardising x', () => {
    for (const { params, x, cdf } of rCdfCases('Normal')) {
      x.forEach((v, i) => {
        expectClose(
          normalCdf((v - params.mu) / params.sigma),
          cdf[i],
          R_TOLERANCE,
          `Normal ${JSON.stringify(params)} at ${v}`,
        );
      });
    }
  });

  it('is ½ at 0 and satisfies Φ(−z) = 1 − Φ(z)', () => {
    expect(normalCdf(0)).toBe(0.5);
    for (const z of [0.1, 0.66, 0.67, 1.5, 4, 8])
      expectClose(normalCdf(-z), 1 - normalCdf(z), 1e-15, `at ${z}`, 1);
  });

  it('equals ½·erfc(−z/√2)', () => {
    for (const z of [-3, -1, -0.2, 0.5, 2])
      expectClose(normalCdf(z), 0.5 * erfc(-z / Math.SQRT2), 1e-14, `at ${z}`);
  });

  it('keeps full relative accuracy down to Φ(−37.5) ≈ 5e-308', () => {
    expectMatchesMpmath('normalCdf', normalCdf);
  });

  it('is 0 at −Infinity, 1 at +Infinity and NaN for NaN', () => {
    expect(normalCdf(Number.NEGATIVE_INFINITY)).toBe(0);
    expect(normalCdf(Number.POSITIVE_INFINITY)).toBe(1);
    expect(normalCdf(Number.NaN)).toBeNaN();
  });
});

describe('normalLcdf', () => {
  it('is log Φ(z) wherever Φ is representable', () => {
    for (const z of [-30, -5, -1, -0.3, 0, 0.4, 2])
      expectClose(normalLcdf(z), Math.log(normalCdf(z)), 1e-14, `at ${z}`);
  });

  it('stays finite and accurate far below where Φ underflows, approaching −z²/2', () => {
    expectMatchesMpmath('normalLcdf', normalLcdf);
    const z = -1e10;
    expectClose(normalLcdf(z), -0.5 * z * z - Math.log(-z) - 0.5 * Math.log(2 * Math.PI), 1e-15, 'z = -1e10');
  });

  it('is −Infinity at −Infinity, 0 at +Infinity and NaN for NaN', () => {
    expect(normalLcdf(Number.NEGATIVE_INFINITY)).toBe(Number.NEGATIVE_INFINITY);
    expect(Math.abs(normalLcdf(Number.POSITIVE_INFINITY))).toBe(0);
    expect(normalLcdf(Number.NaN)).toBeNaN();
  });
});

describe('normalLccdf', () => {
  it('is log(1 − Φ(z)) = log Φ(−z), accurate far into the upper tail', () => {
    for (const z of [-3, 0, 1, 12, 40, 1e5]) expect(normalLccdf(z)).toBe(normalLcdf(-z));
    expectClose(normalLccdf(10), Math.log(normalCdf(-10)), 1e-14, 'normalLccdf(10)');
  });
});
