import { describe, expect, it } from 'vitest';
import { frontdoor } from './frontdoor.js';

describe('front-door adjustment with an unobserved confounder', () => {
  it('recovers P(y | do(x)) exactly, where the naive conditional does not', () => {
    // Truth by hand: P(y | do(x)) = Σ_m P(m | x) Σ_u ½ (0.1 + 0.5m + 0.3u) = 0.25 + 0.5 P(m = 1 | x),
    // with P(m = 1 | x) = 0.1 + 0.7x.
    for (const x of [0, 1] as const) {
      const r = frontdoor(x);
      const truth = 0.25 + 0.5 * (0.1 + 0.7 * x);
      expect(r.truth).toBeCloseTo(truth, 12);
      expect(r.frontdoor).toBeCloseTo(truth, 12);
      // Naive: P(u = 1 | x) = px(1)/(px(0)+px(1)) with px(u) = P(x | u): 0.8 for x = 1, 0.2 for x = 0.
      const pu = x ? 0.8 / (0.2 + 0.8) : 0.2 / (0.8 + 0.2);
      expect(r.naive).toBeCloseTo(0.1 + 0.5 * (0.1 + 0.7 * x) + 0.3 * pu, 12);
      expect(Math.abs(r.naive - truth)).toBeGreaterThan(0.05);
      expect(r.criterion).toBe('the front-door criterion holds for x → {m} → y');
      expect(r.backdoor).toBe(
        'no backdoor adjustment set exists: an unobserved confounder u opens x ← u → y',
      );
    }
  });
});
