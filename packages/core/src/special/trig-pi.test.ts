import { describe, expect, it } from 'vitest';
import { cosPi, sinPi } from './trig-pi.js';

describe('sinPi and cosPi', () => {
  it('are exactly zero at integers and half-integers respectively, even for large arguments', () => {
    for (const n of [0, 1, -3, 1e6, 2 ** 52]) expect(Math.abs(sinPi(n))).toBe(0);
    for (const n of [0.5, -1.5, 1e6 + 0.5]) expect(Math.abs(cosPi(n))).toBe(0);
  });

  it('agree with sin(πx) and cos(πx) for moderate x', () => {
    for (const x of [0.1, 0.25, 0.7, -1.3, 2.9, 10.05]) {
      expect(sinPi(x)).toBeCloseTo(Math.sin(Math.PI * x), 14);
      expect(cosPi(x)).toBeCloseTo(Math.cos(Math.PI * x), 14);
    }
  });

  it('are exact at the quarter points and odd/even', () => {
    expect(sinPi(0.5)).toBe(1);
    expect(sinPi(-0.5)).toBe(-1);
    expect(cosPi(1)).toBe(-1);
    expect(sinPi(-0.3)).toBe(-sinPi(0.3));
    expect(cosPi(-0.3)).toBe(cosPi(0.3));
  });

  it('are NaN for ±Infinity and NaN', () => {
    for (const x of [Number.POSITIVE_INFINITY, Number.NEGATIVE_INFINITY, Number.NaN]) {
      expect(sinPi(x)).toBeNaN();
      expect(cosPi(x)).toBeNaN();
    }
  });
});
