import { describe, expect, it } from 'vitest';
import { pnPs } from './pn-ps.js';

describe('PN and PS of a monotone binary SCM', () => {
  it('counterfactual enumeration equals the Tian–Pearl formulas and the hand derivation', () => {
    // By hand, with b(c) = 0.1 + 0.3c the background cause and a ~ B(0.7):
    // x = 1, y = 1 happens with background or a. y would be 0 under x = 0 iff background = 0:
    //   PN = Σ_c P(c) px(c) (1 − b) 0.7 / Σ_c P(c) px(c) (1 − (1 − b) 0.3).
    // x = 0, y = 0 means background = 0 (a free); y would be 1 under x = 1 iff a = 1: PS = 0.7.
    let num = 0;
    let den = 0;
    for (const c of [0, 1]) {
      const pc = c ? 0.3 : 0.7;
      const px = 0.2 + 0.6 * c;
      const b = 0.1 + 0.3 * c;
      num += pc * px * (1 - b) * 0.7;
      den += pc * px * (1 - (1 - b) * 0.3);
    }
    const r = pnPs();
    expect(r.counterfactual.pn).toBeCloseTo(num / den, 12);
    expect(r.tianPearl.pn).toBeCloseTo(num / den, 12);
    expect(r.counterfactual.ps).toBeCloseTo(0.7, 12);
    expect(r.tianPearl.ps).toBeCloseTo(0.7, 12);
    // P(y | do(x = 0)) = E[b(c)] = 0.1 + 0.3·0.3 = 0.19; P(y | do(x = 1)) = 1 − E[1 − b] 0.3 = 1 − 0.81·0.3.
    expect(r.pYdo0).toBeCloseTo(0.19, 12);
    expect(r.pYdo1).toBeCloseTo(1 - 0.81 * 0.3, 12);
  });
});
