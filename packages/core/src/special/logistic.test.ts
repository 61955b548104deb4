import { describe, expect, it } from 'vitest';
import { expectClose } from './__fixtures__/reference.js';
import { invLogit, log1mInvLogit, logInvLogit, logit } from './logistic.js';

describe('logit', () => {
  it('inverts invLogit across the real line', () => {
    // invLogit(x) carries an absolute rounding error of ε, which the round trip amplifies near ½ and
    // near 1, so it is measured against max(|x|, 1) and only where 1 − invLogit(x) is not tiny.
    for (const x of [-30, -5, -0.1, 0.3, 4]) {
      expectClose(logit(invLogit(x)), x, 1e-14, `logit(invLogit(${x}))`, 1);
    }
  });

  it('keeps relative accuracy next to ½ and at tiny p', () => {
    expectClose(logit(0.5 + 2 ** -40), 4 * 2 ** -40, 1e-11, 'logit near ½');
    expectClose(logit(1e-300), Math.log(1e-300), 1e-15, 'logit(1e-300)');
    expect(logit(0.5)).toBe(0);
  });

  it('is −Infinity at 0, +Infinity at 1 and NaN outside [0, 1]', () => {
    expect(logit(0)).toBe(Number.NEGATIVE_INFINITY);
    expect(logit(1)).toBe(Number.POSITIVE_INFINITY);
    for (const p of [-0.1, 1.1, Number.NaN]) expect(logit(p)).toBeNaN();
  });
});

describe('invLogit', () => {
  it('is 1/(1 + e⁻ˣ), ½ at 0 and symmetric: invLogit(−x) + invLogit(x) = 1', () => {
    expect(invLogit(0)).toBe(0.5);
    expectClose(invLogit(2), 1 / (1 + Math.exp(-2)), 1e-15, 'invLogit(2)');
    for (const x of [0.3, 2, 10, 40]) expectClose(invLogit(-x) + invLogit(x), 1, 1e-15, `symmetry at ${x}`);
  });

  it('neither overflows nor returns NaN for |x| large', () => {
    expect(invLogit(1000)).toBe(1);
    expect(invLogit(-1000)).toBe(0);
    expectClose(invLogit(-700), Math.exp(-700), 1e-15, 'invLogit(-700)');
    expect(invLogit(Number.NaN)).toBeNaN();
  });
});

describe('logInvLogit and log1mInvLogit', () => {
  it('are log σ(x) and log(1 − σ(x)), finite where σ under- or overflows', () => {
    expectClose(logInvLogit(1), Math.log(invLogit(1)), 1e-15, 'logInvLogit(1)');
    expectClose(log1mInvLogit(1), Math.log(1 - invLogit(1)), 1e-15, 'log1mInvLogit(1)');
    expect(logInvLogit(-1000)).toBe(-1000);
    expect(log1mInvLogit(1000)).toBe(-1000);
    expectClose(logInvLogit(40), -Math.exp(-40), 1e-15, 'logInvLogit(40)');
  });

  it('mirror each other: log1mInvLogit(x) = logInvLogit(−x)', () => {
    for (const x of [-50, -1, 0, 2.5, 80]) expect(log1mInvLogit(x)).toBe(logInvLogit(-x));
  });
});
