import { describe, expect, it } from 'vitest';
import { Rng } from './rng.js';
import { studentT } from './student-t.js';
import { expectMoments, expectQuantiles, N, sample } from './testing.js';

describe('studentT(rng, nu)', () => {
  // t_ν: mean 0, variance ν/(ν−2), μ4 = 3ν²/((ν−2)(ν−4)) (finite for ν > 4).
  it.each([10, 30])('has the mean and variance of Student t with %d degrees of freedom', (nu) => {
    const rng = new Rng(`student-t ${nu}`);
    const xs = sample(N, () => studentT(rng, nu));
    expectMoments(xs, { mean: 0, variance: nu / (nu - 2), fourth: (3 * nu * nu) / ((nu - 2) * (nu - 4)) });
  });

  // For ν ≤ 4 the fourth moment is infinite, so check the median and quartiles instead:
  // ν = 1 is Cauchy (quartiles ±1); ν = 2 has F⁻¹(p) = (2p−1)/sqrt(2p(1−p)), giving ±sqrt(2/3);
  // ν = 3 has F(t) = 1/2 + [t/√3 / (1 + t²/3) + atan(t/√3)]/π, whose root at 3/4 is 0.76489232840434.
  it.each([
    [1, 1],
    [2, Math.sqrt(2 / 3)],
    [3, 0.7648923284043444],
  ])('has the median and quartiles of Student t with %d degrees of freedom', (nu, q) => {
    const rng = new Rng(`student-t quantiles ${nu}`);
    const xs = sample(N, () => studentT(rng, nu));
    expectQuantiles(xs, [
      [0.25, -q],
      [0.5, 0],
      [0.75, q],
    ]);
  });

  it('is standard normal for infinite degrees of freedom', () => {
    const a = new Rng(3);
    const b = new Rng(3);
    expect(studentT(a, Number.POSITIVE_INFINITY)).toBe(b.normal());
  });

  it('returns NaN for non-positive degrees of freedom', () => {
    expect(studentT(new Rng(0), 0)).toBeNaN();
    expect(studentT(new Rng(0), Number.NaN)).toBeNaN();
  });
});
