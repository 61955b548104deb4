import { Bernoulli, Binomial, Categorical, DoplError, model, Normal, Poisson, sum } from '@dopl/core';
import { describe, expect, it } from 'vitest';
import { effectiveSampleSize, infer, probabilityOf } from './index.js';

/**
 * Sprinkler network (Russell & Norvig / Murphy): cloudy C, sprinkler S | C, rain R | C, wet W | S, R.
 * P(C)=0.5; P(S|C)=0.1, P(S|¬C)=0.5; P(R|C)=0.8, P(R|¬C)=0.2;
 * P(W|S,R)=0.99, P(W|S,¬R)=0.9, P(W|¬S,R)=0.9, P(W|¬S,¬R)=0.
 */
function sprinkler() {
  return model((m) => {
    const c = m.random('cloudy', Bernoulli({ p: 0.5 }));
    const s = m.random('sprinkler', Bernoulli({ p: c.mul(0.1 - 0.5).add(0.5) }));
    const r = m.random('rain', Bernoulli({ p: c.mul(0.8 - 0.2).add(0.2) }));
    // p(W) = 1 − (1 − 0.9 S)(1 − 0.9 R) gives 0.99, 0.9, 0.9, 0 exactly (noisy-OR).
    const pw = s.mul(-0.9).add(1).mul(r.mul(-0.9).add(1)).neg().add(1);
    m.random('wet', Bernoulli({ p: pw }));
  });
}

/** Exact joint of the sprinkler network, summed by hand over the 16 states. */
function sprinklerExact(
  query: (c: number, s: number, r: number, w: number) => boolean,
  given: (c: number, s: number, r: number, w: number) => boolean,
) {
  let num = 0;
  let den = 0;
  for (const c of [0, 1])
    for (const s of [0, 1])
      for (const r of [0, 1])
        for (const w of [0, 1]) {
          const ps = c ? 0.1 : 0.5;
          const pr = c ? 0.8 : 0.2;
          const pw = 1 - (1 - 0.9 * s) * (1 - 0.9 * r);
          const p = 0.5 * (s ? ps : 1 - ps) * (r ? pr : 1 - pr) * (w ? pw : 1 - pw);
          if (given(c, s, r, w)) {
            den += p;
            if (query(c, s, r, w)) num += p;
          }
        }
  return num / den;
}

describe('infer: enumeration', () => {
  it('sprinkler network posteriors equal the hand-summed joint', () => {
    const r = infer(sprinkler(), { wet: 1 });
    expect(r.method).toBe('enumerate');
    expect(r.states).toBe(8);
    // Textbook values: P(S=1 | W=1) = 0.2781/0.6471 = 0.4298, P(R=1 | W=1) = 0.4581/0.6471 = 0.7079.
    expect(probabilityOf(r, 'rain', 1)).toBeCloseTo(0.4581 / 0.6471, 4);
    expect(probabilityOf(r, 'sprinkler', 1)).toBeCloseTo(0.2781 / 0.6471, 4);
    expect(probabilityOf(r, 'rain', 1)).toBeCloseTo(
      sprinklerExact(
        (_c, _s, rr) => rr === 1,
        (_c, _s, _r, w) => w === 1,
      ),
      12,
    );
    expect(Math.exp(r.logEvidence)).toBeCloseTo(0.6471, 12);
    // Explaining away: the sprinkler being on lowers the probability of rain.
    const r2 = infer(sprinkler(), { wet: 1, sprinkler: 1 });
    expect(probabilityOf(r2, 'rain', 1)).toBeCloseTo(
      sprinklerExact(
        (_c, _s, rr) => rr === 1,
        (_c, s, _r, w) => w === 1 && s === 1,
      ),
      12,
    );
    expect(probabilityOf(r2, 'rain', 1)).toBeLessThan(probabilityOf(r, 'rain', 1));
  });

  it('noisy-OR diagnosis: posterior of two causes of a symptom', () => {
    // D1 ~ B(0.1), D2 ~ B(0.3); P(S=1 | d1, d2) = 1 − (1 − 0.01)(1 − 0.8)^d1 (1 − 0.2)^d2 (leak 0.01).
    const g = model((m) => {
      const d1 = m.random('d1', Bernoulli({ p: 0.1 }));
      const d2 = m.random('d2', Bernoulli({ p: 0.3 }));
      const q = d1.mul(-0.8).add(1).mul(d2.mul(-0.2).add(1)).mul(0.99);
      m.random('s', Bernoulli({ p: q.neg().add(1) }));
    });
    const r = infer(g, { s: 1 });
    let pS = 0;
    let pD1 = 0;
    let pD2 = 0;
    for (const a of [0, 1])
      for (const b of [0, 1]) {
        const prior = (a ? 0.1 : 0.9) * (b ? 0.3 : 0.7);
        const ps = 1 - 0.99 * 0.2 ** a * 0.8 ** b;
        pS += prior * ps;
        pD1 += a * prior * ps;
        pD2 += b * prior * ps;
      }
    expect(probabilityOf(r, 'd1', 1)).toBeCloseTo(pD1 / pS, 12);
    expect(probabilityOf(r, 'd2', 1)).toBeCloseTo(pD2 / pS, 12);
    expect(r.logEvidence).toBeCloseTo(Math.log(pS), 12);
  });

  it('enumerates Binomial supports read from the model and Categorical nodes', () => {
    // k ~ Categorical([0.2, 0.5, 0.3]) ; x ~ Binomial(k + 1, 0.5), observed x = 2.
    // P(k | x=2) ∝ p_k · C(k+1, 2) / 2^(k+1): k=0 → 0, k=1 → 0.5 · 1/4, k=2 → 0.3 · 3/8.
    const g = model((m) => {
      const k = m.random('k', Categorical({ p: [0.2, 0.5, 0.3] }));
      const n = m.let('n', k.add(1));
      m.random('x', Binomial(n, { p: 0.5 }));
    });
    const r = infer(g, { x: 2 });
    const a = 0.5 / 4;
    const b = (0.3 * 3) / 8;
    expect(probabilityOf(r, 'k', 0)).toBe(0);
    expect(probabilityOf(r, 'k', 2)).toBeCloseTo(b / (a + b), 12);
    expect(r.draws.n.shape[0]).toBe(r.states);
  });

  it('a latent Binomial whose n is another latent: supports are multiplied out per state', () => {
    // m ~ Categorical([0.5, 0.5]); b ~ Binomial(m + 2, 0.5); y ~ Bernoulli(b / 3) observed 1.
    // E[b | m] = (m + 2)/2, so P(y = 1) = ½ (2/2)/3 + ½ (3/2)/3 = 5/12 and
    // P(m = 1 | y = 1) = ½ · ½ / (5/12) = 3/5; P(b = 3 | y) = ½ · ⅛ · 1 / (5/12) = 3/20.
    const g = model((m) => {
      const k = m.random('m', Categorical({ p: [0.5, 0.5] }));
      const b = m.random('b', Binomial(k.add(2), { p: 0.5 }));
      m.random('y', Bernoulli({ p: b.div(3) }));
    });
    const r = infer(g, { y: 1 });
    expect(r.method).toBe('enumerate');
    expect(r.states).toBe(3 + 4);
    expect(probabilityOf(r, 'm', 1)).toBeCloseTo(3 / 5, 12);
    expect(probabilityOf(r, 'b', 3)).toBeCloseTo(3 / 20, 12);
    expect(r.logEvidence).toBeCloseTo(Math.log(5 / 12), 12);
    expect(() => infer(g, { y: 1 }, { method: 'enumerate', maxStates: 5 })).toThrow(
      /too large to enumerate: more than 5 \(support bounds read from other latents\) joint states over 2 latent nodes \(m: 2, b: \?\)/,
    );
  });

  it('vector latents are enumerated element by element', () => {
    // z[3] ~ Bernoulli(0.3) iid; y ~ Binomial(1, 0.25 + 0.25 · Σz) observed 1.
    const g = model((m) => {
      const z = m.random('z', Bernoulli({ p: 0.3 }), { dims: [3] });
      m.random('y', Bernoulli({ p: sum(z).mul(0.25).add(0.25) }));
    });
    const r = infer(g, { y: 1 });
    expect(r.states).toBe(8);
    // E[Σz | y] = E[Σz (0.25 + 0.25Σz)] / E[0.25 + 0.25Σz], Σz ~ Binomial(3, 0.3): mean 0.9, E[S²] = 0.63 + 0.81.
    const expected = (0.25 * 0.9 + 0.25 * 1.44) / (0.25 + 0.25 * 0.9);
    const z = r.draws.z.data;
    let e = 0;
    for (let i = 0; i < r.weights.length; i++) e += r.weights[i] * (z[3 * i] + z[3 * i + 1] + z[3 * i + 2]);
    expect(e).toBeCloseTo(expected, 12);
  });

  it('latents read only through comparisons are recomputed per state', () => {
    // c ~ B(0.3); k ~ Categorical([0.5, 0.25, 0.25]); y ~ B(where c == 1 and k >= 1: 0.9, else 0.2).
    // P(c = 1 | y = 1) = 0.3 (0.5·0.2 + 0.5·0.9) / [0.3·0.55 + 0.7·0.2] = 0.165 / 0.305.
    const g = model((m) => {
      const c = m.random('c', Bernoulli({ p: 0.3 }));
      const k = m.random('k', Categorical({ p: [0.5, 0.25, 0.25] }));
      const hit = m.let('hit', c.eq(1).mul(k.ge(1)));
      m.random('y', Bernoulli({ p: hit.mul(0.7).add(0.2) }));
    });
    const r = infer(g, { y: 1 });
    expect(probabilityOf(r, 'c', 1)).toBeCloseTo(0.165 / 0.305, 12);
    expect(probabilityOf(r, 'hit', 1)).toBeCloseTo((0.3 * 0.5 * 0.9) / 0.305, 12);
  });

  it('unbounded supports are refused by enumeration and sent to importance sampling by auto', () => {
    const g = model((m) => {
      const n = m.random('n', Poisson(3));
      m.random('y', Binomial(n, { p: 0.5 }));
    });
    expect(() => infer(g, { y: 2 }, { method: 'enumerate' })).toThrow(
      /enumeration needs bounded discrete supports; n \(Poisson\) has unbounded support/,
    );
    const r = infer(g, { y: 2 }, { draws: 4000, seed: 2 });
    expect(r.method).toBe('importance');
    // n − y | y ~ Poisson(1.5) (Poisson thinning), so E[n | y = 2] = 3.5; tolerance 4 sd/√ESS, sd = √1.5.
    let e = 0;
    for (let i = 0; i < r.weights.length; i++) e += r.weights[i] * r.draws.n.data[i];
    expect(Math.abs(e - 3.5)).toBeLessThan(4 * Math.sqrt(1.5 / r.ess!));
  });

  it('a too-large model fails naming the size and the nodes', () => {
    const g = model((m) => {
      const z = m.random('z', Bernoulli({ p: 0.5 }), { dims: [30] });
      m.random('y', Bernoulli({ p: sum(z).div(30) }));
    });
    expect(() => infer(g, { y: 1 }, { method: 'enumerate' })).toThrow(DoplError);
    expect(() => infer(g, { y: 1 }, { method: 'enumerate' })).toThrow(
      /too large to enumerate: 1073741824 joint states over 1 latent node \(z\[30\]: 2\).*maxStates = 100000/,
    );
    // auto falls back to importance sampling.
    expect(infer(g, { y: 1 }, { draws: 200, seed: 1 }).method).toBe('importance');
  });

  it('mixed and continuous models get a message about what is supported', () => {
    const g = model((m) => {
      const mu = m.random('mu', Normal(0, 1));
      const z = m.random('z', Bernoulli({ p: 0.5 }));
      m.random('y', Normal(mu.add(z), 1));
    });
    expect(() => infer(g, { y: 1 })).toThrow(
      /mixes discrete latents \(z\) with continuous latents \(mu\).*NUTS \(chosen by query\) needs every latent continuous/,
    );
    expect(() => infer(g, { nope: 1 })).toThrow(/unknown node 'nope'/);
  });
});

describe('infer: importance sampling', () => {
  it('agrees with enumeration within Monte Carlo error, and reports ESS = (Σw)²/Σw²', () => {
    const exact = probabilityOf(infer(sprinkler(), { wet: 1 }), 'rain', 1);
    const r = infer(sprinkler(), { wet: 1 }, { method: 'importance', draws: 4000, seed: 7 });
    expect(r.method).toBe('importance');
    let s = 0;
    let s2 = 0;
    for (const l of r.logWeights) {
      s += Math.exp(l);
      s2 += Math.exp(2 * l);
    }
    expect(r.ess).toBeCloseTo((s * s) / s2, 9);
    expect(effectiveSampleSize(r.logWeights)).toBe(r.ess);
    // Self-normalised IS: MCSE of a probability ≈ sqrt(p(1−p)/ESS); 4 MCSE bounds a false failure
    // at ~6e-5 per fixed seed.
    const p = probabilityOf(r, 'rain', 1);
    const mcse = Math.sqrt((exact * (1 - exact)) / r.ess!);
    expect(Math.abs(p - exact)).toBeLessThan(4 * mcse);
    expect(mcse).toBeLessThan(0.02);
    // log p(W=1) estimate: relative sd ≈ sqrt((N/ESS − 1)/N).
    const rel = Math.sqrt((4000 / r.ess! - 1) / 4000);
    expect(Math.abs(Math.exp(r.logEvidence) / 0.6471 - 1)).toBeLessThan(4 * rel);
    // Same seed, same numbers.
    const again = infer(sprinkler(), { wet: 1 }, { method: 'importance', draws: 4000, seed: 7 });
    expect(Array.from(again.logWeights)).toEqual(Array.from(r.logWeights));
  });

  it('handles continuous latents (likelihood weighting of a conjugate normal)', () => {
    // mu ~ N(0,1), y ~ N(mu, 1) observed 1 → mu | y ~ N(0.5, 0.5).
    const g = model((m) => {
      const mu = m.random('mu', Normal(0, 1));
      m.random('y', Normal(mu, 1));
    });
    const r = infer(g, { y: 1 }, { method: 'importance', draws: 4000, seed: 3 });
    const mu = r.draws.mu.data;
    let e = 0;
    for (let i = 0; i < mu.length; i++) e += r.weights[i] * mu[i];
    // MCSE ≈ sd/sqrt(ESS) with posterior sd sqrt(0.5).
    expect(Math.abs(e - 0.5)).toBeLessThan(4 * Math.sqrt(0.5 / r.ess!));
  });
});
