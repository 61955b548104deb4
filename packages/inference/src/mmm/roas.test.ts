import { adstockGeometric, Beta, Gamma, HalfNormal, ModelBuilder, saturationLogistic } from '@dopl/core';
import { describe, expect, it } from 'vitest';
import { roas } from './roas.js';
import { handFit } from './test-fixtures.js';

// A two-channel MMM built with the TypeScript builder and two hand-picked posterior draws. The
// expected ROAS is the closed form: with zero spend a channel contributes nothing, so
// ROAS = scale · Σ_t β s(λ a_t) / Σ_t x_t over the padded weeks, a_t = (x_t + α x_{t−1}) / (1 + α).

const spend = [
  [1, 0],
  [0, 2],
  [3, 0],
];
function graph() {
  const m = new ModelBuilder();
  m.data('T', { type: 'int' });
  const x = m.data('spend', { dims: ['T', 2], lower: 0 });
  const alpha = m.random('alpha', Beta(1, 3), { dims: [2] });
  const lam = m.random('lam', Gamma(3, 1), { dims: [2] });
  const beta = m.random('beta', HalfNormal(2), { dims: [2] });
  m.let('contribution', beta.mul(saturationLogistic(adstockGeometric(x, alpha, 2), lam)));
  return m.build({ T: 3, spend });
}
const draws = { alpha: [0.5, 0.2, 0.3, 0], lam: [1, 2, 0.5, 3], beta: [2, 1, 1, 4] };
const fit = handFit({
  alpha: { shape: [2], draws: [draws.alpha.slice(0, 2), draws.alpha.slice(2)] },
  lam: { shape: [2], draws: [draws.lam.slice(0, 2), draws.lam.slice(2)] },
  beta: { shape: [2], draws: [draws.beta.slice(0, 2), draws.beta.slice(2)] },
});

/** Σ_t β s(λ a_t) for channel c in draw i, spend multiplied by k, `pad` zero weeks appended. */
function summed(i: number, c: number, k: number, pad: number): number {
  const a = draws.alpha[2 * i + c];
  const lam = draws.lam[2 * i + c];
  const b = draws.beta[2 * i + c];
  const x = [...spend.map((r) => r[c] * k), ...Array(pad).fill(0)];
  let s = 0;
  for (let t = 0; t < x.length; t++) {
    const ad = (x[t] + (t > 0 ? a * x[t - 1] : 0)) / (1 + a);
    s += (b * (1 - Math.exp(-lam * ad))) / (1 + Math.exp(-lam * ad));
  }
  return s;
}

describe('roas', () => {
  it('total and marginal ROAS match the closed form, carry-over padded', () => {
    const out = roas(graph(), fit, {
      spend: 'spend',
      contribution: 'contribution',
      timeDim: 'T',
      pad: 1,
      scale: 10,
      channels: ['x1', 'x2'],
      prob: 0.5,
    });
    for (let c = 0; c < 2; c++) {
      const spent = c === 0 ? 4 : 2;
      expect(out[c].spend).toBe(spent);
      const r = [0, 1].map((i) => (10 * summed(i, c, 1, 1)) / spent);
      const mr = [0, 1].map((i) => (10 * (summed(i, c, 1.01, 1) - summed(i, c, 1, 1))) / (0.01 * spent));
      expect(out[c].roas.mean).toBeCloseTo((r[0] + r[1]) / 2, 12);
      expect(out[c].marginalRoas.mean).toBeCloseTo((mr[0] + mr[1]) / 2, 9);
      expect(out[c].incremental.mean).toBeCloseTo((spent * (r[0] + r[1])) / 2, 12);
    }
  });

  it('without padding the carry-over after the last week is lost', () => {
    const opts = { spend: 'spend', contribution: 'contribution', timeDim: 'T', scale: 10 };
    const unpadded = roas(graph(), fit, opts);
    const padded = roas(graph(), fit, { ...opts, pad: 1 });
    expect(unpadded[0].roas.mean).toBeCloseTo((10 * (summed(0, 0, 1, 0) + summed(1, 0, 1, 0))) / 2 / 4, 12);
    expect(padded[0].roas.mean).toBeGreaterThan(unpadded[0].roas.mean);
  });

  it('names bad nodes', () => {
    expect(() => roas(graph(), fit, { spend: 'alpha', contribution: 'contribution' })).toThrow(
      /'alpha' should be a data node/,
    );
    expect(() => roas(graph(), fit, { spend: 'spend', contribution: 'beta' })).toThrow(
      /'beta' should be a deterministic node/,
    );
    expect(() => roas(graph(), fit, { spend: 'spend', contribution: 'contribution', pad: 2 })).toThrow(
      /padding needs timeDim/,
    );
  });
});
