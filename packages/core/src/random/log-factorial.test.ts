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
    [31, 78.09222355331531],
    [32, 81.557959456115037],
    [170, 706.57306224578735],
    [1000, 5912.1281784881633],
    [1e6, 12815518.38465817],
  ])('matches log(%d!) to near machine precision', (k, value) => {
    expect(Math.abs(logFactorial(k) - value)).toBeLessThanOrEqual(4 * Number.EPSILON * value);
  });
});
