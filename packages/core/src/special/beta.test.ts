import { describe, expect, it } from 'vitest';
import { expectClose, expectMatchesMpmath } from './__fixtures__/reference.js';
import { lbeta, lchoose } from './beta.js';
import { lgamma } from './gamma.js';

/** Exact C(n, k) for small n, as a BigInt. */
function binomial(n: number, k: number): bigint {
  let c = 1n;
  for (let i = 1; i <= k; i++) c = (c * BigInt(n - k + i)) / BigInt(i);
  return c;
}

describe('lbeta', () => {
  it('agrees with lgamma(a) + lgamma(b) − lgamma(a + b) for moderate arguments', () => {
    for (const [a, b] of [
      [0.5, 0.5],
      [2, 7],
      [3.3, 12.1],
      [15, 40],
    ]) {
      expectClose(lbeta(a, b), lgamma(a) + lgamma(b) - lgamma(a + b), 1e-13, `lbeta(${a}, ${b})`);
    }
  });

  it('has the exact values B(a, 1) = 1/a and B(1, 1) = 1', () => {
    expect(lbeta(1, 1)).toBe(0);
    for (const a of [0.1, 3, 25, 1e6]) expectClose(lbeta(a, 1), -Math.log(a), 1e-14, `lbeta(${a}, 1)`);
  });

  it('stays accurate for large and very unequal arguments', () => {
    expectMatchesMpmath('lbeta', lbeta);
  });

  it('is symmetric', () => {
    expect(lbeta(2.5, 1e7)).toBe(lbeta(1e7, 2.5));
  });

  it('is +Infinity at 0, −Infinity at +Infinity and NaN for negative or NaN arguments', () => {
    expect(lbeta(0, 2)).toBe(Number.POSITIVE_INFINITY);
    expect(lbeta(2, Number.POSITIVE_INFINITY)).toBe(Number.NEGATIVE_INFINITY);
    expect(lbeta(-0.5, 2)).toBeNaN();
    expect(lbeta(Number.NaN, 2)).toBeNaN();
  });
});

describe('lchoose', () => {
  it('equals the log of the exact binomial coefficient', () => {
    for (const [n, k] of [
      [5, 2],
      [10, 3],
      [50, 25],
      [60, 1],
      [100, 37],
    ]) {
      expectClose(lchoose(n, k), Math.log(Number(binomial(n, k))), 1e-14, `lchoose(${n}, ${k})`);
    }
  });

  it('is 0 at k = 0 and k = n and symmetric in k ↔ n − k', () => {
    expect(lchoose(7, 0)).toBe(0);
    expect(lchoose(7, 7)).toBe(0);
    expectClose(lchoose(1000, 3), lchoose(1000, 997), 1e-14, 'symmetry');
  });

  it('stays accurate for huge n', () => {
    expectMatchesMpmath('lchoose', lchoose);
  });

  it('is −Infinity outside 0 ≤ k ≤ n and NaN for negative n or NaN', () => {
    expect(lchoose(5, 6)).toBe(Number.NEGATIVE_INFINITY);
    expect(lchoose(5, -1)).toBe(Number.NEGATIVE_INFINITY);
    expect(lchoose(-5, 2)).toBeNaN();
    expect(lchoose(5, Number.NaN)).toBeNaN();
  });
});
