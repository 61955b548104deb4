import { describe, expect, it } from 'vitest';
import { expectClose, expectMatchesMpmath, R, R_TOLERANCE } from './__fixtures__/reference.js';
import { EULER_GAMMA } from './constants.js';
import { digamma, trigamma } from './polygamma.js';

describe('digamma', () => {
  it('matches R at every reference point', () => {
    const { x, digamma: expected } = R.special;
    x.forEach((v, i) => expectClose(digamma(v), expected[i], R_TOLERANCE, `digamma(${v})`));
  });

  it('is −γ at 1 and 1 − γ at 2', () => {
    expectClose(digamma(1), -EULER_GAMMA, 1e-15, 'digamma(1)');
    expectClose(digamma(2), 1 - EULER_GAMMA, 1e-15, 'digamma(2)');
  });

  it('satisfies the recurrence ψ(x + 1) = ψ(x) + 1/x', () => {
    // Measured against the size of the terms, since ψ(x) + 1/x cancels for small x.
    for (const x of [0.01, 0.7, 3.3, 9.5, 42]) {
      expectClose(digamma(x + 1), digamma(x) + 1 / x, 1e-15, `recurrence at ${x}`, Math.abs(digamma(x)));
    }
  });

  it('keeps relative accuracy at its positive root, for tiny x and through reflection', () => {
    expectMatchesMpmath('digamma', digamma);
  });

  it('is NaN at the poles, at −Infinity and for NaN; +Infinity at +Infinity', () => {
    for (const x of [0, -1, -5, Number.NEGATIVE_INFINITY, Number.NaN]) expect(digamma(x)).toBeNaN();
    expect(digamma(Number.POSITIVE_INFINITY)).toBe(Number.POSITIVE_INFINITY);
  });
});

describe('trigamma', () => {
  it('matches R at every reference point', () => {
    const { x, trigamma: expected } = R.special;
    x.forEach((v, i) => expectClose(trigamma(v), expected[i], R_TOLERANCE, `trigamma(${v})`));
  });

  it('is π²/6 at 1 and π²/2 at ½', () => {
    expectClose(trigamma(1), (Math.PI * Math.PI) / 6, 1e-15, 'trigamma(1)');
    expectClose(trigamma(0.5), (Math.PI * Math.PI) / 2, 1e-15, 'trigamma(0.5)');
  });

  it('satisfies the recurrence ψ′(x + 1) = ψ′(x) − 1/x²', () => {
    // Measured against the size of the terms, since ψ′(x) − 1/x² cancels for small x.
    for (const x of [0.01, 0.7, 3.3, 9.5, 42]) {
      expectClose(trigamma(x + 1), trigamma(x) - 1 / (x * x), 1e-15, `recurrence at ${x}`, trigamma(x));
    }
  });

  it('matches high-precision values for tiny, huge and negative x', () => {
    expectMatchesMpmath('trigamma', trigamma);
  });

  it('is +Infinity at the poles, 0 at +Infinity and NaN for NaN or −Infinity', () => {
    for (const x of [0, -1, -5]) expect(trigamma(x)).toBe(Number.POSITIVE_INFINITY);
    expect(trigamma(Number.POSITIVE_INFINITY)).toBe(0);
    expect(trigamma(Number.NaN)).toBeNaN();
    expect(trigamma(Number.NEGATIVE_INFINITY)).toBeNaN();
  });
});
