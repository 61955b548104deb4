import { describe, expect, it } from 'vitest';
import { expectClose, expectMatchesMpmath, R_TOLERANCE, rCdfCases } from './__fixtures__/reference.js';
import { betaInc, betaIncComplement } from './incomplete-beta.js';

describe('betaInc', () => {
  it('matches R’s pbeta for every Beta case, down to 5e-87', () => {
    for (const { params, x, cdf } of rCdfCases('Beta')) {
      x.forEach((v, i) => {
        expectClose(
          betaInc(params.alpha, params.beta, v),
          cdf[i],
          R_TOLERANCE,
          `Beta ${JSON.stringify(params)} at ${v}`,
        );
      });
    }
  });

  it('is x for a = b = 1, xᵃ for b = 1 and 1 − (1 − x)ᵇ for a = 1', () => {
    // The prefactor is formed as exp(log …), so tiny values carry a relative error of |log I|·ε.
    for (const x of [1e-300, 1e-5, 0.25, 0.5, 0.9, 1 - 2 ** -40]) {
      expectClose(betaInc(1, 1, x), x, 1e-13, `betaInc(1, 1, ${x})`);
      expectClose(betaInc(3.5, 1, x), x ** 3.5, 1e-13, `betaInc(3.5, 1, ${x})`);
      expectClose(betaInc(1, 2.5, x), -Math.expm1(2.5 * Math.log1p(-x)), 1e-13, `betaInc(1, 2.5, ${x})`);
    }
  });

  it('is symmetric: I_x(a, b) = 1 − I_{1−x}(b, a)', () => {
    for (const [a, b] of [
      [0.5, 0.5],
      [2, 8],
      [30, 4],
      [400, 900],
    ]) {
      for (const x of [0.125, 0.3, 0.5, 0.75]) {
        expectClose(betaInc(a, b, x), betaIncComplement(b, a, 1 - x), 1e-13, `(${a}, ${b}, ${x})`);
      }
    }
  });

  it('equals the binomial upper tail: I_x(k, n − k + 1) = P(Binomial(n, x) ≥ k)', () => {
    const n = 12;
    const x = 0.37;
    let tail = 0;
    let term = (1 - x) ** n;
    const pmf: number[] = [term];
    for (let j = 1; j <= n; j++) {
      term *= ((n - j + 1) / j) * (x / (1 - x));
      pmf.push(term);
    }
    for (let k = n; k >= 1; k--) {
      tail += pmf[k];
      expectClose(betaInc(k, n - k + 1, x), tail, 1e-13, `k = ${k}`);
    }
  });

  it('matches high-precision values for large, tiny and lopsided shapes', () => {
    expectMatchesMpmath('betaInc', betaInc);
  });

  it('is 0 at x = 0, 1 at x = 1 and NaN for non-positive shapes or x outside [0, 1]', () => {
    expect(betaInc(2, 3, 0)).toBe(0);
    expect(betaInc(2, 3, 1)).toBe(1);
    for (const [a, b, x] of [
      [0, 1, 0.5],
      [1, -1, 0.5],
      [2, 3, -0.1],
      [2, 3, 1.1],
      [Number.NaN, 3, 0.5],
      [2, 3, Number.NaN],
    ]) {
      expect(betaInc(a, b, x)).toBeNaN();
    }
  });
});

describe('betaIncComplement', () => {
  it('complements betaInc: I + (1 − I) = 1 on both sides of the fraction switch', () => {
    for (const [a, b] of [
      [0.2, 0.3],
      [2, 7],
      [50, 5],
      [1e4, 3e4],
    ]) {
      const switchAt = (a + 1) / (a + b + 2);
      for (const x of [0.5 * switchAt, switchAt * (1 - 1e-9), switchAt * (1 + 1e-9), 0.5 + 0.5 * switchAt]) {
        expectClose(betaInc(a, b, x) + betaIncComplement(a, b, x), 1, 1e-14, `(${a}, ${b}, ${x})`);
      }
    }
  });

  it('keeps full relative accuracy when the upper tail is tiny', () => {
    expectMatchesMpmath('betaIncComplement', betaIncComplement);
    expectClose(betaIncComplement(1, 1, 1e-300), 1, 0, 'upper tail at 1e-300');
    expectClose(betaIncComplement(3.5, 1, 0.999), -Math.expm1(3.5 * Math.log(0.999)), 1e-13, 'b = 1');
  });

  it('is 1 at x = 0 and 0 at x = 1', () => {
    expect(betaIncComplement(2, 3, 0)).toBe(1);
    expect(betaIncComplement(2, 3, 1)).toBe(0);
  });
});
