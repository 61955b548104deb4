import { describe, expect, it } from 'vitest';
import {
  Bernoulli,
  compile,
  DoplError,
  exp,
  Gamma,
  type Graph,
  ModelBuilder,
  Normal,
  observe,
  Poisson,
  StudentT,
  sampleForward,
} from '../index.js';
import { dagModel, meanOf } from './test-helpers.js';
import { twin } from './twin.js';

/** Linear-Gaussian SCM: X = U_x; Y = 2X + U_y, with U_x, U_y ~ N(0, 1). */
function linear(): Graph {
  const m = new ModelBuilder();
  const x = m.random('x', Normal(0, 1));
  m.random('y', Normal(x.mul(2), 1));
  return m.build();
}

describe('twin(): which nodes are copied', () => {
  // z → x → m → y, z → y, w → y, z → k
  const g = () =>
    dagModel([
      ['z', []],
      ['w', []],
      ['x', ['z']],
      ['k', ['z']],
      ['m', ['x']],
      ['y', ['m', 'z', 'w']],
    ]);

  it('copies exactly the intervened node and its descendants; parents and siblings are shared', () => {
    const t = twin(g(), { intervention: { x: 1 } });
    expect(t.counterfactual).toEqual({ x: 'x_cf', m: 'm_cf', y: 'y_cf' });
    expect(t.world).toMatchObject({
      z: 'shared',
      w: 'shared',
      k: 'shared',
      x: 'factual',
      m: 'factual',
      y: 'factual',
      x_cf: 'counterfactual',
      m_cf: 'counterfactual',
      y_cf: 'counterfactual',
    });
    // The intervened x takes a value, so only m and y need their noise.
    expect(t.noise).toEqual({ m: 'm__u', y: 'y__u' });
    expect(t.graph.names.filter((n) => n.endsWith('_cf')).sort()).toEqual(['m_cf', 'x_cf', 'y_cf']);
    // The copy of y reads the counterfactual m and the shared z, w.
    expect(new Set(t.graph.parents('y_cf'))).toEqual(new Set(['m_cf', 'z', 'w', 'y__u']));
  });

  it('intervening on a child never copies its parents', () => {
    const t = twin(g(), { intervention: { y: 0 } });
    expect(t.counterfactual).toEqual({ y: 'y_cf' });
    expect(t.noise).toEqual({});
    expect(Object.entries(t.world).filter(([, w]) => w === 'counterfactual')).toEqual([
      ['y_cf', 'counterfactual'],
    ]);
  });

  it('leaves the factual nodes untouched and takes the suffix from the options', () => {
    const g0 = g();
    const t = twin(g0, { intervention: { m: 2 }, suffix: '_alt' });
    for (const n of g0.nodes) expect(t.graph.get(n.name)).toBe(n);
    expect(t.counterfactual).toEqual({ m: 'm_alt', y: 'y_alt' });
  });

  it('refuses a suffix that collides with an existing name', () => {
    const m = new ModelBuilder();
    const x = m.random('x', Normal(0, 1));
    m.random('x_cf', Normal(x, 1));
    expect(() => twin(m.build(), { intervention: { x: 1 } })).toThrow(
      "twin: cannot name the copy of 'x' 'x_cf': the name is taken (choose a suffix)",
    );
  });
});

describe('twin(): counterfactual values', () => {
  it('linear-Gaussian SCM: evidence X = 1, Y = 3 and do(X = 2) give Y_cf = 5 exactly', () => {
    // Abduction: U_y = Y − 2X = 3 − 2 = 1. Action: X := 2. Prediction: Y_cf = 2·2 + U_y = 5.
    const t = twin(linear(), { evidence: { x: 1, y: 3 }, intervention: { x: 2 } });
    const s = sampleForward(t.graph, { draws: 3, seed: 1, predictive: false });
    expect([...s.y__u.data]).toEqual([1, 1, 1]);
    expect([...s.y_cf.data]).toEqual([5, 5, 5]);
  });

  it('a shift do(x := x + 1) reads the factual x when no parent of x changes', () => {
    // x_cf = 1 + 1 = 2, and as above Y_cf = 2·2 + 1 = 5.
    const t = twin(linear(), { evidence: { x: 1, y: 3 }, intervention: { x: (x) => x.add(1) } });
    expect(t.graph.parents('x_cf')).toEqual(['x']);
    expect(sampleForward(t.graph, { draws: 1, seed: 1, predictive: false }).y_cf.data[0]).toBe(5);
  });

  it('a shift downstream of another intervention copies the natural mechanism with the factual noise', () => {
    // z ~ N(0,1); x ~ N(z, 1); y ~ N(2x, 1). Evidence z = 0, x = 0.5, y = 2 ⇒ U_x = 0.5, U_y = 1.
    // do(z = 1, x := natural + 1): natural x = 1 + 0.5 = 1.5, x_cf = 2.5, y_cf = 2·2.5 + 1 = 6.
    const m = new ModelBuilder();
    const z = m.random('z', Normal(0, 1));
    const x = m.random('x', Normal(z, 1));
    m.random('y', Normal(x.mul(2), 1));
    const t = twin(m.build(), {
      evidence: { z: 0, x: 0.5, y: 2 },
      intervention: { z: 1, x: (n) => n.add(1) },
    });
    const s = sampleForward(t.graph, { draws: 1, seed: 1, predictive: false });
    expect(s.x_natural_cf.data[0]).toBe(1.5);
    expect(s.x_cf.data[0]).toBe(2.5);
    expect(s.y_cf.data[0]).toBe(6);
  });

  it('Gamma with a shared shape: the standardized coupling is F′⁻¹(F(y)), here y·β/β′', () => {
    // y ~ Gamma(2, rate e^x): y·rate is Gamma(2, 1) in both worlds, so y_cf = 1.3·e^0/e^0.5.
    const m = new ModelBuilder();
    const x = m.random('x', Normal(0, 1));
    m.random('y', Gamma(2, exp(x)));
    const t = twin(m.build(), { evidence: { x: 0, y: 1.3 }, intervention: { x: 0.5 } });
    const s = sampleForward(t.graph, { draws: 1, seed: 1, predictive: false });
    expect(s.y_cf.data[0]).toBeCloseTo(1.3 * Math.exp(-0.5), 14);
  });
});

describe('twin(): inference on the factual world is unchanged', () => {
  // b ~ N(0, 1) (a global parameter, shared); x ~ N(0, 1); y ~ N(b·x, 0.5).
  function fitted(): Graph {
    const m = new ModelBuilder();
    const b = m.random('b', Normal(0, 1));
    const x = m.random('x', Normal(0, 1));
    m.random('y', Normal(b.mul(x), 0.5));
    return observe(m.build(), { x: 1, y: 3 });
  }

  it('the twin has the same latent layout and the same log-density and gradient at every point', () => {
    const g = fitted();
    const t = twin(g, { intervention: { x: 2 } });
    const a = compile(g);
    const c = compile(t.graph);
    expect(c.layout).toEqual(a.layout);
    const ga = new Float64Array(a.dim);
    const gc = new Float64Array(c.dim);
    for (const b of [-1.3, 0, 0.4, 2.5]) {
      expect(c.logDensityAndGradient([b], gc)).toBe(a.logDensityAndGradient([b], ga));
      expect([...gc]).toEqual([...ga]);
    }
  });

  it('for each value of the global b, y_cf = 2b + (3 − b): the noise is abducted given b', () => {
    // U_y = (3 − b·1)/0.5; y_cf = b·2 + 0.5·U_y = 2b + 3 − b = b + 3.
    const c = compile(twin(fitted(), { intervention: { x: 2 } }).graph);
    for (const b of [-1.3, 0, 0.4, 2.5]) expect(c.constrain([b]).y_cf.data[0]).toBeCloseTo(b + 3, 14);
  });

  it('a discrete evidence node gets a Uniform(0, 1) latent: its density is 1, so the factual log-density only gains the bijector term', () => {
    const m = new ModelBuilder();
    const x = m.random('x', Bernoulli({ p: 0.4 }));
    m.random('y', Bernoulli({ p: x.mul(0.5).add(0.2) }));
    const g = observe(m.build(), { x: 1, y: 1 });
    const t = twin(g, { intervention: { x: 0 } });
    expect(t.noise).toEqual({ y: 'y__u' });
    expect(t.graph.get('y__v')).toMatchObject({ kind: 'random', dist: { name: 'Uniform' } });
    const c = compile(t.graph);
    // One latent: v on the logit scale, θ. Its log-Jacobian is log σ(θ) + log(1 − σ(θ)).
    const base = compile(g).logDensity([]);
    for (const th of [-2, 0, 1.5]) {
      const s = 1 / (1 + Math.exp(-th));
      expect(c.logDensity([th])).toBeCloseTo(base + Math.log(s) + Math.log(1 - s), 12);
    }
  });
});

describe('twin(): what cannot be copied', () => {
  it('a Poisson descendant has no graph form yet, and the error says where to go', () => {
    const m = new ModelBuilder();
    const x = m.random('x', Normal(0, 1));
    m.random('y', Poisson({ log_mu: x }));
    expect(() => twin(m.build(), { intervention: { x: 1 } })).toThrow(
      /twin: cannot copy 'y': the structural form of Poisson cannot be written with graph ops .*counterfactualDraws/,
    );
  });

  it('a StudentT whose ν differs between the worlds is refused', () => {
    const m = new ModelBuilder();
    const x = m.random('x', Gamma(2, 1));
    m.random('y', StudentT(x, 0, 1));
    expect(() => twin(m.build(), { intervention: { x: 3 } })).toThrow(DoplError);
    expect(() => twin(m.build(), { intervention: { x: 3 } })).toThrow("shape parameter 'nu' differs");
  });

  it('an empty intervention is an error', () => {
    expect(() => twin(linear(), { intervention: {} })).toThrow('twin: the intervention names no node');
  });
});

describe('twin(): sampling the Bernoulli twin', () => {
  it('P(Y_{x=0} = 0 | X = 1, Y = 1) matches b/(a + b) (u_y uniform on [0, a + b))', () => {
    // a = 0.2, b = 0.5: Y = 1[u < a + bX]; evidence u ∈ [0, 0.7); Y_0 = 0 iff u ≥ 0.2: 0.5/0.7.
    const m = new ModelBuilder();
    const x = m.random('x', Bernoulli({ p: 0.4 }));
    m.random('y', Bernoulli({ p: x.mul(0.5).add(0.2) }));
    const t = twin(m.build(), { evidence: { x: 1, y: 1 }, intervention: { x: 0 } });
    const s = sampleForward(t.graph, { draws: 20000, seed: 5, predictive: false });
    const pn = 1 - meanOf(s.y_cf.data);
    const exact = 0.5 / 0.7;
    expect(Math.abs(pn - exact)).toBeLessThan(5 * Math.sqrt((exact * (1 - exact)) / 20000));
    for (const u of s.y__u.data) expect(u >= 0 && u < 0.7).toBe(true);
  });
});
