import {
  Bernoulli,
  call,
  constant,
  type Expr,
  Graph,
  ModelBuilder,
  type Node,
  Normal,
  ref,
  sum,
  type Tensor,
} from '@dopl/core';
import { describe, expect, it } from 'vitest';
import { unobserveInOrder } from './evidence.js';
import { query } from './query.js';

// Evidence on unfitted models: the latents are inferred (enumeration, importance sampling, NUTS)
// and the method is reported with the answer.

/** rain ~ B(0.2); sprinkler ~ B(0.4); wet ~ B(0.05 + 0.9·rain + 0.5·sprinkler − 0.45·rain·sprinkler). */
function sprinkler() {
  const m = new ModelBuilder();
  const rain = m.random('rain', Bernoulli({ p: 0.2 }));
  const sp = m.random('sprinkler', Bernoulli({ p: 0.4 }));
  m.random('wet', Bernoulli({ p: rain.mul(0.9).add(sp.mul(0.5)).sub(rain.mul(sp).mul(0.45)).add(0.05) }));
  return m.build();
}

describe('query with evidence on an unfitted model', () => {
  it('observational by exact enumeration: P(rain | wet) by hand', () => {
    // P(wet | r, s): (0,0) 0.05, (1,0) 0.95, (0,1) 0.55, (1,1) 1.0.
    const pw = (r: number, s: number) => 0.05 + 0.9 * r + 0.5 * s - 0.45 * r * s;
    const pr = (r: number) => (r ? 0.2 : 0.8);
    const ps = (s: number) => (s ? 0.4 : 0.6);
    let z = 0;
    let num = 0;
    for (const r of [0, 1])
      for (const s of [0, 1]) {
        z += pr(r) * ps(s) * pw(r, s);
        if (r) num += pr(r) * ps(s) * pw(r, s);
      }
    const a = query(sprinkler(), { target: 'rain', given: { wet: 1 } });
    expect(a.kind).toBe('observational');
    expect(a.method).toBe('enumerate');
    expect(a.mean).toBeCloseTo(num / z, 12);
    expect(a.mcseMean).toBe(0);
    expect(a.weights).toBeDefined();
    // Weighted quantiles of a 0/1 answer with P(1) ≈ 0.45: q5 = 0, q95 = 1.
    expect(a.q5).toBe(0);
    expect(a.q95).toBe(1);
    expect(a.sd).toBeCloseTo(Math.sqrt((num / z) * (1 - num / z)), 12);
  });

  it("Pearl's P(y | do(x), z): given conditions the intervened graph", () => {
    // u ~ B(0.5) confounds; z ~ B(0.2 + 0.6u) is seen; y ~ B(0.1 + 0.4x + 0.4u).
    // Under do(x = 1), z = 1: P(u = 1 | z = 1) = 0.8·0.5 / (0.8·0.5 + 0.2·0.5) = 0.8, so
    // P(y = 1) = 0.1 + 0.4 + 0.4·0.8 = 0.82.
    const m = new ModelBuilder();
    const u = m.random('u', Bernoulli({ p: 0.5 }));
    m.random('z', Bernoulli({ p: u.mul(0.6).add(0.2) }));
    const x = m.random('x', Bernoulli({ p: u.mul(0.5).add(0.25) }));
    m.random('y', Bernoulli({ p: x.mul(0.4).add(u.mul(0.4)).add(0.1) }));
    const a = query(m.build(), { target: 'y', do: { x: 1 }, given: { z: 1 } });
    expect(a.kind).toBe('interventional');
    expect(a.method).toBe('enumerate');
    expect(a.mean).toBeCloseTo(0.82, 12);
    // Evidence on the intervened node is refused.
    expect(() => query(m.build(), { target: 'y', do: { x: 1 }, given: { x: 1 } })).toThrow(
      /'x' is both given and intervened on/,
    );
  });

  it('likelihood weighting for mixed latents reports its ESS and an MCSE from it', () => {
    // z ~ B(0.3); w ~ N(2z, 1); x ~ N(w, 1) seen at 2: x | z ~ N(2z, √2), so
    // P(z = 1 | x = 2) = 0.3 φ(0) / (0.3 φ(0) + 0.7 φ(2/√2)) = 0.3 / (0.3 + 0.7 e^−1).
    const m = new ModelBuilder();
    const z = m.random('z', Bernoulli({ p: 0.3 }));
    const w = m.random('w', Normal(z.mul(2), 1));
    m.random('x', Normal(w, 1));
    const exact = 0.3 / (0.3 + 0.7 * Math.exp(-1));
    const a = query(m.build(), { target: 'z', given: { x: 2 }, draws: 4000, seed: 2 });
    expect(a.method).toMatch(/^importance \(ess \d+\.\d\)$/);
    const ess = Number(a.method.match(/ess ([\d.]+)/)![1]);
    expect(a.mcseMean).toBeCloseTo(a.sd / Math.sqrt(ess), 2);
    // 5 MCSE (the MCSE of a self-normalised estimate is sd/√ESS to first order).
    expect(Math.abs(a.mean - exact)).toBeLessThan(5 * a.mcseMean);
  });

  it('NUTS when every latent is continuous: x | y = 3 ~ N(6/5, 1/5)', () => {
    // x ~ N(0, 1), y ~ N(2x, 1): posterior precision 1 + 4 = 5, mean 2·3/5.
    const m = new ModelBuilder();
    const x = m.random('x', Normal(0, 1));
    m.random('y', Normal(x.mul(2), 1));
    const a = query(m.build(), { target: 'x', given: { y: 3 }, draws: 1000, tune: 300, seed: 4 });
    expect(a.method).toMatch(/^nuts \(2 chains × 500 draws/);
    expect(a.mcseMean).toBeGreaterThan(0);
    expect(Math.abs(a.mean - 1.2)).toBeLessThan(5 * a.mcseMean);
    expect(Math.abs(a.sd - Math.sqrt(0.2))).toBeLessThan(0.05);
  });

  it('method choices that cannot apply are clear errors', () => {
    expect(() => query(sprinkler(), { target: 'rain', given: { wet: 1 }, method: 'nuts' })).toThrow(
      /NUTS needs every latent continuous, but rain, sprinkler are discrete/,
    );
    expect(() =>
      query(sprinkler(), { target: 'rain', given: { wet: 1 }, method: 'enumerate', maxStates: 3 }),
    ).toThrow(/state space is too large to enumerate: 4 joint states/);
  });

  it('a deterministic node added downstream is a target on every rung; arrays ask for an index', () => {
    const m = new ModelBuilder();
    const x = m.random('x', Bernoulli({ p: 0.5 }));
    const y = m.random('y', Bernoulli({ p: x.mul(0.6).add(0.2) }));
    m.let('both', x.mul(y));
    m.let('pair', x.add(y).mul([1, 1]));
    const g = m.build();
    // P(x = 1, y = 1) = 0.5·0.8.
    expect(query(g, { target: 'both' }).mean).toBeCloseTo(0.4, 12);
    expect(query(g, { target: 'both', do: { x: 1 } }).mean).toBeCloseTo(0.8, 12);
    // Seen x = 1, y = 0: u_y ∈ [0.8, 1), so y stays 0 under do(x = 0) (needs u < 0.2): both = 0.
    expect(query(g, { target: 'both', given: { x: 1, y: 0 }, do: { x: 0 }, counterfactual: true }).mean).toBe(
      0,
    );
    expect(() => query(g, { target: 'pair' })).toThrow(
      /target 'pair' is an array of shape \[2\], not a number; ask about one element \(pair\[0\]\) or a summary \(sum\(pair\)\)/,
    );
  });
});

describe('interventional queries on a model that observes data', () => {
  it('infers the latents from the data, then re-draws only what the action moves', () => {
    // x ~ B(0.5); y ~ B(0.2 + 0.6x) observed at 1; z ~ B(0.1 + 0.8x). P(x = 1 | y = 1) = 0.8.
    // do(y = 0) moves nothing upstream: z keeps the posterior of x, P(z = 1) = 0.1 + 0.8·0.8.
    const m = new ModelBuilder();
    const x = m.random('x', Bernoulli({ p: 0.5 }));
    m.random('y', Bernoulli({ p: x.mul(0.6).add(0.2) }), { observed: 1 });
    m.random('z', Bernoulli({ p: x.mul(0.8).add(0.1) }));
    const a = query(m.build(), { target: 'z', do: { y: 0 } });
    expect(a.method).toBe('enumerate, descendants re-drawn');
    expect(a.mean).toBeCloseTo(0.74, 12);
    // Observationally the same (y is not a parent of z); the action on y reads the data's posterior.
    expect(query(m.build(), { target: 'z' }).mean).toBeCloseTo(0.74, 12);
  });
});

describe('counterfactual queries with inferred latents', () => {
  it('integrates discrete noise exactly: PN of y ~ B(0.2 + 0.6x) is 0.75', () => {
    // Seen x = 1, y = 1: u_y ∈ [0, 0.8); under do(x = 0), y = 1 iff u < 0.2: P = 0.2/0.8 = 0.25.
    const m = new ModelBuilder();
    const x = m.random('x', Bernoulli({ p: 0.5 }));
    m.random('y', Bernoulli({ p: x.mul(0.6).add(0.2) }));
    const a = query(m.build(), { target: 'y', given: { x: 1, y: 1 }, do: { x: 0 }, counterfactual: true });
    expect(a.method).toBe('exact (no latent nodes); abduction per draw');
    expect(a.mean).toBeCloseTo(0.25, 12);
    expect(a.mcseMean).toBe(0);
  });

  it('abducts per importance draw when a latent is upstream of the evidence', () => {
    // u ~ N(0, 1), x ~ N(u, 1), y ~ N(x + u, 1); seen x = 1, y = 2. Under do(x = 0):
    // y′ = 0 + u + (y − x − u) = y − x = 1 whatever the posterior of u.
    const m = new ModelBuilder();
    const u = m.random('u', Normal(0, 1));
    const x = m.random('x', Normal(u, 1));
    m.random('y', Normal(x.add(u), 1));
    const a = query(m.build(), {
      target: 'y',
      given: { x: 1, y: 2 },
      do: { x: 0 },
      counterfactual: true,
      method: 'importance',
      draws: 500,
      seed: 3,
    });
    expect(a.method).toMatch(/^importance \(ess [\d.]+\); abduction per draw$/);
    for (const d of a.draws) expect(d).toBeCloseTo(1, 12);
  });

  it('falls back to sampled noise when exact integration would split into too many rows', () => {
    // 30 outcomes y[i] ~ B(0.2 + 0.6x), all seen at 1 with x = 1: each would be 1 under do(x = 0)
    // with probability 0.25 independently (2^30 exact rows), so E[Σy′] = 7.5 with sd √(30·0.25·0.75).
    const m = new ModelBuilder();
    const x = m.random('x', Bernoulli({ p: 0.5 }));
    const y = m.random('y', Bernoulli({ p: x.mul(0.6).add(0.2) }), { dims: [30] });
    m.let('total', sum(y));
    const a = query(m.build(), {
      target: 'total',
      given: { x: 1, y: new Array(30).fill(1) },
      do: { x: 0 },
      counterfactual: true,
      draws: 2000,
      seed: 5,
    });
    expect(a.method).toBe(
      'exact (no latent nodes); abduction per draw, discrete noise sampled (2000 draws per state)',
    );
    const sd = Math.sqrt(30 * 0.25 * 0.75);
    expect(a.mcseMean).toBeCloseTo(a.sd / Math.sqrt(2000), 10);
    expect(Math.abs(a.mean - 7.5)).toBeLessThan((5 * sd) / Math.sqrt(2000));
  });
});

describe('unobserveInOrder: an observed node read above its own line', () => {
  const scalar = (v: number): Tensor => ({ shape: [], data: Float64Array.of(v) });
  const normal = (mu: Expr): Node => ({
    kind: 'random',
    name: 'x',
    dist: { name: 'Normal', args: { mu, sigma: constant(scalar(1)) } },
    observed: constant(scalar(2)),
  });

  it('moves the readers after the node once it is drawn (the IV model: v := x − …, then x ~ …)', () => {
    const g = new Graph([
      { kind: 'deterministic', name: 'v', expr: call('sub', [ref('x'), constant(scalar(1))]) },
      normal(constant(scalar(0))),
    ]);
    expect(unobserveInOrder(g, ['x']).names).toEqual(['x', 'v']);
    // The graph itself is left as it was.
    expect(g.names).toEqual(['v', 'x']);
  });

  it('refuses a mechanism that reads its own observed value, by name', () => {
    const g = new Graph([
      { kind: 'deterministic', name: 'm', expr: call('add', [ref('x'), constant(scalar(1))]) },
      normal(ref('m')),
    ]);
    expect(() => unobserveInOrder(g, ['x'])).toThrow(
      "query: 'm' reads 'x', which the query draws anew, but 'x' depends on 'm': with 'x' no longer fixed to its observed values the model has a cycle (a mechanism that reads its own observed values cannot be re-drawn)",
    );
  });
});
