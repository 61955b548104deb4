import { describe, expect, it } from 'vitest';
import { logFactorial } from './log-factorial.js';

describe('logFactorial', () => {
  it('equals the sum of logarithms for small arguments', () => {
    let exact = 0;
    for (let k = 0; k <= 200; k++) {
      if (k > 0) exact += Math.log(k);
      expect(Math.abs(logFactorial(k) - exact), `k = ${k}`).toBeLessThanOrEqual(1e-14 * Math.max(1, exact));
    }
  });

  // Reference values computed with mpmath.loggamma.
  it.each([
    [31, 78.0922235533153],
    [32, 81.55795945611504],
    [170, 706.5730622457874],
    [1000, 5912.128178488163],
    [1e6, 12815518.38465817],
  ])('matches log(%d!) to near machine precision', (k, value) => {
    expect(Math.abs(logFactorial(k) - value)).toBeLessThanOrEqual(4 * Number.EPSILON * value);
  });
});
