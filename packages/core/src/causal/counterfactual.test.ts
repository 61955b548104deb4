import { describe, expect, it } from 'vitest';
import {
  Bernoulli,
  exp,
  Gamma,
  type Graph,
  getDistribution,
  LogNormal,
  ModelBuilder,
  Normal,
  observe,
  Poisson,
  StudentT,
  sampleForward,
} from '../index.js';
import { abductNoise, applyNoise } from './abduct.js';
import { counterfactualDraws } from './counterfactual.js';
import { meanOf, uniformProbability } from './test-helpers.js';
import { twin } from './twin.js';

/** Linear-Gaussian SCM: X = U_x; Y = 2X + U_y. */
function linear(): Graph {
  const m = new ModelBuilder();
  const x = m.random('x', Normal(0, 1));
  m.random('y', Normal(x.mul(2), 1));
  return m.build();
}

/** |mean − exact| ≤ 5 Monte Carlo standard errors of a proportion. */
const expectProportionNear = (p: number, exact: number, n: number) =>
  expect(Math.abs(p - exact)).toBeLessThanOrEqual(5 * Math.sqrt((exact * (1 - exact)) / n));

describe('counterfactualDraws: continuous families (exact)', () => {
  it('linear-Gaussian SCM: evidence X = 1, Y = 3 and do(X = 2) give Y_cf = 5 in every draw', () => {
    // U_y = 3 − 2·1 = 1; Y_cf = 2·2 + 1 = 5.
    const r = counterfactualDraws(linear(), {
      evidence: { x: 1, y: 3 },
      intervention: { x: 2 },
      target: ['x', 'y'],
      draws: 4,
      seed: 1,
    });
    expect(r.y.shape).toEqual([4]);
    expect([...r.y.data]).toEqual([5, 5, 5, 5]);
    expect([...r.x.data]).toEqual([2, 2, 2, 2]);
  });

  it('observed nodes of the graph are evidence too', () => {
    const r = counterfactualDraws(observe(linear(), { x: 1, y: 3 }), {
      intervention: { x: 2 },
      target: 'y',
      draws: 2,
    });
    expect([...r.y.data]).toEqual([5, 5]);
  });

  it('global parameters given per draw: the noise is abducted under each draw of b', () => {
    // y ~ N(b·x, 1): U_y = 3 − b, Y_cf = 2b + 3 − b = b + 3 for b = 0.5, 1, 2.
    const m = new ModelBuilder();
    const b = m.random('b', Normal(0, 1));
    const x = m.random('x', Normal(0, 1));
    m.random('y', Normal(b.mul(x), 1));
    const r = counterfactualDraws(m.build(), {
      evidence: { x: 1, y: 3 },
      intervention: { x: 2 },
      target: 'y',
      given: { b: { shape: [3], data: Float64Array.of(0.5, 1, 2) } },
    });
    expect([...r.y.data]).toEqual([3.5, 4, 5]);
  });

  it('a latent upstream of the evidence that is not given is an error', () => {
    const m = new ModelBuilder();
    const b = m.random('b', Normal(0, 1));
    const x = m.random('x', Normal(0, 1));
    m.random('y', Normal(b.mul(x), 1));
    expect(() =>
      counterfactualDraws(m.build(), { evidence: { x: 1, y: 3 }, intervention: { x: 2 }, target: 'y' }),
    ).toThrow(
      "counterfactualDraws: 'b' is latent and upstream of the evidence, so its noise cannot be abducted exactly; give its (posterior) draws in 'given', or use twin() with a sampler",
    );
  });

  it('LogNormal: the noise lives on the log scale', () => {
    // log y = x + 0.5·u: evidence x = 0, y = e^0.5 ⇒ u = 1; do(x = 1) ⇒ y_cf = e^{1.5}.
    const m = new ModelBuilder();
    const x = m.random('x', Normal(0, 1));
    m.random('y', LogNormal(x, 0.5));
    const r = counterfactualDraws(m.build(), {
      evidence: { x: 0, y: Math.exp(0.5) },
      intervention: { x: 1 },
      target: 'y',
      draws: 1,
    });
    expect(r.y.data[0]).toBeCloseTo(Math.exp(1.5), 12);
  });

  it('agrees with the twin network on a Gamma (CDF coupling = standardized coupling)', () => {
    // u = P(2, e^x·y), y_cf = P⁻¹(2, u)/e^{x′}: with x = 0, y = 1.3, x′ = 0.5 that is 1.3·e^{−0.5}.
    const m = new ModelBuilder();
    const x = m.random('x', Normal(0, 1));
    m.random('y', Gamma(2, exp(x)));
    const evidence = { x: 0, y: 1.3 };
    const r = counterfactualDraws(m.build(), { evidence, intervention: { x: 0.5 }, target: 'y', draws: 1 });
    expect(r.y.data[0]).toBeCloseTo(1.3 * Math.exp(-0.5), 9);
    const t = twin(m.build(), { evidence, intervention: { x: 0.5 } });
    expect(sampleForward(t.graph, { draws: 1, predictive: false }).y_cf.data[0]).toBeCloseTo(r.y.data[0], 9);
  });

  it('a StudentT whose ν changes (which the twin refuses) is handled through its quantile', () => {
    // u = T_3((y − 0)/1) = T_3(1.2); y_cf = T_ν′⁻¹(u) with ν′ = 10.
    const m = new ModelBuilder();
    const nu = m.random('nu', Gamma(2, 0.1));
    m.random('y', StudentT(nu, 0, 1));
    const r = counterfactualDraws(m.build(), {
      evidence: { nu: 3, y: 1.2 },
      intervention: { nu: 10 },
      target: 'y',
      draws: 1,
    });
    const u = abductNoise('StudentT', { nu: 3, mu: 0, sigma: 1 }, 1.2);
    expect(u.kind).toBe('point');
    if (u.kind === 'point')
      expect(r.y.data[0]).toBeCloseTo(applyNoise('StudentT', { nu: 10, mu: 0, sigma: 1 }, u.u), 12);
    // Heavier tails at ν = 3 ⇒ the same quantile sits closer to 0 at ν = 10.
    expect(r.y.data[0]).toBeLessThan(1.2);
  });
});

describe('counterfactualDraws: kinds of intervention and unit-level data', () => {
  it('a shift downstream of a value intervention recomputes the natural value with the factual noise', () => {
    // z ~ N(0,1); x ~ N(z, 1); y ~ N(2x, 1). Evidence z = 0, x = 0.5, y = 2 ⇒ U_x = 0.5, U_y = 1.
    // do(z = 1, x := natural + 1): natural x = 1.5, x_cf = 2.5, y_cf = 2·2.5 + 1 = 6 (as in the twin).
    const m = new ModelBuilder();
    const z = m.random('z', Normal(0, 1));
    const x = m.random('x', Normal(z, 1));
    m.random('y', Normal(x.mul(2), 1));
    const r = counterfactualDraws(m.build(), {
      evidence: { z: 0, x: 0.5, y: 2 },
      intervention: { z: 1, x: (n) => n.add(1) },
      target: ['x', 'y'],
      draws: 2,
    });
    expect([...r.x.data]).toEqual([2.5, 2.5]);
    expect([...r.y.data]).toEqual([6, 6]);
  });

  it('a stochastic intervention draws the new mechanism afresh and keeps the factual noise downstream', () => {
    // do(x ~ N(5, 0.001)), U_y = 1 ⇒ y_cf = 2·x_cf + 1 ∈ 11 ± 0.01 (10 sd); y_cf − 2·x_cf = 1 exactly.
    const r = counterfactualDraws(linear(), {
      evidence: { x: 1, y: 3 },
      intervention: { x: Normal(5, 0.001) },
      target: ['x', 'y'],
      draws: 200,
      seed: 3,
    });
    for (let i = 0; i < 200; i++) {
      expect(Math.abs(r.y.data[i] - 11)).toBeLessThan(0.01);
      expect(r.y.data[i] - 2 * r.x.data[i]).toBeCloseTo(1, 12);
    }
  });

  it('vector nodes: each unit keeps its own noise', () => {
    // u = y − 2x = [1, 0, 3]; do(x = 1) ⇒ y_cf = 2 + u = [3, 2, 5].
    const m = new ModelBuilder();
    const x = m.random('x', Normal(0, 1), { dims: [3] });
    m.random('y', Normal(x.mul(2), 1), { dims: [3] });
    const evidence = { x: [0, 1, 2], y: [1, 2, 7] };
    const r = counterfactualDraws(m.build(), { evidence, intervention: { x: 1 }, target: 'y', draws: 2 });
    expect(r.y.shape).toEqual([2, 3]);
    expect([...r.y.data]).toEqual([3, 2, 5, 3, 2, 5]);
    const t = twin(m.build(), { evidence, intervention: { x: 1 } });
    expect([...sampleForward(t.graph, { draws: 1, predictive: false }).y_cf.data]).toEqual([3, 2, 5]);
  });
});

describe('counterfactualDraws: probabilities of causation in a binary SCM (Tian & Pearl 2000)', () => {
  // X ~ Bernoulli(0.4); Y = 1[u_y < a + b·X] with a = 0.2, b = 0.5: inverse-CDF coupling makes Y
  // monotone in X (u < a ⇒ u < a + b), and X has no parents, so X is exogenous.
  const a = 0.2;
  const b = 0.5;
  const scm = () => {
    const m = new ModelBuilder();
    const x = m.random('x', Bernoulli({ p: 0.4 }));
    m.random('y', Bernoulli({ p: x.mul(b).add(a) }));
    return m.build();
  };
  // P(y | x) = a + b, P(y | x′) = a.
  const pyx = a + b;
  const pyx0 = a;
  const N = 20000;

  it('PN = P(Y_{x=0} = 0 | X = 1, Y = 1) equals the Tian–Pearl lower bound (ERR) under monotonicity', () => {
    // Exact: the evidence pins u_y to [0, a + b); under do(X = 0), Y = 0 iff u_y ≥ a.
    const I = abductNoise('Bernoulli', { p: pyx }, 1);
    expect(I).toMatchObject({ kind: 'interval', lo: 0, hi: pyx });
    if (I.kind !== 'interval') return;
    const exact = uniformProbability(I.lo, I.hi, [a], (u) =>
      applyNoise('Bernoulli', { p: a }, u) === 0 ? 1 : 0,
    );
    // Tian & Pearl (2000), exogenous X: max{0, [P(y|x) − P(y|x′)]/P(y|x)} ≤ PN ≤ min{1, P(y′|x′)/P(y|x)}.
    const lower = Math.max(0, (pyx - pyx0) / pyx);
    const upper = Math.min(1, (1 - pyx0) / pyx);
    expect(exact).toBeCloseTo(b / (a + b), 14);
    expect(exact).toBeCloseTo(lower, 14);
    expect(exact).toBeLessThanOrEqual(upper);
    const r = counterfactualDraws(scm(), {
      evidence: { x: 1, y: 1 },
      intervention: { x: 0 },
      target: 'y',
      draws: N,
      seed: 7,
    });
    expectProportionNear(1 - meanOf(r.y.data), exact, N);
  });

  it('PS = P(Y_{x=1} = 1 | X = 0, Y = 0) equals its Tian–Pearl lower bound under monotonicity', () => {
    // Exact: the evidence pins u_y to [a, 1); under do(X = 1), Y = 1 iff u_y < a + b.
    const I = abductNoise('Bernoulli', { p: pyx0 }, 0);
    if (I.kind !== 'interval') throw new Error('expected an interval');
    const exact = uniformProbability(I.lo, I.hi, [a + b], (u) => applyNoise('Bernoulli', { p: pyx }, u));
    // max{0, [P(y|x) − P(y|x′)]/P(y′|x′)} ≤ PS ≤ min{1, P(y|x)/P(y′|x′)}.
    const lower = Math.max(0, (pyx - pyx0) / (1 - pyx0));
    const upper = Math.min(1, pyx / (1 - pyx0));
    expect(exact).toBeCloseTo(b / (1 - a), 14);
    expect(exact).toBeCloseTo(lower, 14);
    expect(exact).toBeLessThanOrEqual(upper);
    const r = counterfactualDraws(scm(), {
      evidence: { x: 0, y: 0 },
      intervention: { x: 1 },
      target: 'y',
      draws: N,
      seed: 8,
    });
    expectProportionNear(meanOf(r.y.data), exact, N);
  });
});

describe('counterfactualDraws: a count outcome', () => {
  it('Poisson: y_cf follows the uniform noise on the abducted interval, exactly enumerated', () => {
    // y ~ Poisson(e^x). Evidence x = 0, y = 1 ⇒ u ∈ [F(0; 1), F(1; 1)). do(x = log 2): y_cf = F⁻¹(u; 2),
    // constant between the cuts F(k; 2); E[y_cf] is the length-weighted mean over the cells.
    const m = new ModelBuilder();
    const x = m.random('x', Normal(0, 1));
    m.random('y', Poisson({ log_mu: x }));
    const cdf = getDistribution('Poisson').cdf!;
    const lo = cdf(0, { mu: 1 });
    const hi = cdf(1, { mu: 1 });
    const cuts = [0, 1, 2, 3, 4, 5].map((k) => cdf(k, { mu: 2 }));
    const exactMean = uniformProbability(lo, hi, cuts, (u) => applyNoise('Poisson', { mu: 2 }, u));
    // The cells: y_cf ∈ {1, 2, 3}; by hand, (F(1;2) − e⁻¹)·1 + (F(2;2) − F(1;2))·2 + (2e⁻¹ − F(2;2))·3 over e⁻¹.
    const e2 = Math.exp(-2);
    const byHand = ((3 * e2 - lo) * 1 + (5 * e2 - 3 * e2) * 2 + (hi - 5 * e2) * 3) / (hi - lo);
    expect(exactMean).toBeCloseTo(byHand, 12);
    const N = 20000;
    const r = counterfactualDraws(m.build(), {
      evidence: { x: 0, y: 1 },
      intervention: { x: Math.log(2) },
      target: 'y',
      draws: N,
      seed: 9,
    });
    // A higher rate never lowers the count under the inverse-CDF coupling.
    expect(Math.min(...r.y.data)).toBeGreaterThanOrEqual(1);
    expect(Math.max(...r.y.data)).toBeLessThanOrEqual(3);
    const sd = Math.sqrt(meanOf(r.y.data.map((v) => (v - exactMean) ** 2)));
    expect(Math.abs(meanOf(r.y.data) - exactMean)).toBeLessThanOrEqual((5 * sd) / Math.sqrt(N));
  });
});
