import { describe, expect, it } from 'vitest';
import { expectClose, expectMatchesMpmath, R_TOLERANCE, rCdfCases } from './__fixtures__/reference.js';
import { erf, erfc } from './erf.js';
import { gammaP, gammaQ } from './incomplete-gamma.js';

describe('gammaP', () => {
  it('matches R’s pgamma for every Gamma case (shape α, rate β), including shape 200', () => {
    for (const { params, x, cdf } of rCdfCases('Gamma')) {
      x.forEach((v, i) => {
        expectClose(
          gammaP(params.alpha, v * params.beta),
          cdf[i],
          R_TOLERANCE,
          `Gamma ${JSON.stringify(params)} at ${v}`,
        );
      });
    }
  });

  it('is 1 − e⁻ˣ for shape 1', () => {
    for (const x of [1e-10, 0.01, 0.5, 1.99, 2, 5, 30])
      expectClose(gammaP(1, x), -Math.expm1(-x), 1e-14, `gammaP(1, ${x})`);
  });

  it('is erf(√x) for shape ½ and satisfies P(a + 1, x) = P(a, x) − xᵃe⁻ˣ/Γ(a + 1)', () => {
    for (const x of [1e-6, 0.3, 1.2, 4, 15])
      expectClose(gammaP(0.5, x), erf(Math.sqrt(x)), 1e-14, `gammaP(0.5, ${x})`);
    for (const x of [0.5, 3, 9])
      expectClose(gammaP(3, x), gammaP(2, x) - (x * x * Math.exp(-x)) / 2, 1e-14, `at ${x}`);
  });

  it('matches high-precision values in both tails and for tiny shapes', () => {
    expectMatchesMpmath('gammaP', gammaP);
  });

  it('is 0 at x = 0, 1 at x = +Infinity and NaN for a ≤ 0, x < 0 or NaN', () => {
    expect(gammaP(2, 0)).toBe(0);
    expect(gammaP(2, Number.POSITIVE_INFINITY)).toBe(1);
    for (const [a, x] of [
      [0, 1],
      [-1, 1],
      [2, -1],
      [Number.NaN, 1],
      [2, Number.NaN],
      [Number.POSITIVE_INFINITY, 1],
    ]) {
      expect(gammaP(a, x)).toBeNaN();
    }
  });
});

describe('gammaQ', () => {
  it('complements gammaP: P + Q = 1 on both sides of the series/fraction switch', () => {
    for (const a of [0.01, 0.5, 1, 2.5, 30, 200]) {
      for (const x of [0.1 * a, a, a + 0.999, a + 1, 3 * a + 5]) {
        expectClose(gammaP(a, x) + gammaQ(a, x), 1, 1e-15, `P + Q at (${a}, ${x})`);
      }
    }
  });

  it('is e⁻ˣ for shape 1 and erfc(√x) for shape ½, with full relative accuracy in the tail', () => {
    for (const x of [0.5, 3, 40, 700]) expectClose(gammaQ(1, x), Math.exp(-x), 1e-13, `gammaQ(1, ${x})`);
    for (const x of [0.2, 2, 50, 600])
      expectClose(gammaQ(0.5, x), erfc(Math.sqrt(x)), 1e-13, `gammaQ(0.5, ${x})`);
  });

  it('matches high-precision values where it is tiny or the shape is tiny', () => {
    expectMatchesMpmath('gammaQ', gammaQ);
  });

  it('is 1 at x = 0 and 0 at x = +Infinity', () => {
    expect(gammaQ(3, 0)).toBe(1);
    expect(gammaQ(3, Number.POSITIVE_INFINITY)).toBe(0);
  });
});
