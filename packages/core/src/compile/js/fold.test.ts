import { afterAll, describe, expect, it } from 'vitest';
import { doIntervention } from '../../causal/do.js';
import { getDistribution } from '../../distributions/distribution.js';
import type { Graph } from '../../graph/graph.js';
import {
  Exponential,
  gradientError,
  HalfCauchy,
  HalfNormal,
  ModelBuilder,
  Normal,
  prev,
  sqrt,
  square,
  t,
} from '../../index.js';
import { type CompiledModel, compile } from '../compile.js';
import { buildFamily, families } from '../test-families.js';
import { pointsNear } from '../tfjs/test-helpers.js';

// The js backend folds work on literals at build time and simplifies the generated code; with
// `fold: false` it emits the op templates as written. Folding replaces an expression by the value
// the same JavaScript would compute, and drops only identities exact in floating point (x − 0,
// x · 1, x / 1; x + 0 up to the sign of a zero). What may differ is the order in which gradient
// contributions are added (a sum whose adjoint is 1 accumulates its gradient in its forward
// loop): a few roundings, so values and gradients must agree to a relative 1e-12 (of
// max(1, |value|), and of max(1, ‖gradient‖∞) per component); most agree bit for bit.

const REL = 1e-12;

interface Discrepancy {
  value: number;
  gradient: number;
  identical: boolean;
}

function discrepancy(a: CompiledModel, b: CompiledModel, theta: Float64Array): Discrepancy {
  // Stale numbers in the output: every entry must be written, whatever was there before.
  const ga = new Float64Array(a.dim).fill(Number.NaN);
  const gb = new Float64Array(b.dim).fill(12.5);
  const va = a.logDensityAndGradient(theta, ga);
  const vb = b.logDensityAndGradient(theta, gb);
  expect(a.logDensity(theta)).toBe(va);
  expect(b.logDensity(theta)).toBe(vb);
  const value = Object.is(va, vb) ? 0 : Math.abs(va - vb) / Math.max(1, Math.abs(vb));
  let scale = 1;
  for (const g of gb) scale = Math.max(scale, Math.abs(g));
  let gradient = 0;
  let identical = Object.is(va, vb);
  for (let i = 0; i < a.dim; i++) {
    if (!Object.is(ga[i], gb[i])) identical = false;
    if (!(Number.isNaN(ga[i]) && Number.isNaN(gb[i])) && ga[i] !== gb[i])
      gradient = Math.max(gradient, Math.abs(ga[i] - gb[i]) / scale);
  }
  return { value: Number.isNaN(value) ? Number.POSITIVE_INFINITY : value, gradient, identical };
}

/** Folded against unfolded at the points; also the natural-scale values (`constrain`). */
function compareFolding(graph: Graph, points: readonly Float64Array[]): Discrepancy {
  const folded = compile(graph);
  const plain = compile(graph, { fold: false });
  expect(folded.dim).toBe(plain.dim);
  let worst: Discrepancy = { value: 0, gradient: 0, identical: true };
  for (const p of points) {
    const d = discrepancy(folded, plain, p);
    worst = {
      value: Math.max(worst.value, d.value),
      gradient: Math.max(worst.gradient, d.gradient),
      identical: worst.identical && d.identical,
    };
    const cf = folded.constrain(p);
    const cp = plain.constrain(p);
    for (const [name, v] of Object.entries(cp)) expect(Array.from(cf[name].data)).toEqual(Array.from(v.data));
  }
  return worst;
}

const tally = { models: 0, identical: 0, value: 0, gradient: 0 };
afterAll(() => {
  console.log(
    `folded vs unfolded over ${tally.models} models: ${tally.identical} bit-identical; worst value ${tally.value.toExponential(2)}, gradient ${tally.gradient.toExponential(2)}`,
  );
});

function check(graph: Graph, points: readonly Float64Array[]): void {
  const d = compareFolding(graph, points);
  tally.models++;
  if (d.identical) tally.identical++;
  tally.value = Math.max(tally.value, d.value);
  tally.gradient = Math.max(tally.gradient, d.gradient);
  expect(d.value).toBeLessThanOrEqual(REL);
  expect(d.gradient).toBeLessThanOrEqual(REL);
}

describe('every family: the folded program computes what the unfolded one does', () => {
  for (const f of families) {
    it(`${f.label}, parameters latent and parameters literal`, () => {
      const { graph, theta } = buildFamily(getDistribution(f.name), f.params);
      check(graph, pointsNear(theta, 3, 0.3, 5));
      // The same parameters fixed to numbers (do): literal scales and shapes, the folding case.
      const at = compile(graph).constrain(theta);
      const fixed = doIntervention(
        graph,
        Object.fromEntries(
          Object.keys(at)
            .filter((n) => n.startsWith('p_'))
            .map((n) => [n, at[n]]),
        ),
      );
      const model = compile(fixed);
      const x = model.dim > 0 ? model.unconstrain({ x: at.x }) : new Float64Array(0);
      check(fixed, pointsNear(x, 3, 0.3, 6));
    });
  }
});

function eightSchools(): Graph {
  const m = new ModelBuilder();
  m.data('J', { type: 'int' });
  m.data('y', { dims: ['J'] });
  const sigma = m.data('sigma', { dims: ['J'], lower: 0 });
  const mu = m.random('mu', Normal(0, 5));
  const tau = m.random('tau', HalfCauchy(5));
  const z = m.random('z', Normal(0, 1), { dims: ['J'] });
  m.random('y', Normal(mu.add(tau.mul(z)), sigma));
  return m.build({ J: 8, y: [28, 8, -3, 7, -1, 1, 18, 12], sigma: [15, 10, 16, 11, 9, 11, 10, 18] });
}

describe('folding in whole models', () => {
  it('eight schools: no work on literals is left, and the log-density is the textbook one', () => {
    const g = eightSchools();
    const folded = compile(g);
    const plain = compile(g, { fold: false });
    for (const waste of ['Math.log(5)', '5 > 0', '1 / 5', '- 0)', 'Math.log(1)']) {
      expect(plain.source).toContain(waste);
      expect(folded.source).not.toContain(waste);
    }
    // The data-only guard σ > 0 holds for every σ, so it is gone from the per-call code.
    expect(plain.source).toMatch(/k\d+\[i\d+\] > 0/);
    expect(folded.source).not.toMatch(/k\d+\[i\d+\] > 0/);
    const ys = [28, 8, -3, 7, -1, 1, 18, 12];
    const sigmas = [15, 10, 16, 11, 9, 11, 10, 18];
    const theta = Float64Array.from({ length: 10 }, (_, i) => 0.4 * Math.cos(3 * i + 1));
    const tau = Math.exp(theta[1]);
    const HALF_LOG_2PI = 0.9189385332046728;
    let want = -0.5 * (theta[0] / 5) ** 2 - Math.log(5) - HALF_LOG_2PI; // mu ~ N(0, 5)
    want += Math.log(2 / (Math.PI * 5)) - Math.log1p((tau / 5) ** 2) + theta[1]; // HalfCauchy + Jacobian
    for (let j = 0; j < 8; j++) {
      const z = theta[2 + j];
      const e = (ys[j] - theta[0] - tau * z) / sigmas[j];
      want += -0.5 * z * z - HALF_LOG_2PI - 0.5 * e * e - Math.log(sigmas[j]) - HALF_LOG_2PI;
    }
    expect(folded.logDensity(theta)).toBeCloseTo(want, 11);
    expect(gradientError(folded, theta).maxRelError).toBeLessThan(1e-6);
    check(g, pointsNear(theta, 4, 1, 3));
  });

  it('a data guard is dropped only where every element passes it: x ≥ 0 for Exponential data', () => {
    const model = (xs: number[]) => {
      const m = new ModelBuilder();
      const s = m.random('s', HalfNormal(1));
      m.random('x', Exponential(s), { observed: xs });
      return m.build();
    };
    const inside = compile(model([1, 2]));
    const outside = compile(model([-1, 2]));
    expect(inside.source).not.toMatch(/k\d+\[i\d+\] >= 0/);
    expect(outside.source).toMatch(/k\d+\[i\d+\] >= 0/);
    // log HalfNormal(e^u | 1) + u + Σ (log λ − λx) at u = 0.3
    const lam = Math.exp(0.3);
    const want = Math.log(2) - 0.9189385332046728 - 0.5 * lam * lam + 0.3 + 2 * Math.log(lam) - 3 * lam;
    expect(inside.logDensity([0.3])).toBeCloseTo(want, 12);
    expect(outside.logDensity([0.3])).toBe(Number.NEGATIVE_INFINITY);
    expect(compile(model([-1, 2]), { fold: false }).logDensity([0.3])).toBe(Number.NEGATIVE_INFINITY);
  });

  it('a recurrence (GARCH) and a values-only node: same numbers, and the node is not in the hot path', () => {
    const y = [0.2, -0.5, 1.1, 0.3, -0.9, 0.4];
    const m = new ModelBuilder();
    const yd = m.data('y', { dims: [6] }, y);
    const a0 = m.random('a0', HalfNormal(1));
    const a1 = m.random('a1', HalfNormal(1));
    const mu = m.random('mu', Normal(0, 1));
    const s = m.recurrence('s', {
      length: 6,
      init: [0.5],
      step: sqrt(a0.add(a1.mul(square(yd.at(t().sub(1)).sub(mu)))).add(square(prev()).mul(0.3))),
    });
    m.random('y', Normal(mu, s));
    m.let('never_read', square(mu).mul(17.25));
    const g = m.build();
    const folded = compile(g);
    const theta = Float64Array.from([Math.log(0.4), Math.log(0.2), 0.1]);
    check(g, pointsNear(theta, 4, 0.5, 9));
    expect(folded.constrain(theta).never_read.data[0]).toBeCloseTo(0.01 * 17.25, 14);
    const valuesFn = folded.source.slice(folded.source.indexOf('function values('));
    const hotFns = folded.source.slice(0, folded.source.indexOf('function values('));
    expect(valuesFn).toContain('17.25');
    expect(hotFns).not.toContain('17.25');
    expect(gradientError(folded, theta).maxRelError).toBeLessThan(1e-6);
  });
});
