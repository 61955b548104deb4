import { describe, expect, it } from 'vitest';
import { expectClose, expectMatchesMpmath, R, R_TOLERANCE } from './__fixtures__/reference.js';
import { EULER_GAMMA, LN_PI, LN_SQRT_2PI } from './constants.js';
import { lgamma, lgamma1p, lgammaCorrection } from './gamma.js';

describe('lgamma', () => {
  it('matches R at every reference point', () => {
    const { x, lgamma: expected } = R.special;
    x.forEach((v, i) => expectClose(lgamma(v), expected[i], R_TOLERANCE, `lgamma(${v})`));
  });

  it('equals log((n − 1)!) at the positive integers', () => {
    let logFactorial = 0;
    for (let n = 1; n <= 170; n++) {
      expectClose(lgamma(n), logFactorial, 1e-14, `lgamma(${n})`);
      logFactorial += Math.log(n);
    }
  });

  it('is exactly 0 at its roots 1 and 2', () => {
    expect(lgamma(1)).toBe(0);
    expect(lgamma(2)).toBe(0);
  });

  it('keeps full relative accuracy next to the roots, for tiny and for huge x', () => {
    expectMatchesMpmath('lgamma', lgamma);
  });

  it('gives log √π at ½ and satisfies the recurrence lgamma(x + 1) = lgamma(x) + log x', () => {
    expectClose(lgamma(0.5), 0.5 * LN_PI, 1e-15, 'lgamma(0.5)');
    for (const x of [0.3, 2.7, 9.99, 10.5, 55.5]) {
      expectClose(lgamma(x + 1), lgamma(x) + Math.log(x), 1e-14, `recurrence at ${x}`);
    }
  });

  it('satisfies the reflection formula for negative non-integers', () => {
    for (const x of [-0.25, -1.5, -7.3, -40.9]) {
      const expected = LN_PI - Math.log(Math.abs(Math.sin(Math.PI * x))) - lgamma(1 - x);
      expectClose(lgamma(x), expected, 1e-12, `lgamma(${x})`);
    }
  });

  it('is +Infinity at the poles and ±Infinity, and NaN for NaN', () => {
    for (const x of [0, -0, -1, -2, -1e20, Number.POSITIVE_INFINITY, Number.NEGATIVE_INFINITY]) {
      expect(lgamma(x)).toBe(Number.POSITIVE_INFINITY);
    }
    expect(lgamma(Number.NaN)).toBeNaN();
  });
});

describe('lgamma1p', () => {
  it('is −γ·z to first order, without rounding 1 + z', () => {
    for (const z of [1e-12, -1e-12, 1e-300])
      expectClose(lgamma1p(z), -EULER_GAMMA * z, 1e-11, `lgamma1p(${z})`);
  });

  it('agrees with lgamma(1 + z) where 1 + z is exact', () => {
    for (const z of [-0.75, -0.5, 0.25, 0.5, 1, 1.25, 3, 100]) {
      expectClose(lgamma1p(z), lgamma(1 + z), 1e-15, `lgamma1p(${z})`, 1e-3);
    }
  });
});

describe('lgammaCorrection', () => {
  it('is what Stirling’s formula leaves out of lgamma', () => {
    // lgamma(n) = log((n − 1)!) is summed exactly enough at n = 10…20 for the small difference to be checked.
    let logFactorial = Math.log(362880);
    for (let n = 10; n <= 20; n++) {
      const stirling = (n - 0.5) * Math.log(n) - n + LN_SQRT_2PI;
      expectClose(lgammaCorrection(n), logFactorial - stirling, 1e-12, `n = ${n}`);
      logFactorial += Math.log(n);
    }
    expectClose(
      lgammaCorrection(12.5),
      lgamma(12.5) - (12 * Math.log(12.5) - 12.5 + LN_SQRT_2PI),
      1e-12,
      'x = 12.5',
    );
  });

  it('approaches 1/(12x) and vanishes at +Infinity', () => {
    expectClose(lgammaCorrection(1e8), 1 / 12e8, 1e-15, 'x = 1e8');
    expect(lgammaCorrection(Number.POSITIVE_INFINITY)).toBe(0);
  });
});
