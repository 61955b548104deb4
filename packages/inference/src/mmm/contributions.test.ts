import { describe, expect, it } from 'vitest';
import { channelContributions, decomposition } from './contributions.js';
import { handFit } from './test-fixtures.js';

// Two draws of a [T = 3, C = 2] contribution, scale 10; expected values worked out by hand.
// With two draws and prob 0.5 the type-7 quantiles are v_lo + 0.25 (v_hi − v_lo) and
// v_lo + 0.75 (v_hi − v_lo).
const fit = handFit({
  channel_contribution: {
    shape: [3, 2],
    draws: [
      [1, 2, 3, 4, 5, 6],
      [2, 0, 2, 0, 2, 2],
    ],
  },
  intercept: { shape: [], draws: [[0.5], [1]] },
  trend: {
    shape: [3],
    draws: [
      [0, 1, 2],
      [0, 2, 4],
    ],
  },
});

describe('channelContributions', () => {
  const out = channelContributions(fit, {
    contribution: 'channel_contribution',
    scale: 10,
    channels: ['tv', 'radio'],
    prob: 0.5,
  });

  it('totals: x1 draws 90 and 60, x2 draws 120 and 20 (original scale)', () => {
    expect(out.map((c) => c.channel)).toEqual(['tv', 'radio']);
    expect(out[0].total).toEqual({ mean: 75, lower: 67.5, upper: 82.5 });
    expect(out[1].total).toEqual({ mean: 70, lower: 45, upper: 95 });
  });

  it('shares of media: draw 1 has 9/21 and 12/21, draw 2 has 6/8 and 2/8', () => {
    expect(out[0].share.mean).toBeCloseTo((9 / 21 + 6 / 8) / 2, 15);
    expect(out[1].share.mean).toBeCloseTo((12 / 21 + 2 / 8) / 2, 15);
    expect(out[0].share.lower).toBeCloseTo(9 / 21 + 0.25 * (6 / 8 - 9 / 21), 15);
  });

  it('over time: week 2 of x2 has draws 60 and 20', () => {
    expect(out[1].overTime).toHaveLength(3);
    expect(out[1].overTime[2]).toEqual({ mean: 40, lower: 30, upper: 50 });
  });

  it('names a missing variable and a label-count mismatch', () => {
    expect(() => channelContributions(fit, { contribution: 'contrib' })).toThrow(
      /no posterior variable 'contrib'/,
    );
    expect(() =>
      channelContributions(fit, { contribution: 'channel_contribution', channels: ['a'] }),
    ).toThrow(/2 channels but 1 labels/);
  });
});

describe('decomposition', () => {
  it('scalars count once per week, [T, K] sums over K, shares of the summed fit', () => {
    const parts = decomposition(fit, {
      components: { baseline: 'intercept', trend: 'trend', media: 'channel_contribution' },
      scale: 10,
      prob: 0.5,
    });
    // Draw 1: baseline 3·0.5·10 = 15, trend 30, media 210 (sum 255);
    // draw 2: baseline 30, trend 60, media 80 (sum 170).
    expect(parts.map((p) => p.total.mean)).toEqual([22.5, 45, 145]);
    expect(parts[0].share.mean).toBeCloseTo((15 / 255 + 30 / 170) / 2, 15);
    expect(parts[2].share.mean).toBeCloseTo((210 / 255 + 80 / 170) / 2, 15);
    expect(parts[1].overTime[2]).toEqual({ mean: 30, lower: 25, upper: 35 });
  });

  it('rejects a component whose time axis does not match', () => {
    const bad = handFit({ a: { shape: [3], draws: [[1, 2, 3]] }, b: { shape: [2], draws: [[1, 2]] } });
    expect(() => decomposition(bad, { components: { a: 'a', b: 'b' } })).toThrow(
      /'b' should be a scalar, \[3\]/,
    );
  });
});
