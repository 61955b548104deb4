import { describe, expect, it } from 'vitest';
import { expectClose, R, R_TOLERANCE } from './__fixtures__/reference.js';
import { log1mExp, log1pExp, log1pmx, logSumExp2 } from './log-exp.js';

describe('log1pExp', () => {
  it('matches R at every reference point, including ±800', () => {
    const { log1p_exp_at: at, log1p_exp: expected } = R.special;
    at.forEach((x, i) => expectClose(log1pExp(x), expected[i], R_TOLERANCE, `log1pExp(${x})`));
  });

  it('is x for large x and eˣ for very negative x, without overflow', () => {
    expect(log1pExp(800)).toBe(800);
    expect(log1pExp(1e308)).toBe(1e308);
    expectClose(log1pExp(-40), Math.exp(-40), 1e-15, 'log1pExp(-40)');
    expectClose(log1pExp(-700), Math.exp(-700), 1e-15, 'log1pExp(-700)');
  });

  it('agrees with the exact identity on both sides of each branch point', () => {
    // log(1 + eˣ) = x + log(1 + e⁻ˣ), each side evaluated in its own well-conditioned form.
    const exact = (x: number) => (x > 0 ? x + Math.log1p(Math.exp(-x)) : Math.log1p(Math.exp(x)));
    for (const branch of [-37, 18, 33.3]) {
      for (const x of [branch * (1 - 1e-12), branch, branch * (1 + 1e-12)]) {
        expectClose(log1pExp(x), exact(x), 1e-15, `log1pExp(${x})`);
      }
    }
  });

  it('passes NaN and the infinities through', () => {
    expect(log1pExp(Number.NaN)).toBeNaN();
    expect(log1pExp(Number.POSITIVE_INFINITY)).toBe(Number.POSITIVE_INFINITY);
    expect(log1pExp(Number.NEGATIVE_INFINITY)).toBe(0);
  });
});

describe('log1mExp', () => {
  it('is log(1 − eˣ) without cancellation near 0 or underflow far below', () => {
    expectClose(log1mExp(-1e-20), Math.log(1e-20), 1e-15, 'log1mExp(-1e-20)');
    expectClose(log1mExp(-1), Math.log(1 - Math.exp(-1)), 1e-15, 'log1mExp(-1)');
    expectClose(log1mExp(-50), -Math.exp(-50), 1e-15, 'log1mExp(-50)');
  });

  it('is continuous at its branch point −log 2', () => {
    const x = -Math.LN2;
    expectClose(log1mExp(x * (1 - 1e-13)), log1mExp(x * (1 + 1e-13)), 1e-12, 'branch');
  });

  it('is −Infinity at 0, 0 at −Infinity and NaN above 0 or for NaN', () => {
    expect(log1mExp(0)).toBe(Number.NEGATIVE_INFINITY);
    expect(log1mExp(Number.NEGATIVE_INFINITY)).toBe(-0);
    expect(log1mExp(1e-300)).toBeNaN();
    expect(log1mExp(Number.NaN)).toBeNaN();
  });
});

describe('logSumExp2', () => {
  it('is log(eᵃ + eᵇ) and symmetric', () => {
    expectClose(logSumExp2(0, 0), Math.LN2, 1e-15, 'logSumExp2(0, 0)');
    expectClose(logSumExp2(1, 2), Math.log(Math.exp(1) + Math.exp(2)), 1e-15, 'logSumExp2(1, 2)');
    expect(logSumExp2(-3, 7)).toBe(logSumExp2(7, -3));
  });

  it('does not overflow or underflow for extreme arguments', () => {
    expectClose(logSumExp2(1000, 1000), 1000 + Math.LN2, 1e-15, 'large');
    expectClose(logSumExp2(-1000, -1000), -1000 + Math.LN2, 1e-15, 'small');
  });

  it('treats −Infinity as a zero term and returns the infinity when one is infinite', () => {
    expect(logSumExp2(Number.NEGATIVE_INFINITY, 3)).toBe(3);
    expect(logSumExp2(Number.NEGATIVE_INFINITY, Number.NEGATIVE_INFINITY)).toBe(Number.NEGATIVE_INFINITY);
    expect(logSumExp2(Number.POSITIVE_INFINITY, Number.POSITIVE_INFINITY)).toBe(Number.POSITIVE_INFINITY);
    expect(logSumExp2(Number.NaN, 0)).toBeNaN();
  });
});

describe('log1pmx', () => {
  it('is log(1 + x) − x where the direct form is well conditioned', () => {
    for (const x of [-0.9, -0.5, 0.5, 1, 10, 1e6])
      expectClose(log1pmx(x), Math.log1p(x) - x, 1e-14, `log1pmx(${x})`);
  });

  it('follows its Taylor series −x²/2 + x³/3 − x⁴/4 + … for small x', () => {
    for (const x of [1e-3, -1e-3, 1e-8, -2e-5, 0.01]) {
      let series = 0;
      let power = x;
      for (let k = 2; k <= 12; k++) {
        power *= x;
        series += ((k % 2 === 0 ? -1 : 1) * power) / k;
      }
      expectClose(log1pmx(x), series, 1e-15, `log1pmx(${x})`);
    }
  });

  it('is continuous where the series hands over to the direct form', () => {
    for (const x of [-0.5, 0.5])
      expectClose(log1pmx(x * (1 - 1e-14)), log1pmx(x * (1 + 1e-14)), 1e-13, `at ${x}`);
  });

  it('is −Infinity at −1 and +Infinity, NaN below −1 and for NaN', () => {
    expect(log1pmx(-1)).toBe(Number.NEGATIVE_INFINITY);
    expect(log1pmx(Number.POSITIVE_INFINITY)).toBe(Number.NEGATIVE_INFINITY);
    expect(log1pmx(-1.5)).toBeNaN();
    expect(log1pmx(Number.NaN)).toBeNaN();
  });
});
