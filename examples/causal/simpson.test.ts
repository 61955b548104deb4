import { describe, expect, it } from 'vitest';
import { simpson } from './simpson.js';

describe("Simpson's paradox", () => {
  it('the naive difference favours B; the backdoor-adjusted posterior effect favours A', async () => {
    const r = await simpson();
    // Naive: 27/122 − 23/122 = 4/122.
    expect(r.naive).toBeCloseTo(4 / 122, 14);
    expect(r.adjustment).toEqual({ exists: true, sets: [['sex']] });
    // Conjugate posterior: p_female ~ Beta(123, 123), p ~ Beta(1 + clots, 1 + n − clots), all
    // independent, so E[ATE] = ½ (25/82 − 18/44) + ½ (4/44 − 7/82) exactly. NUTS within 4 MCSE.
    const exact = 0.5 * (25 / 82 - 18 / 44) + 0.5 * (4 / 44 - 7 / 82);
    expect(Math.abs(r.ate.mean - exact)).toBeLessThan(4 * r.ate.mcse);
    expect(r.ate.mcse).toBeLessThan(0.005);
    expect(r.ate.mean).toBeLessThan(0);
    expect(r.naive).toBeGreaterThan(0);
  });
});
