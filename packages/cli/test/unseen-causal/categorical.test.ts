import { abductNoise, applyNoise, counterfactualDraws, sampleForward, twin } from '@dopl/core';
import { query } from '@dopl/inference';
import { describe, expect, it } from 'vitest';
import { cli, graphOf, here } from './harness.js';
import { bernoulli, categorical, oracle } from './oracle.js';

// A categorical node with three states, intervened on and counterfactually coupled by its
// inverse-CDF structural form: w = min{k : F(k) > u}, u ~ Uniform(0, 1), so a seen w = k pins u
// to [F(k − 1), F(k)).
const MODEL = 'categorical.dopl';
const P1 = [0.1, 0.3, 0.6];
const P0 = [0.5, 0.3, 0.2];
const NODES = [
  bernoulli('z', () => 0.5),
  categorical('w', 3, (v) => (v.z === 1 ? P1 : P0)),
  bernoulli('y', (v) => [0.1, 0.5, 0.9][v.w]),
];
const EXACT = 1e-10;

describe('Categorical: the structural form', () => {
  it('abducts category k to [F(k − 1), F(k)) and maps every u in it back to k, p or logits', () => {
    const p = [0.2, 0.5, 0.3];
    expect(abductNoise('Categorical', {}, 1, { p })).toEqual({
      kind: 'interval',
      base: 'uniform',
      lo: 0.2,
      hi: 0.7,
    });
    const logits = p.map(Math.log);
    const u = abductNoise('Categorical', {}, 2, { logits });
    if (u.kind !== 'interval') throw new Error('expected an interval');
    expect(u.lo).toBeCloseTo(0.7, 12);
    expect(u.hi).toBe(1);
    for (const [k, v] of [
      [0, 0],
      [0, 0.1999],
      [1, 0.2],
      [1, 0.6999],
      [2, 0.7],
      [2, 0.99999],
    ])
      expect(applyNoise('Categorical', {}, v, { p })).toBe(k);
  });
});

describe('Categorical: do() and counterfactuals on a three-state node', () => {
  it('P(y | do(w = 2)) = 0.9 and the contrast with do(w = 0) is 0.8, exactly', async () => {
    const out = await cli(MODEL, ['--target', 'y', '--do', 'w = 2', '--vs', 'w = 0']);
    expect(out.method).toBe('enumerate');
    expect(Math.abs(out.mean - 0.8)).toBeLessThan(EXACT);
    expect(Math.abs(query(graphOf(MODEL), { target: 'y', do: { w: 2 } }).mean - 0.9)).toBeLessThan(EXACT);
  });

  it('P(w = 2 | y = 1) by enumeration', async () => {
    const exact = oracle(NODES, [{ given: { y: 1 } }], ([v]) => (v.w === 2 ? 1 : 0));
    // By hand: P(w) = ½(P1 + P0) = (0.3, 0.3, 0.4), P(y = 1) = 0.03 + 0.15 + 0.36 = 0.54.
    expect(exact).toBeCloseTo((0.4 * 0.9) / 0.54, 12);
    const out = await cli(MODEL, ['--target', 'w == 2', '--given', 'y = 1']);
    expect(Math.abs(out.mean - exact)).toBeLessThan(EXACT);
  });

  it('seen z = 1, w = 2; had z been 0: w = 0, 1, 2 with probabilities 1/6, 1/2, 1/3', async () => {
    // u ∈ [0.4, 1) given w = 2 under P1; under P0 the cuts are 0.5 and 0.8: shares 0.1, 0.3, 0.2
    // of 0.6. E[w′] = (0.3 + 0.4)/0.6 = 7/6. y′ keeps its own (unseen) noise: E[y′] =
    // 0.1/6 + 0.5/2 + 0.9/3.
    const args = ['--given', 'z = 1; w = 2', '--do', 'z = 0', '--counterfactual'];
    const w = await cli(MODEL, ['--target', 'w', ...args]);
    expect(w.kind).toBe('counterfactual');
    expect(w.mcse_mean).toBe(0);
    expect(Math.abs(w.mean - 7 / 6)).toBeLessThan(EXACT);
    const w0 = await cli(MODEL, ['--target', 'w == 0', ...args]);
    expect(Math.abs(w0.mean - 1 / 6)).toBeLessThan(EXACT);
    const y = await cli(MODEL, ['--target', 'y', ...args]);
    expect(Math.abs(y.mean - (0.1 / 6 + 0.5 / 2 + 0.9 / 3))).toBeLessThan(EXACT);
    expect(oracle(NODES, [{ given: { z: 1, w: 2 } }, { do: { z: 0 } }], ([, cf]) => cf.y)).toBeCloseTo(
      y.mean,
      12,
    );
  });

  it('w unseen: seen z = 1, y = 0; had z been 0, P(y′ = 1) by the twin oracle', async () => {
    const exact = oracle(NODES, [{ given: { z: 1, y: 0 } }, { do: { z: 0 } }], ([, cf]) => cf.y);
    const out = await cli(MODEL, [
      ...['--target', 'y', '--given', 'z = 1; y = 0', '--do', 'z = 0', '--counterfactual'],
    ]);
    expect(Math.abs(out.mean - exact)).toBeLessThan(EXACT);
  });

  it("core's counterfactualDraws samples the categorical interval: mean 7/6 within 4 MCSE", () => {
    // var w′ = (0.3·1 + 0.2·4)/0.6 − (7/6)² = 17/36; MCSE = √(17/36/n).
    const n = 4000;
    const out = counterfactualDraws(graphOf(MODEL), {
      evidence: { z: 1, w: 2 },
      intervention: { z: 0 },
      target: 'w',
      draws: n,
      seed: 7,
    });
    const mean = out.w.data.reduce((a, b) => a + b, 0) / n;
    expect(Math.abs(mean - 7 / 6)).toBeLessThan(4 * Math.sqrt(17 / 36 / n));
  });

  it('an array of categoricals with logits per unit: each unit abducted from its own vector', async () => {
    // Unit i has p_i = P[g_i] (z = 0); had z been 1, p′_i ∝ p_i · (1, 1, e). A seen w_i = k pins
    // u_i to [F_i(k − 1), F_i(k)); E[w′_i] = Σ_j j |[F′_i(j − 1), F′_i(j)) ∩ that| / its length.
    const groups = [
      [0.2, 0.5, 0.3],
      [0.6, 0.3, 0.1],
    ];
    const seen = [1, 0, 2];
    const g = [0, 1, 0];
    const cuts = (p: readonly number[]) => [0, p[0], p[0] + p[1], 1];
    let exact = 0;
    seen.forEach((k, i) => {
      const p = groups[g[i]];
      const q = [p[0], p[1], p[2] * Math.E];
      const t = q[0] + q[1] + q[2];
      const [F, G] = [cuts(p), cuts(q.map((v) => v / t))];
      for (let j = 0; j < 3; j++)
        exact += (j * Math.max(0, Math.min(F[k + 1], G[j + 1]) - Math.max(F[k], G[j]))) / (F[k + 1] - F[k]);
    });
    const out = await cli('categorical-units.dopl', [
      ...['--data', here('categorical-units.json'), '--target', 'sum(w)'],
      ...['--given', 'z = 0; w = [1, 0, 2]', '--do', 'z = 1', '--counterfactual'],
    ]);
    expect(out.mcse_mean).toBe(0);
    expect(Math.abs(out.mean - exact)).toBeLessThan(EXACT);
  });

  it("core's twin() writes the categorical coupling with graph ops: w′ = 0, 1, 2 w.p. 1/6, 1/2, 1/3", () => {
    // The twin network's w′ reads the factual w's noise u = F(w − 1) + (F(w) − F(w − 1))·v,
    // v ~ Uniform(0, 1): forward draws of it are draws of the exact answer above. Each share is a
    // binomial proportion: MCSE √(p(1 − p)/n), 4 of them allowed.
    const n = 20000;
    const t = twin(graphOf(MODEL), { evidence: { z: 1, w: 2 }, intervention: { z: 0 } });
    const w = sampleForward(t.graph, { draws: n, seed: 3, predictive: false })[t.counterfactual.w].data;
    for (const [k, p] of [
      [0, 1 / 6],
      [1, 1 / 2],
      [2, 1 / 3],
    ]) {
      const share = w.filter((v) => v === k).length / n;
      expect(Math.abs(share - p)).toBeLessThan(4 * Math.sqrt((p * (1 - p)) / n));
    }
  });
});
