import { Rng } from '@dopl/core';
import { describe, expect, it } from 'vitest';
import { resampleWithoutReplacement, resampleWithReplacement } from './resample.js';

describe('importance resampling', () => {
  it('draws indices with frequencies proportional to the weights', () => {
    const logW = [Math.log(1), Math.log(3), Number.NEGATIVE_INFINITY, Math.log(6)];
    const picks = resampleWithReplacement(logW, 20_000, new Rng(3));
    const counts = [0, 0, 0, 0];
    for (const i of picks) counts[i]++;
    expect(counts[2]).toBe(0);
    expect(counts[0] / 20_000).toBeCloseTo(0.1, 1);
    expect(counts[1] / 20_000).toBeCloseTo(0.3, 1);
    expect(counts[3] / 20_000).toBeCloseTo(0.6, 1);
  });

  it('without replacement: distinct indices, zero weights never drawn unless exhausted', () => {
    const picks = Array.from(
      resampleWithoutReplacement([0, 0, 0, Number.NEGATIVE_INFINITY, 0], 4, new Rng(1)),
    );
    expect(new Set(picks).size).toBe(4);
    expect(picks).not.toContain(3);
    const few = Array.from(resampleWithoutReplacement([0, Number.NEGATIVE_INFINITY], 3, new Rng(1)));
    expect(few).toEqual([0, 0, 0]);
  });
});
