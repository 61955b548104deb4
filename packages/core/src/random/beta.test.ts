import { describe, expect, it } from 'vitest';
import { beta } from './beta.js';
import { Rng } from './rng.js';
import { betaMoments, expectMoments, N, sample } from './testing.js';

describe('beta(rng, a, b)', () => {
  it.each([
    [0.5, 0.5],
    [2, 5],
    [0.2, 40],
    [1, 1],
    [300, 100],
  ])('has the mean and variance of Beta(%d, %d)', (a, b) => {
    const rng = new Rng(`beta ${a} ${b}`);
    expectMoments(
      sample(N, () => beta(rng, a, b)),
      betaMoments(a, b),
    );
  });

  it('stays within [0, 1] and never gives NaN for shapes far below one', () => {
    const rng = new Rng('beta tiny');
    const xs = sample(20_000, () => beta(rng, 1e-3, 2e-3));
    expect(xs.every((x) => x >= 0 && x <= 1)).toBe(true);
    // Beta(a, b) puts mass b/(a+b) = 2/3 near 0 as a, b → 0.
    const nearZero = xs.filter((x) => x < 0.5).length / xs.length;
    expect(Math.abs(nearZero - 2 / 3)).toBeLessThan(0.02);
  });

  it('returns NaN for non-positive or NaN shapes', () => {
    const rng = new Rng(0);
    expect(beta(rng, 0, 1)).toBeNaN();
    expect(beta(rng, 1, -1)).toBeNaN();
    expect(beta(rng, Number.NaN, 1)).toBeNaN();
  });
});
