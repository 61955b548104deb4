import { Bernoulli, ModelBuilder, Normal } from '@dopl/core';
import { describe, expect, it } from 'vitest';
import {
  ate,
  cate,
  ett,
  expectedDisablement,
  expectedSufficiency,
  probabilityOfNecessity,
  probabilityOfNecessityAndSufficiency,
  probabilityOfSufficiency,
} from './estimands.js';

describe('probabilities of causation on a binary SCM (exact enumeration)', () => {
  // c ~ B(0.3) confounds; x ~ B(0.2 + 0.6c); y ~ B(p(x, c)) with p = 0.1 + 0.3c + 0.5x, coupled
  // as y = 1[u < p]: monotone in x, so Tian & Pearl (2000) identify PN, PS and PNS.
  const m = new ModelBuilder();
  const c = m.random('c', Bernoulli({ p: 0.3 }));
  const x = m.random('x', Bernoulli({ p: c.mul(0.6).add(0.2) }));
  m.random('y', Bernoulli({ p: c.mul(0.3).add(x.mul(0.5)).add(0.1) }));
  const g = m.build();
  const pc = (v: number) => (v ? 0.3 : 0.7);
  const px = (v: number) => 0.2 + 0.6 * v;
  const p = (xv: number, cv: number) => 0.1 + 0.3 * cv + 0.5 * xv;
  let pY = 0;
  let pYdo1 = 0;
  let pYdo0 = 0;
  let pX1Y1 = 0;
  let pX0Y0 = 0;
  let pnByHand = 0;
  let psByHand = 0;
  for (const cv of [0, 1]) {
    pYdo1 += pc(cv) * p(1, cv);
    pYdo0 += pc(cv) * p(0, cv);
    pY += pc(cv) * (px(cv) * p(1, cv) + (1 - px(cv)) * p(0, cv));
    pX1Y1 += pc(cv) * px(cv) * p(1, cv);
    pX0Y0 += pc(cv) * (1 - px(cv)) * (1 - p(0, cv));
    // Seen x = 1, y = 1: u ∈ [0, p(1, c)); y would be 0 under x = 0 iff u ≥ p(0, c).
    pnByHand += pc(cv) * px(cv) * (p(1, cv) - p(0, cv));
    // Seen x = 0, y = 0: u ∈ [p(0, c), 1); y would be 1 under x = 1 iff u < p(1, c).
    psByHand += pc(cv) * (1 - px(cv)) * (p(1, cv) - p(0, cv));
  }
  const tianPearl = {
    pn: (pY - pYdo0) / pX1Y1,
    ps: (pYdo1 - pY) / pX0Y0,
    pns: pYdo1 - pYdo0,
  };

  it('PN equals the hand derivation and the Tian–Pearl formula', () => {
    const a = probabilityOfNecessity(g, { treatment: 'x', outcome: 'y' });
    expect(a.kind).toBe('counterfactual');
    expect(a.method).toBe('enumerate; abduction per draw');
    expect(a.target).toBe('PN(x → y)');
    expect(a.mean).toBeCloseTo(pnByHand / pX1Y1, 12);
    expect(a.mean).toBeCloseTo(tianPearl.pn, 12);
    expect(a.mcseMean).toBe(0);
  });

  it('PS equals the hand derivation and the Tian–Pearl formula', () => {
    const a = probabilityOfSufficiency(g, { treatment: 'x', outcome: 'y' });
    expect(a.mean).toBeCloseTo(psByHand / pX0Y0, 12);
    expect(a.mean).toBeCloseTo(tianPearl.ps, 12);
  });

  it('PNS equals P(y | do(x = 1)) − P(y | do(x = 0)) under monotonicity', () => {
    const a = probabilityOfNecessityAndSufficiency(g, { treatment: 'x', outcome: 'y' });
    expect(a.mean).toBeCloseTo(tianPearl.pns, 12);
    // The ATE of a binary outcome is the same number, by enumeration of the two arms.
    const effect = ate(g, { treatment: 'x', outcome: 'y' });
    expect(effect.method).toBe('enumerate');
    expect(effect.mean).toBeCloseTo(tianPearl.pns, 12);
  });
});

describe('ATE, ETT and CATE on linear-Gaussian SCMs', () => {
  // c ~ N(0, 1); x ~ N(0.8c, 1); y ~ N(1.5x − 1.2c, 0.5): the unit-level effect of x = 1 vs
  // x = 0 is 1.5 for every unit, so every draw of ATE (shared stream) and ETT (shared noise) is 1.5.
  const additive = () => {
    const m = new ModelBuilder();
    const c = m.random('c', Normal(0, 1));
    const x = m.random('x', Normal(c.mul(0.8), 1));
    m.random('y', Normal(x.mul(1.5).sub(c.mul(1.2)), 0.5));
    return m.build();
  };
  // The same with an interaction 2·x·c: the unit-level effect is 1.5 + 2c.
  const interacting = () => {
    const m = new ModelBuilder();
    const c = m.random('c', Normal(0, 1));
    const x = m.random('x', Normal(c.mul(0.8), 1));
    m.random('y', Normal(x.mul(1.5).add(x.mul(c).mul(2)).sub(c.mul(1.2)), 0.5));
    return m.build();
  };

  it('ATE = 1.5 in every draw', () => {
    const a = ate(additive(), { treatment: 'x', outcome: 'y', draws: 200, seed: 1 });
    expect(a.kind).toBe('interventional');
    for (const d of a.draws) expect(d).toBeCloseTo(1.5, 12);
  });

  it('ETT = 1.5 in every draw, with the confounder inferred from x = 1', () => {
    const a = ett(additive(), { treatment: 'x', outcome: 'y', method: 'importance', draws: 300, seed: 2 });
    expect(a.kind).toBe('counterfactual');
    expect(a.method).toMatch(/^importance/);
    for (const d of a.draws) expect(d).toBeCloseTo(1.5, 12);
  });

  it('CATE at c = 1 is 1.5 + 2 = 3.5 exactly; the ATE is 1.5 and the ETT 1.5 + 2·E[c | x = 1]', () => {
    const c1 = cate(interacting(), {
      treatment: 'x',
      outcome: 'y',
      covariate: 'c',
      value: 1,
      draws: 100,
      seed: 3,
    });
    for (const d of c1.draws) expect(d).toBeCloseTo(3.5, 12);
    // ATE draws are 1.5 + 2c with c ~ N(0, 1): sd 2, so 5 MCSE = 5·2/√4000.
    const a = ate(interacting(), { treatment: 'x', outcome: 'y', draws: 4000, seed: 4 });
    expect(Math.abs(a.mean - 1.5)).toBeLessThan((5 * 2) / Math.sqrt(4000));
    // c | x = 1 ~ N(0.8/1.64, 1/1.64): ETT = 1.5 + 1.6/1.64; 5 MCSE of the weighted estimate.
    const t = ett(interacting(), {
      treatment: 'x',
      outcome: 'y',
      method: 'importance',
      draws: 4000,
      seed: 5,
    });
    expect(Math.abs(t.mean - (1.5 + 1.6 / 1.64))).toBeLessThan(5 * t.mcseMean);
  });
});

describe('counterfactual diagnosis on a noisy-OR network (exact enumeration)', () => {
  // r ~ B(0.5); d1 ~ B(0.01 + 0.19r); d2 ~ B(0.1 + 0.8r); s ~ B(q) with the noisy-OR
  // q(d1, d2) = 1 − 0.95 (1 − 0.9 d1)(1 − 0.3 d2), coupled as s = 1[u < q].
  const m = new ModelBuilder();
  const r = m.random('r', Bernoulli({ p: 0.5 }));
  const d1 = m.random('d1', Bernoulli({ p: r.mul(0.19).add(0.01) }));
  const d2 = m.random('d2', Bernoulli({ p: r.mul(0.8).add(0.1) }));
  m.random('s', Bernoulli({ p: d1.mul(-0.9).add(1).mul(d2.mul(-0.3).add(1)).mul(-0.95).add(1) }));
  const g = m.build();
  const q = (a: number, b: number) => 1 - 0.95 * (1 - 0.9 * a) * (1 - 0.3 * b);
  const bern = (p: number, v: number) => (v ? p : 1 - p);
  // Sums over the 8 states of (r, d1, d2) with s = 1 seen, u ∈ [0, q(d1, d2)):
  // disabling d (do(d = 0)) turns s off iff u ≥ q with d = 0; do(d2 = 0) keeps s iff u < q(d1, 0).
  let z = 0;
  let ed1 = 0;
  let ed2 = 0;
  let es1 = 0;
  for (const rv of [0, 1])
    for (const a of [0, 1])
      for (const b of [0, 1]) {
        const w = 0.5 * bern(0.01 + 0.19 * rv, a) * bern(0.1 + 0.8 * rv, b);
        z += w * q(a, b);
        ed1 += w * (q(a, b) - q(0, b));
        ed2 += w * (q(a, b) - q(a, 0));
        es1 += w * q(a, 0);
      }

  it('expected disablement of each disease equals the hand derivation', () => {
    const a1 = expectedDisablement(g, { cause: 'd1', evidence: { s: 1 } });
    const a2 = expectedDisablement(g, { cause: 'd2', evidence: { s: 1 } });
    expect(a1.method).toBe('enumerate; abduction per draw');
    expect(a1.mean).toBeCloseTo(ed1 / z, 12);
    expect(a2.mean).toBeCloseTo(ed2 / z, 12);
    expect(a1.mcseMean).toBe(0);
  });

  it('expected sufficiency switches the other causes (d2) off', () => {
    const a = expectedSufficiency(g, { cause: 'd1', evidence: { s: 1 } });
    expect(a.mean).toBeCloseTo(es1 / z, 12);
    expect(a.target).toBe('expected sufficiency(d1)');
  });
});
