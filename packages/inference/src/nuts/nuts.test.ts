import { DoplError, Rng } from '@dopl/core';
import { afterEach, describe, expect, it } from 'vitest';
import { DenseMetric, DiagonalMetric, type Metric } from './metric.js';
import { createNutsWorkspace, nutsTransition } from './nuts.js';
import { createPhasePoint, hamiltonian, type PhasePoint } from './phase-point.js';
import { evaluateTarget, type Target } from './target.js';
import { funnel, standardNormal } from './test-targets.js';

function pointAt(target: Target, q: ArrayLike<number>): PhasePoint {
  const z = createPhasePoint(target.dim);
  z.q.set(q);
  z.lp = evaluateTarget(target, z.q, z.grad);
  return z;
}

const flat: Target = {
  dim: 2,
  logDensityAndGradient(_q, g) {
    g.fill(0);
    return 0;
  },
};

describe('nutsTransition', () => {
  it('never turns on a flat target: full depth, 2^depth − 1 leapfrog steps, exact energy', () => {
    const ws = createNutsWorkspace(flat, new DiagonalMetric(2), { maxTreeDepth: 6 });
    const z = pointAt(flat, [0, 0]);
    const s = nutsTransition(ws, z, 0.1, new Rng(1));
    expect(s.treeDepth).toBe(6);
    expect(s.nLeapfrog).toBe(63);
    expect(s.acceptStat).toBe(1);
    expect(s.divergent).toBe(false);
  });

  it('respects maxTreeDepth = 1 (a single leapfrog step)', () => {
    const target = standardNormal(3);
    const ws = createNutsWorkspace(target, new DiagonalMetric(3), { maxTreeDepth: 1 });
    const z = pointAt(target, [0.3, 0.1, -0.2]);
    const rng = new Rng(2);
    for (let i = 0; i < 20; i++) {
      const s = nutsTransition(ws, z, 0.5, rng);
      expect(s.nLeapfrog).toBe(1);
      expect(s.treeDepth).toBeLessThanOrEqual(1);
    }
  });

  it('reports the Hamiltonian of the returned state as its energy', () => {
    const target = standardNormal(4);
    const metric = new DiagonalMetric(4, [1, 2, 0.5, 1]);
    const ws = createNutsWorkspace(target, metric);
    const z = pointAt(target, [1, 0, -1, 0.5]);
    const s = nutsTransition(ws, z, 0.4, new Rng(3));
    expect(s.energy).toBe(hamiltonian(z, metric));
    // The returned state carries its own log density and gradient.
    expect(z.lp).toBeCloseTo(-0.5 * z.q.reduce((a, x) => a + x * x, 0), 12);
    expect(Array.from(z.grad)).toEqual(Array.from(z.q, (x) => -x));
  });

  it('flags a divergence when the energy error exceeds 1000 and never leaves the support', () => {
    // A steep wall: log p = −10⁶ q² outside |q| < 1 is reached with a huge step.
    const wall: Target = {
      dim: 1,
      logDensityAndGradient(q, g) {
        const out = Math.max(0, Math.abs(q[0]) - 1);
        g[0] = -2e6 * out * Math.sign(q[0]);
        return -1e6 * out * out;
      },
    };
    const ws = createNutsWorkspace(wall, new DiagonalMetric(1));
    const z = pointAt(wall, [0.9]);
    let divergences = 0;
    const rng = new Rng(4);
    for (let i = 0; i < 50; i++) {
      if (nutsTransition(ws, z, 0.5, rng).divergent) divergences++;
      expect(z.lp).toBeGreaterThan(-1000);
    }
    expect(divergences).toBeGreaterThan(0);
  });

  it('treats a model error during the trajectory as a divergence, not a crash', () => {
    const fragile: Target = {
      dim: 1,
      logDensityAndGradient(q, g) {
        if (q[0] > 1) throw new DoplError('NaN inside the model');
        g[0] = -q[0];
        return -0.5 * q[0] * q[0];
      },
    };
    const ws = createNutsWorkspace(fragile, new DiagonalMetric(1));
    const z = pointAt(fragile, [0.95]);
    const rng = new Rng(5);
    let divergent = 0;
    for (let i = 0; i < 30; i++) if (nutsTransition(ws, z, 0.8, rng).divergent) divergent++;
    expect(divergent).toBeGreaterThan(0);
    expect(z.q[0]).toBeLessThanOrEqual(1);
  });

  // Exact invariance: if q ~ N(0, I) then one transition leaves it N(0, I), for any step size and
  // metric. Each of the n outputs starts from a fresh exact draw, so they are independent and the
  // standard errors are exact: sd(x) / √n with Var(x) = 1, Var(x²) = 2.
  const invariance = (name: string, metric: Metric, eps: number) =>
    it(`leaves N(0, I) invariant (${name}, ε = ${eps})`, () => {
      const dim = 3;
      const target = standardNormal(dim);
      const ws = createNutsWorkspace(target, metric);
      const rng = new Rng(`invariance-${name}`);
      const z = createPhasePoint(dim);
      const n = 20000;
      const m1 = new Float64Array(dim);
      const m2 = new Float64Array(dim);
      for (let k = 0; k < n; k++) {
        for (let i = 0; i < dim; i++) z.q[i] = rng.normal();
        z.lp = evaluateTarget(target, z.q, z.grad);
        nutsTransition(ws, z, eps, rng);
        for (let i = 0; i < dim; i++) {
          m1[i] += z.q[i] / n;
          m2[i] += (z.q[i] * z.q[i]) / n;
        }
      }
      for (let i = 0; i < dim; i++) {
        expect(Math.abs(m1[i])).toBeLessThan(4 * Math.sqrt(1 / n));
        expect(Math.abs(m2[i] - 1)).toBeLessThan(4 * Math.sqrt(2 / n));
      }
    });
  invariance('unit diagonal', new DiagonalMetric(3), 1.3);

  it('leaves the funnel invariant, divergences included', () => {
    // Exact draws: v ~ N(0, 3), xᵢ | v ~ N(0, e^{v/2}). Var(v) = 9, Var(v²) = 2·81.
    const dim = 3;
    const target = funnel(dim);
    const ws = createNutsWorkspace(target, new DiagonalMetric(dim));
    const rng = new Rng('invariance-funnel');
    const z = createPhasePoint(dim);
    const n = 20000;
    let m1 = 0;
    let m2 = 0;
    let divergent = 0;
    for (let k = 0; k < n; k++) {
      z.q[0] = 3 * rng.normal();
      for (let i = 1; i < dim; i++) z.q[i] = Math.exp(z.q[0] / 2) * rng.normal();
      z.lp = evaluateTarget(target, z.q, z.grad);
      if (nutsTransition(ws, z, 0.3, rng).divergent) divergent++;
      m1 += z.q[0] / n;
      m2 += (z.q[0] * z.q[0]) / n;
    }
    expect(divergent).toBeGreaterThan(0);
    expect(Math.abs(m1)).toBeLessThan(4 * Math.sqrt(9 / n));
    expect(Math.abs(m2 - 9)).toBeLessThan(4 * Math.sqrt(162 / n));
  });
  invariance('dense', new DenseMetric(3, [2, 0.6, 0, 0.6, 1, -0.3, 0, -0.3, 0.5]), 0.9);
});

describe('nutsTransition allocates nothing', () => {
  const Original = globalThis.Float64Array;
  const patched: Array<[object, string, unknown]> = [];
  afterEach(() => {
    globalThis.Float64Array = Original;
    for (const [obj, key, fn] of patched) (obj as Record<string, unknown>)[key] = fn;
    patched.length = 0;
  });

  it('creates no Float64Array across 2000 transitions', () => {
    const dim = 10;
    const target = standardNormal(dim);
    const ws = createNutsWorkspace(target, new DenseMetric(dim));
    const z = pointAt(target, new Array(dim).fill(0.5));
    const rng = new Rng(6);
    nutsTransition(ws, z, 0.5, rng); // warm the JIT outside the counted region

    let created = 0;
    globalThis.Float64Array = new Proxy(Original, {
      construct(t, args, nt) {
        created++;
        return Reflect.construct(t, args, nt);
      },
    });
    // Methods that build new arrays through the species constructor bypass the global.
    const proto = Object.getPrototypeOf(Original.prototype) as Record<string, unknown>;
    for (const key of ['slice', 'subarray', 'map', 'filter']) {
      const fn = proto[key] as (...a: unknown[]) => unknown;
      patched.push([proto, key, fn]);
      proto[key] = function (this: unknown, ...a: unknown[]) {
        created++;
        return fn.apply(this, a);
      };
    }
    let leapfrogs = 0;
    for (let i = 0; i < 2000; i++) leapfrogs += nutsTransition(ws, z, 0.5, rng).nLeapfrog;
    expect(leapfrogs).toBeGreaterThan(2000);
    expect(created).toBe(0);
  });
});
