import { describe, expect, it } from 'vitest';
import { ebfmi } from './ebfmi.js';

describe('ebfmi', () => {
  it('is the sum of squared energy steps over the sum of squared deviations', () => {
    // Steps 2, −1, 2 → 9; deviations from 2.5 are ±1.5, ±0.5 → 5.
    expect(ebfmi([1, 3, 2, 4])).toBeCloseTo(9 / 5, 15);
  });

  it('is large for energies that alternate every iteration', () => {
    // Steps all ±1 → 3; deviations all ±0.5 → 1.
    expect(ebfmi(new Float64Array([0, 1, 0, 1]))).toBeCloseTo(3, 15);
  });

  it('is small for a slowly drifting energy', () => {
    const energy = Array.from({ length: 100 }, (_, i) => i);
    expect(ebfmi(energy)).toBeLessThan(0.3);
  });

  it('is undefined for fewer than two energies', () => {
    expect(ebfmi([1])).toBeNaN();
  });
});
