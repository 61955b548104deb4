import { describe, expect, it } from 'vitest';
import { expectClose, expectMatchesMpmath } from './__fixtures__/reference.js';
import { erf, erfc, erfcx } from './erf.js';

const SAMPLES = [1e-300, 1e-8, 0.1, 0.46875, 0.4688, 0.9, 2, 3.99, 4.01, 6, 12, 26];

describe('erf', () => {
  it('is odd: erf(−x) = −erf(x)', () => {
    for (const x of SAMPLES) expect(erf(-x)).toBe(-erf(x));
  });

  it('matches high-precision values, including 2x/√π for tiny x', () => {
    expectMatchesMpmath('erf', erf);
    expectClose(erf(1e-300), 2e-300 / Math.sqrt(Math.PI), 1e-15, 'erf(1e-300)');
  });

  it('is continuous across Cody’s range boundaries 0.46875 and 4', () => {
    for (const b of [0.46875, 4]) expectClose(erf(b * (1 - 1e-15)), erf(b * (1 + 1e-15)), 1e-14, `at ${b}`);
  });

  it('is ±1 at ±Infinity, 0 at 0 and NaN for NaN', () => {
    expect(erf(Number.POSITIVE_INFINITY)).toBe(1);
    expect(erf(Number.NEGATIVE_INFINITY)).toBe(-1);
    expect(erf(0)).toBe(0);
    expect(erf(Number.NaN)).toBeNaN();
  });
});

describe('erfc', () => {
  it('complements erf: erf(x) + erfc(x) = 1', () => {
    for (const x of SAMPLES.filter((v) => v < 6)) {
      expectClose(erf(x) + erfc(x), 1, 2e-16, `at ${x}`);
      expectClose(erf(-x) + erfc(-x), 1, 2e-16, `at ${-x}`);
    }
  });

  it('keeps full relative accuracy deep in the upper tail', () => {
    expectMatchesMpmath('erfc', erfc);
  });

  it('satisfies erfc(−x) = 2 − erfc(x)', () => {
    for (const x of SAMPLES) expectClose(erfc(-x), 2 - erfc(x), 1e-16, `at ${x}`);
  });

  it('is 0 at +Infinity (and past underflow), 2 at −Infinity and NaN for NaN', () => {
    expect(erfc(Number.POSITIVE_INFINITY)).toBe(0);
    expect(erfc(30)).toBe(0);
    expect(erfc(Number.NEGATIVE_INFINITY)).toBe(2);
    expect(erfc(Number.NaN)).toBeNaN();
  });
});

describe('erfcx', () => {
  it('is exp(x²)·erfc(x), approaching 1/(x√π) for large x without underflow', () => {
    expectMatchesMpmath('erfcx', erfcx);
    expectClose(erfcx(1.5), Math.exp(2.25) * erfc(1.5), 1e-14, 'erfcx(1.5)');
    expectClose(erfcx(-1.5), Math.exp(2.25) * erfc(-1.5), 1e-14, 'erfcx(-1.5)');
  });

  it('is 1 at 0, 0 at +Infinity, +Infinity at −Infinity and NaN for NaN', () => {
    expect(erfcx(0)).toBe(1);
    expect(erfcx(Number.POSITIVE_INFINITY)).toBe(0);
    expect(erfcx(Number.NEGATIVE_INFINITY)).toBe(Number.POSITIVE_INFINITY);
    expect(erfcx(Number.NaN)).toBeNaN();
  });
});
