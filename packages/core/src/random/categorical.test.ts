import { describe, expect, it } from 'vitest';
import { categorical } from './categorical.js';
import { Rng } from './rng.js';
import { expectFrequencies, expectMoments, momentsOfPmf, N, sample } from './testing.js';

const zipf = Array.from({ length: 50 }, (_, i) => 1 / (i + 1));

describe('categorical(rng, p)', () => {
  it.each([
    ['a normalised vector', [0.1, 0.2, 0.7]],
    ['unnormalised weights with zeros', [0, 3, 0, 1, 0]],
    ['50 Zipf weights', zipf],
  ])('draws each index with its probability for %s', (_, weights) => {
    const rng = new Rng(`categorical ${weights.length}`);
    const p = Float64Array.from(weights);
    const xs = sample(N, () => categorical(rng, p));
    const total = weights.reduce((s, w) => s + w, 0);
    expectFrequencies(
      xs,
      (k) => weights[k] / total,
      weights.map((_w, k) => k),
    );
    // The index as a number: moments of the finite distribution itself.
    expectMoments(xs, momentsOfPmf(weights));
  });

  it('never returns an index whose weight is zero', () => {
    const rng = new Rng('categorical zeros');
    const weights = [0, 1e-300, 0, 1, 0];
    const xs = sample(10_000, () => categorical(rng, weights));
    expect(xs.every((x) => x === 1 || x === 3)).toBe(true);
  });

  it('returns NaN when no weight is positive or a weight is negative or not finite', () => {
    const rng = new Rng(0);
    expect(categorical(rng, [])).toBeNaN();
    expect(categorical(rng, [0, 0])).toBeNaN();
    expect(categorical(rng, [0.5, -0.1, 0.6])).toBeNaN();
    expect(categorical(rng, [0.5, Number.NaN])).toBeNaN();
    expect(categorical(rng, [1, Number.POSITIVE_INFINITY])).toBeNaN();
  });
});
