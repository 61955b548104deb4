import { describe, expect, it } from 'vitest';
import * as dopl from '../index.js';
import {
  compile,
  DoplError,
  doIntervention,
  type Graph,
  ModelBuilder,
  Normal,
  observe,
  sampleForward,
  sum,
} from '../index.js';

// --- small statistics helpers (Monte Carlo standard errors) ---------------------------------
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
const corrOf = (a: ArrayLike<number>, b: ArrayLike<number>) => {
  const ma = meanOf(a);
  const mb = meanOf(b);
  let sab = 0;
  let saa = 0;
  let sbb = 0;
  for (let i = 0; i < a.length; i++) {
    sab += (a[i] - ma) * (b[i] - mb);
    saa += (a[i] - ma) ** 2;
    sbb += (b[i] - mb) ** 2;
  }
  return sab / Math.sqrt(saa * sbb);
};
/** |mean − exact| ≤ 5·sd/√n */
const expectMeanNear = (xs: ArrayLike<number>, exact: number) => {
  const tol = (5 * sdOf(xs)) / Math.sqrt(xs.length);
  expect(Math.abs(meanOf(xs) - exact)).toBeLessThanOrEqual(tol);
};
/** Sample sd of n normal draws has standard error ≈ σ/√(2n); allow 5 of those. */
const expectSdNear = (xs: ArrayLike<number>, exact: number) => {
  expect(Math.abs(sdOf(xs) - exact)).toBeLessThanOrEqual((5 * exact) / Math.sqrt(2 * xs.length));
};

const N = 20000;

/** Linear-Gaussian SCM: Z ~ N(0,1); X = 0.8 Z + U_x, U_x ~ N(0,1); Y ~ N(1.5 X − 1.2 Z, 0.5). */
function scm(): Graph {
  const m = new ModelBuilder();
  const z = m.random('z', Normal(0, 1));
  const x = m.random('x', Normal(z.mul(0.8), 1));
  m.random('y', Normal(x.mul(1.5).sub(z.mul(1.2)), 0.5));
  return m.build();
}

describe('do(): interventional vs observational distributions in a linear-Gaussian SCM', () => {
  it('E[Y | do(X=1)] = 1.5 by forward sampling, which differs from E[Y | X=1] (confounded by Z)', () => {
    const g = scm();
    const s = sampleForward(doIntervention(g, { x: 1 }), { draws: N, seed: 11 });
    // Under do(X=1), Z is untouched (E[Z]=0), so E[Y] = 1.5·1 − 1.2·E[Z] = 1.5.
    // Var(Y) = 1.2²·1 + 0.5² = 1.69 (sd 1.3): the MCSE tolerance is 5·1.3/√20000 ≈ 0.046.
    expectMeanNear(s.y.data, 1.5);
    expectSdNear(s.y.data, 1.3);

    // Observational E[Y | X=1] by Gaussian conditioning: Cov(Z, X) = 0.8·Var(Z) = 0.8,
    // Var(X) = 0.8²·1 + 1 = 1.64, so E[Z | X=x] = 0 + Cov(Z,X)/Var(X)·(x − 0) = 0.8x/1.64.
    // E[Y | X=1] = 1.5·1 − 1.2·E[Z | X=1] = 1.5 − 1.2·0.8/1.64 ≈ 0.914634.
    const covZX = 0.8 * 1;
    const varX = 0.8 ** 2 * 1 + 1;
    const eZgivenX1 = (covZX / varX) * 1;
    const observational = 1.5 * 1 + -1.2 * eZgivenX1;
    expect(observational).toBeCloseTo(0.9146341463, 9);
    // The sampled interventional mean is far from the observational value (gap 0.585 ≫ 0.046).
    expect(Math.abs(meanOf(s.y.data) - observational)).toBeGreaterThan(0.4);
  });

  it('is also exported as `do`', () => {
    const g2 = dopl.do(scm(), { x: 1 });
    expect(g2.get('x').kind).toBe('deterministic');
  });
});

describe('do(): graph surgery', () => {
  it('makes the intervened node constant in every draw', () => {
    const s = sampleForward(doIntervention(scm(), { x: 1 }), { draws: 500, seed: 3 });
    expect(s.x.shape).toEqual([500]);
    for (const v of s.x.data) expect(v).toBe(1);
  });

  it('leaves the original graph untouched (x is still random after do)', () => {
    const g = scm();
    const g2 = doIntervention(g, { x: 1 });
    expect(g2).not.toBe(g);
    expect(g.get('x').kind).toBe('random');
    expect(g2.get('x').kind).toBe('deterministic');
    const s = sampleForward(g, { draws: N, seed: 5 });
    // Marginal of X in the original SCM: N(0, 0.8² + 1) = N(0, 1.64), sd √1.64 ≈ 1.2806.
    expectMeanNear(s.x.data, 0);
    expectSdNear(s.x.data, Math.sqrt(1.64));
  });

  it('never changes the marginal of a parent when intervening on a child (Z ~ N(0,1) under do(X=3))', () => {
    const s = sampleForward(doIntervention(scm(), { x: 3 }), { draws: N, seed: 7 });
    // Z's mechanism is N(0,1) and nothing upstream changed: mean 0, sd 1.
    expectMeanNear(s.z.data, 0);
    expectSdNear(s.z.data, 1);
    // And Y moved: E[Y | do(X=3)] = 1.5·3 − 1.2·0 = 4.5.
    expectMeanNear(s.y.data, 4.5);
  });
});

describe('do() and observe() commute on disjoint nodes', () => {
  it('do(x) then observe(y) has exactly the log-density of observe(y) then do(x)', () => {
    const g = scm();
    const a = compile(observe(doIntervention(g, { x: 1 }), { y: 0.7 }));
    const b = compile(doIntervention(observe(g, { y: 0.7 }), { x: 1 }));
    // Only z is latent in both orders.
    expect(a.dim).toBe(1);
    expect(b.dim).toBe(1);
    expect(a.layout.map((p) => p.name)).toEqual(b.layout.map((p) => p.name));
    for (const theta of [[0], [-1.3], [0.42], [2.5]]) {
      expect(a.logDensity(theta)).toBe(b.logDensity(theta));
    }
    // Sanity check of one value: log N(0; 0, 1) + log N(0.7; 1.5·1 − 1.2·0, 0.5)
    // = −½log(2π) + [−½log(2π) − log 0.5 − ½((0.7 − 1.5)/0.5)²] (constants may be dropped, so only
    // compare differences): ld(θ=0.42) − ld(θ=0) = −½·0.42² − ½[((0.7−1.5+1.2·0.42)/0.5)² − (0.8/0.5)²].
    const expected = -0.5 * 0.42 ** 2 - 0.5 * (((0.7 - 1.5 + 1.2 * 0.42) / 0.5) ** 2 - (0.8 / 0.5) ** 2);
    expect(a.logDensity([0.42]) - a.logDensity([0])).toBeCloseTo(expected, 10);
  });
});

describe('do() on an array-valued node', () => {
  const arrayModel = () => {
    const m = new ModelBuilder();
    const z = m.random('z', Normal(0, 1), { dims: [3] });
    m.random('y', Normal(sum(z), 1));
    return m.build();
  };

  it('do(z = [1,2,3]) gives those values in every draw', () => {
    const s = sampleForward(doIntervention(arrayModel(), { z: [1, 2, 3] }), { draws: 200, seed: 1 });
    expect(s.z.shape).toEqual([200, 3]);
    for (let d = 0; d < 200; d++) expect(Array.from(s.z.data.subarray(3 * d, 3 * d + 3))).toEqual([1, 2, 3]);
    // E[y] = 1 + 2 + 3 = 6, sd 1.
    expectMeanNear(s.y.data, 6);
  });

  it('broadcasts a scalar value to the node shape', () => {
    const s = sampleForward(doIntervention(arrayModel(), { z: 7 }), { draws: 50, seed: 2 });
    expect(s.z.shape).toEqual([50, 3]);
    for (const v of s.z.data) expect(v).toBe(7);
  });

  it('rejects a wrong-length array with a DoplError naming z', () => {
    const g = arrayModel();
    expect(() => doIntervention(g, { z: [1, 2] })).toThrow(DoplError);
    try {
      doIntervention(g, { z: [1, 2] });
    } catch (e) {
      expect((e as DoplError).node).toBe('z');
    }
  });
});

describe('stochastic and shift interventions', () => {
  it('do(x = Normal(5, 0.001)) moves the descendants to match x ≈ 5', () => {
    const m = new ModelBuilder();
    const z = m.random('z', Normal(0, 1));
    const x = m.random('x', Normal(z, 1));
    m.let('d', x.mul(2).add(1));
    m.random('y', Normal(x.sub(z), 0.001));
    const g = doIntervention(m.build(), { x: Normal(5, 0.001) });
    expect(g.get('x').kind).toBe('random');
    const s = sampleForward(g, { draws: 2000, seed: 9 });
    for (let i = 0; i < 2000; i++) {
      // x ~ N(5, 0.001): within 6 sd (0.006) in every draw (P(miss) ≈ 2e-9 per draw).
      expect(Math.abs(s.x.data[i] - 5)).toBeLessThan(0.006);
      // d := 2x + 1 exactly.
      expect(s.d.data[i]).toBe(2 * s.x.data[i] + 1);
      // y ~ N(x − z, 0.001) with x ≈ 5: within 6·0.001 of x − z.
      expect(Math.abs(s.y.data[i] - (s.x.data[i] - s.z.data[i]))).toBeLessThan(0.006);
    }
    // The intervention cut z → x: z keeps its N(0,1) marginal.
    expectMeanNear(s.z.data, 0);
  });

  it('a stochastic intervention on an array node keeps the node shape', () => {
    const m = new ModelBuilder();
    const z = m.random('z', Normal(0, 1), { dims: [3] });
    m.let('s', sum(z));
    const s = sampleForward(doIntervention(m.build(), { z: Normal(5, 0.001) }), { draws: 200, seed: 4 });
    expect(s.z.shape).toEqual([200, 3]);
    // Each z_i within 6·0.001 of 5; s = Σz within 3·0.006 of 15.
    for (const v of s.z.data) expect(Math.abs(v - 5)).toBeLessThan(0.006);
    for (const v of s.s.data) expect(Math.abs(v - 15)).toBeLessThan(0.018);
  });

  it('shift x => x·1.1 scales the mean by 1.1 and keeps the dependence on the parent', () => {
    // z ~ N(0,1); x ~ N(2 + 0.8 z, 1): E[x] = 2, Var(x) = 0.64 + 1 = 1.64, corr(x, z) = 0.8/√1.64 ≈ 0.6247.
    const m = new ModelBuilder();
    const z = m.random('z', Normal(0, 1));
    m.random('x', Normal(z.mul(0.8).add(2), 1));
    const g = m.build();
    const shifted = doIntervention(g, { x: (natural) => natural.mul(1.1) });
    const s = sampleForward(shifted, { draws: N, seed: 13 });
    // E[1.1 x] = 1.1·2 = 2.2; sd = 1.1·√1.64 ≈ 1.4087, tolerance 5·1.4087/√20000 ≈ 0.05.
    expectMeanNear(s.x.data, 2.2);
    // Correlation is scale-invariant: corr(1.1 x, z) = corr(x, z) = 0.8/√1.64.
    // SE of a sample correlation ≈ (1 − ρ²)/√n ≈ 0.61/141 ≈ 0.0043; allow 5 of those.
    const rho = 0.8 / Math.sqrt(1.64);
    const seRho = (1 - rho ** 2) / Math.sqrt(N);
    expect(Math.abs(corrOf(s.x.data, s.z.data) - rho)).toBeLessThanOrEqual(5 * seRho);
    // Same for the natural (unshifted) graph, sampled independently.
    const n = sampleForward(g, { draws: N, seed: 14 });
    expectMeanNear(n.x.data, 2);
    expect(Math.abs(corrOf(n.x.data, n.z.data) - rho)).toBeLessThanOrEqual(5 * seRho);
  });
});

describe('do() errors', () => {
  const thrown = (f: () => unknown): DoplError => {
    try {
      f();
    } catch (e) {
      expect(e).toBeInstanceOf(DoplError);
      return e as DoplError;
    }
    throw new Error('expected a DoplError, nothing was thrown');
  };

  it('rejects intervening on an observed node, mentioning "observed"', () => {
    const m = new ModelBuilder();
    const x = m.random('x', Normal(0, 1));
    m.random('y', Normal(x, 1), { observed: [0.1, 0.2] });
    const e = thrown(() => doIntervention(m.build(), { y: 0 }));
    expect(e.message).toMatch(/observed/);
    expect(e.node).toBe('y');
  });

  it('rejects intervening on a node observed via observe()', () => {
    const g = observe(scm(), { y: 0.3 });
    const e = thrown(() => doIntervention(g, { y: 0 }));
    expect(e.message).toMatch(/observed/);
  });

  it('rejects a NaN intervention value with a DoplError naming the node', () => {
    const e = thrown(() => doIntervention(scm(), { x: Number.NaN }));
    expect(e.node).toBe('x');
  });

  it('rejects a stochastic intervention whose arguments read a descendant (a cycle)', () => {
    // do(z = Normal(y, 1)) where y is a descendant of z: z → x → y → z.
    const m = new ModelBuilder();
    const z = m.random('z', Normal(0, 1));
    const x = m.random('x', Normal(z, 1));
    const y = m.random('y', Normal(x, 1));
    const g = m.build();
    thrown(() => doIntervention(g, { z: Normal(y, 1) }));
  });

  it('names the intervened node in the cycle error', () => {
    const m = new ModelBuilder();
    const z = m.random('z', Normal(0, 1));
    const y = m.random('y', Normal(z, 1));
    const e = thrown(() => doIntervention(m.build(), { z: Normal(y, 1) }));
    expect(e.node).toBe('z');
  });

  it('rejects an unknown node name', () => {
    const e = thrown(() => doIntervention(scm(), { nope: 1 }));
    expect(e.node).toBe('nope');
  });
});
