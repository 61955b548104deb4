import { describe, expect, it } from 'vitest';
import { diagnose } from './diagnosis.js';

describe('counterfactual diagnosis (noisy-OR, enumeration)', () => {
  it('the posterior ranks the non-causal d2 first; expected disablement ranks d1 first', () => {
    // By hand over the 32 states of (r, d1, d2, leak, a1) with s = 1 − (1 − leak)(1 − d1·a1):
    // P(s = 1) = Σ_r ½ [1 − 0.95 (1 − 0.9 p1(r))] with p1(0) = 0.01, p1(1) = 0.2
    //          = ½ (0.05 + 0.95·0.009) + ½ (0.05 + 0.95·0.18) = 0.1397750 ...
    let z = 0;
    let d1 = 0;
    let d2 = 0;
    let ed = 0;
    for (const r of [0, 1]) {
      const p1 = 0.01 + 0.19 * r;
      const p2 = 0.1 + 0.8 * r;
      // P(s = 1, d1 | r) = p1 (1 − 0.95·0.1); P(s = 1, ¬d1 | r) = (1 − p1) 0.05.
      const sD1 = p1 * (1 - 0.95 * 0.1);
      const sNoD1 = (1 - p1) * 0.05;
      z += 0.5 * (sD1 + sNoD1);
      d1 += 0.5 * sD1;
      d2 += 0.5 * p2 * (sD1 + sNoD1);
      // Disabling d1 turns s off unless the leak fired: P(s = 1, leak = 0 | r) = p1 · 0.9 · 0.95.
      ed += 0.5 * p1 * 0.9 * 0.95;
    }
    const r = diagnose();
    expect(r.method).toBe('enumerate');
    expect(r.posterior.d1).toBeCloseTo(d1 / z, 12); // 0.67984
    expect(r.posterior.d2).toBeCloseTo(d2 / z, 12); // 0.73245
    expect(r.disablement.d1).toBeCloseTo(ed / z, 12); // 0.64228
    expect(r.disablement.d2).toBe(0);
    expect(r.posterior.d2).toBeGreaterThan(r.posterior.d1);
    expect(r.disablement.d1).toBeGreaterThan(r.disablement.d2);
  });
});
