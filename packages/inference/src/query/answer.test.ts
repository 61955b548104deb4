import { describe, expect, it } from 'vitest';
import { mcseMean } from '../diagnostics/mcse.js';
import { summariseAnswer } from './answer.js';

// Weighted summaries: the weighted empirical distribution's moments, inverse-CDF quantiles and
// narrowest interval holding the mass, worked by hand for three support points.

const base = { kind: 'observational', method: 'enumerate', target: 'y' } as const;
const draws = Float64Array.of(2, 0, 1);
const weights = Float64Array.of(0.3, 0.2, 0.5);

describe('summariseAnswer', () => {
  it('weighted moments, quantiles and HDI of an exact enumeration', () => {
    const a = summariseAnswer({ ...base, draws, weights, error: { kind: 'exact' }, hdiProb: 0.75 });
    // mean 0.2·0 + 0.5·1 + 0.3·2 = 1.1; variance 0.2·1.21 + 0.5·0.01 + 0.3·0.81 = 0.49.
    expect(a.mean).toBeCloseTo(1.1, 14);
    expect(a.sd).toBeCloseTo(0.7, 14);
    // CDF 0.2 at 0, 0.7 at 1, 1 at 2.
    expect([a.q5, a.q50, a.q95]).toEqual([0, 1, 2]);
    // Mass ≥ 0.75: [0, 1] holds 0.7 (too little), [1, 2] holds 0.8 with width 1.
    expect([a.hdiLow, a.hdiHigh]).toEqual([1, 2]);
    expect(a.mcseMean).toBe(0);
    expect(a.nDraws).toBe(3);
  });

  it('importance weights give MCSE = sd/√ESS with Kish ESS 1/Σw²', () => {
    const a = summariseAnswer({
      ...base,
      draws,
      weights: Float64Array.of(3, 2, 5),
      error: { kind: 'importance' },
    });
    // Normalised to (0.3, 0.2, 0.5): Σw² = 0.38.
    expect(a.mcseMean).toBeCloseTo(0.7 * Math.sqrt(0.38), 14);
    // 94% needs all three points.
    expect([a.hdiLow, a.hdiHigh]).toEqual([0, 2]);
  });

  it('MCMC draws take their MCSE from the chains, constant draws have none', () => {
    const x = Float64Array.from({ length: 40 }, (_, i) => Math.sin(i * 1.7));
    const a = summariseAnswer({ ...base, draws: x, error: { kind: 'chains', chains: 2 } });
    // The chains are the two halves of the draws, as the diagnostics' mcseMean sees them.
    expect(a.mcseMean).toBe(mcseMean([x.subarray(0, 20), x.subarray(20)]));
    expect(a.mcseMean).not.toBeCloseTo(a.sd / Math.sqrt(40), 6);
    const c = summariseAnswer({ ...base, draws: new Float64Array(10).fill(5), error: { kind: 'iid' } });
    expect([c.mean, c.sd, c.mcseMean, c.hdiLow, c.hdiHigh]).toEqual([5, 0, 0, 5, 5]);
  });
});
