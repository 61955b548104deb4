import { describe, expect, it } from 'vitest';
import { hdi } from './hdi.js';

describe('hdi', () => {
  it('picks the central window of a symmetric set whose gaps shrink towards the centre', () => {
    // floor(0.5 · 9) = 4 gaps → 5 draws; only [-1, 1] (width 2) beats the 4.5-wide alternatives.
    const x = [5, -0.5, 1, -5, 0, 4, -1, 0.5, -4];
    expect(hdi(x, 0.5)).toEqual({ lower: -1, upper: 1 });
  });

  it('starts at the minimum for draws whose spacing grows to the right (right skew)', () => {
    const x = Array.from({ length: 100 }, (_, i) => i * i).reverse();
    // Default 0.94: floor(0.94 · 100) = 94 gaps.
    expect(hdi(x)).toEqual({ lower: 0, upper: 94 * 94 });
  });

  it('spans floor(prob · n) + 1 draws as ArviZ does when prob · n is an integer', () => {
    const x = Array.from({ length: 10 }, (_, i) => i);
    expect(hdi(x, 0.9)).toEqual({ lower: 0, upper: 9 });
    expect(hdi(x, 0.85)).toEqual({ lower: 0, upper: 8 });
  });

  it('breaks ties between equally narrow windows towards the left', () => {
    expect(hdi([0, 1, 2, 3, 4], 0.5)).toEqual({ lower: 0, upper: 2 });
  });

  it('pools draws given by chain', () => {
    expect(hdi([[5, -0.5, 1], [-5, 0, 4], new Float64Array([-1, 0.5, -4])], 0.5)).toEqual({
      lower: -1,
      upper: 1,
    });
  });

  it('rejects probabilities outside (0, 1)', () => {
    expect(() => hdi([1, 2, 3], 1)).toThrow(RangeError);
    expect(() => hdi([1, 2, 3], 0)).toThrow(RangeError);
  });
});
