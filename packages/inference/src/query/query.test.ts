import { ModelBuilder, Normal, sum, type Term } from '@dopl/core';
import { describe, expect, it } from 'vitest';
import { createAttrs, type InferenceData } from '../data/index.js';
import { query } from './query.js';

// x ~ Normal(0, 1); y ~ Normal(2x, 1)
function linear() {
  const m = new ModelBuilder();
  const x = m.random('x', Normal(0, 1));
  m.random('y', Normal(x.mul(2), 1));
  return m.build();
}

describe('query', () => {
  it('interventional on an unfitted model: E[y | do(x = 1)] = 2, sd 1', () => {
    // y = 2·1 + u, u ~ N(0, 1): mean 2, sd 1. MCSE of the mean = 1/√4000 ≈ 0.016; 4 MCSE allowed.
    const a = query(linear(), { target: 'y', do: { x: 1 }, draws: 4000, seed: 3 });
    expect(a.kind).toBe('interventional');
    expect(a.method).toBe('forward sampling');
    expect(Math.abs(a.mean - 2)).toBeLessThan(4 / Math.sqrt(4000));
    // sd of a sample sd ≈ 1/√(2n) ≈ 0.011; 4 of them allowed.
    expect(Math.abs(a.sd - 1)).toBeLessThan(4 / Math.sqrt(8000));
  });

  it('a shift intervention do(x => x + 1) moves E[y] by 2 and keeps x random', () => {
    // y = 2(x + 1) + u with x, u ~ N(0, 1): mean 2, variance 5. MCSE = √5/√4000 ≈ 0.035.
    const a = query(linear(), { target: 'y', do: { x: (x: Term) => x.add(1) }, draws: 4000, seed: 4 });
    expect(Math.abs(a.mean - 2)).toBeLessThan(4 * Math.sqrt(5 / 4000));
    expect(Math.abs(a.sd - Math.sqrt(5))).toBeLessThan(4 * Math.sqrt(5 / 8000));
  });

  it('vs gives the per-draw contrast: ATE of x = 1 vs x = 0 is 2', () => {
    // Same seed in both worlds: y's noise is shared draw by draw, so each contrast is 2·(1 − 0).
    const a = query(linear(), { target: 'y', do: { x: 1 }, vs: { x: 0 }, draws: 500, seed: 5 });
    for (const d of a.draws) expect(d).toBeCloseTo(2, 9);
  });

  it('counterfactual: x = 1, y = 3 observed, had x been 2 then y = 5', () => {
    // Abduction u_y = 3 − 2·1 = 1; prediction 2·2 + 1 = 5 in every draw.
    const a = query(linear(), {
      target: 'y',
      given: { x: 1, y: 3 },
      do: { x: 2 },
      counterfactual: true,
      draws: 20,
    });
    expect(a.kind).toBe('counterfactual');
    for (const d of a.draws) expect(d).toBeCloseTo(5, 9);
  });

  it('a fitted latent descendant is re-drawn: posterior x ≡ 25, do(y = 100) gives z ≈ 125', () => {
    const m = new ModelBuilder();
    const x = m.random('x', Normal(0, 10));
    const y = m.random('y', Normal(x, 1));
    m.random('z', Normal(x.add(y), 0.001));
    const graph = m.build();
    // A posterior where z keeps its factual value 18 would give 18 here, not 125.
    const n = 200;
    const fit: InferenceData = {
      posterior: {
        x: { shape: [2, n / 2], data: new Float64Array(n).fill(25) },
        y: { shape: [2, n / 2], data: new Float64Array(n).fill(-7) },
        z: { shape: [2, n / 2], data: new Float64Array(n).fill(18) },
      },
      attrs: createAttrs(),
    };
    const a = query({ graph, fit }, { target: 'z', do: { y: 100 }, seed: 6 });
    expect(a.draws.length).toBe(n);
    // z − 125 ~ N(0, 0.001²): 6 sd = 0.006 bounds every one of 200 draws.
    for (const d of a.draws) expect(Math.abs(d - 125)).toBeLessThan(0.006);
    // Without an intervention the posterior is kept: z = x + y = 18 up to its 0.001 noise.
    const o = query({ graph, fit }, { target: 'z', seed: 6 });
    expect(o.kind).toBe('observational');
    for (const d of o.draws) expect(Math.abs(d - 18)).toBeLessThan(0.006);
  });

  it('a function target reads every node of a draw', () => {
    const a = query(linear(), {
      target: (v) => (v.y[0] > v.x[0] ? 1 : 0),
      do: { x: 0 },
      draws: 4000,
      seed: 7,
    });
    // P(u > 0) = 1/2; MCSE = 0.5/√4000.
    expect(Math.abs(a.mean - 0.5)).toBeLessThan((4 * 0.5) / Math.sqrt(4000));
  });

  it('answers carry the method, target label, HDI, MCSE and number of draws', () => {
    const a = query(linear(), { target: 'y', do: { x: 1 }, draws: 4000, seed: 3 });
    expect(a.target).toBe('y');
    expect(a.nDraws).toBe(4000);
    expect(a.weights).toBeUndefined();
    // Independent draws: MCSE = sd/√n.
    expect(a.mcseMean).toBeCloseTo(a.sd / Math.sqrt(4000), 12);
    // 94% HDI of N(2, 1) is 2 ± 1.881; the sample HDI's ends move by about 0.05 at n = 4000.
    expect(Math.abs(a.hdiLow - (2 - 1.881))).toBeLessThan(0.15);
    expect(Math.abs(a.hdiHigh - (2 + 1.881))).toBeLessThan(0.15);
    expect(query(linear(), { target: (v) => v.y[0], draws: 10 }).target).toBe('f(…)');
  });

  it('a counterfactual on a fit abducts per posterior draw, with a slice of data acted on', () => {
    // spend data (1, 2, 3, 4); beta ~ N(0, 1); y ~ N(beta·spend, 0.5) observed; total := sum(y).
    // Had spend[1:3] been 0: y′ = y − beta·spend on the slice, so total′ = Σy − beta·(2 + 3).
    const m = new ModelBuilder();
    const spend = m.data('spend', {}, [1, 2, 3, 4]);
    const beta = m.random('beta', Normal(0, 1));
    const y = m.random('y', Normal(beta.mul(spend), 0.5), { observed: [1.2, 1.9, 3.4, 3.8] });
    m.let('total', sum(y));
    const graph = m.build();
    const betas = [0.9, 1.1, 1.0, 0.8];
    const fit: InferenceData = {
      posterior: { beta: { shape: [2, 2], data: Float64Array.from(betas) } },
      attrs: createAttrs(),
    };
    const a = query(
      { graph, fit },
      { target: 'total', do: { spend: { slice: [[1, 3]], value: 0 } }, counterfactual: true, seed: 2 },
    );
    expect(a.method).toBe('abduction per posterior draw');
    const sumY = 1.2 + 1.9 + 3.4 + 3.8;
    betas.forEach((b, i) => expect(a.draws[i]).toBeCloseTo(sumY - 5 * b, 12));
  });

  it("on a fit, a shift or slice reads the node's posterior draws as its natural value", () => {
    // Posterior x ≡ (3, 4); y ~ N(sum(x), 0.001). do(x => 2x): y ≈ 14; do(x[0] = 10): y ≈ 14.
    const m = new ModelBuilder();
    const x = m.random('x', Normal(0, 10), { dims: [2] });
    m.random('y', Normal(sum(x), 0.001));
    const graph = m.build();
    const n = 100;
    const data = new Float64Array(2 * n);
    for (let i = 0; i < n; i++) data.set([3, 4], 2 * i);
    const fit: InferenceData = {
      posterior: {
        x: { shape: [2, n / 2, 2], data },
        y: { shape: [2, n / 2], data: new Float64Array(n).fill(7) },
      },
      attrs: createAttrs(),
    };
    // y − 14 ~ N(0, 0.001²): 6 sd bounds every draw.
    const shifted = query({ graph, fit }, { target: 'y', do: { x: (v: Term) => v.mul(2) }, seed: 1 });
    for (const d of shifted.draws) expect(Math.abs(d - 14)).toBeLessThan(0.006);
    const sliced = query({ graph, fit }, { target: 'y', do: { x: { slice: [0], value: 10 } }, seed: 1 });
    for (const d of sliced.draws) expect(Math.abs(d - 14)).toBeLessThan(0.006);
  });
});
