import { describe, expect, it } from 'vitest';
import { exp, ModelBuilder, Normal, sampleForward } from '../index.js';

const meanOf = (xs: ArrayLike<number>) => {
  let s = 0;
  for (let i = 0; i < xs.length; i++) s += xs[i];
  return s / xs.length;
};
const sdOf = (xs: ArrayLike<number>) => {
  const m = meanOf(xs);
  let s = 0;
  for (let i = 0; i < xs.length; i++) s += (xs[i] - m) ** 2;
  return Math.sqrt(s / (xs.length - 1));
};

const model = () => {
  const m = new ModelBuilder();
  const a = m.random('a', Normal(3, 2));
  const b = m.random('b', Normal(a, 1), { dims: [2] });
  m.let('w', exp(a.mul(0.1)).add(b.at(1).mul(a)));
  return m.build();
};

describe('sampleForward', () => {
  it('gives bit-identical draws for the same seed, and different draws for another seed', () => {
    const g = model();
    const s1 = sampleForward(g, { draws: 300, seed: 42 });
    const s2 = sampleForward(g, { draws: 300, seed: 42 });
    const s3 = sampleForward(g, { draws: 300, seed: 43 });
    for (const k of ['a', 'b', 'w']) {
      expect(s1[k].shape).toEqual(s2[k].shape);
      expect(Array.from(s1[k].data)).toEqual(Array.from(s2[k].data));
    }
    expect(Array.from(s1.a.data)).not.toEqual(Array.from(s3.a.data));
  });

  it('returns arrays shaped [draw, ...shape] for random and deterministic nodes', () => {
    const s = sampleForward(model(), { draws: 10, seed: 1 });
    expect(s.a.shape).toEqual([10]);
    expect(s.b.shape).toEqual([10, 2]);
    expect(s.w.shape).toEqual([10]);
  });

  it('draws a Normal(3, 2) node with mean 3 and sd 2 within Monte Carlo error', () => {
    const n = 20000;
    const s = sampleForward(model(), { draws: n, seed: 7 });
    // MCSE of the mean: 2/√n ≈ 0.0141, allow 5 → 0.071. SE of the sd ≈ σ/√(2n) = 0.01, allow 5.
    expect(Math.abs(meanOf(s.a.data) - 3)).toBeLessThanOrEqual((5 * 2) / Math.sqrt(n));
    expect(Math.abs(sdOf(s.a.data) - 2)).toBeLessThanOrEqual((5 * 2) / Math.sqrt(2 * n));
    // b_i ~ N(a, 1): marginally N(3, √(4 + 1)) = N(3, √5).
    const b0 = s.b.data.filter((_, i) => i % 2 === 0);
    expect(Math.abs(meanOf(b0) - 3)).toBeLessThanOrEqual((5 * Math.sqrt(5)) / Math.sqrt(n));
    expect(Math.abs(sdOf(b0) - Math.sqrt(5))).toBeLessThanOrEqual((5 * Math.sqrt(5)) / Math.sqrt(2 * n));
  });

  it('computes a deterministic node from the sampled parents draw by draw', () => {
    const s = sampleForward(model(), { draws: 500, seed: 3 });
    for (let d = 0; d < 500; d++) {
      const a = s.a.data[d];
      const b1 = s.b.data[2 * d + 1];
      // w := exp(0.1 a) + b[1]·a
      expect(s.w.data[d]).toBeCloseTo(Math.exp(a * 0.1) + b1 * a, 12);
    }
  });

  it('uses data node values', () => {
    const m = new ModelBuilder();
    const d = m.data('d', { dims: [2] }, [10, -10]);
    m.random('y', Normal(d, 0.001), { dims: [2] });
    const s = sampleForward(m.build(), { draws: 100, seed: 2 });
    for (let i = 0; i < 100; i++) {
      expect(Math.abs(s.y.data[2 * i] - 10)).toBeLessThan(0.006);
      expect(Math.abs(s.y.data[2 * i + 1] + 10)).toBeLessThan(0.006);
    }
  });
});
