// The hand-written partial derivatives of every log-density template against central finite
// differences of the compiled log-density, with every parameter latent (Flat on the reals, HalfFlat
// on (0, ∞)) and the variable itself either latent (through its support's bijector) or observed.
import { describe, expect, test } from 'vitest';
import { type CompiledModel, compile } from '../../compile/compile.js';
import { constant, ref } from '../../graph/expr.js';
import { Graph } from '../../graph/graph.js';
import type { Node } from '../../graph/node.js';
import { scalar } from '../../tensor/index.js';
import { gradientError } from '../../testing/index.js';
import '../index.js';

type Domain = 'real' | 'positive';
type Point = Readonly<Record<string, number>>;

interface Family {
  readonly name: string;
  readonly params: Readonly<Record<string, Domain>>;
  /** Natural-scale parameter values and x; each lies inside the support, away from kinks. */
  readonly points: readonly Point[];
}

const families: readonly Family[] = [
  {
    name: 'HalfNormal',
    params: { sigma: 'positive' },
    points: [
      { sigma: 0.7, x: 0.4 },
      { sigma: 2, x: 3.1 },
      { sigma: 0.3, x: 0.05 },
    ],
  },
  {
    name: 'StudentT',
    params: { nu: 'positive', mu: 'real', sigma: 'positive' },
    points: [
      { nu: 3, mu: 0.5, sigma: 1.2, x: -0.7 },
      { nu: 0.8, mu: -2, sigma: 0.4, x: 1.5 },
      { nu: 25, mu: 3, sigma: 2, x: 4 },
    ],
  },
  {
    name: 'HalfStudentT',
    params: { nu: 'positive', sigma: 'positive' },
    points: [
      { nu: 3, sigma: 1, x: 0.6 },
      { nu: 0.7, sigma: 2.5, x: 4 },
      { nu: 12, sigma: 0.5, x: 0.2 },
    ],
  },
  {
    name: 'Cauchy',
    params: { alpha: 'real', beta: 'positive' },
    points: [
      { alpha: 0, beta: 1, x: 0.3 },
      { alpha: 2, beta: 0.3, x: -1 },
      { alpha: -1, beta: 4, x: 7 },
    ],
  },
  {
    name: 'HalfCauchy',
    params: { beta: 'positive' },
    points: [
      { beta: 1, x: 0.5 },
      { beta: 5, x: 12 },
      { beta: 0.2, x: 0.01 },
    ],
  },
  {
    name: 'Laplace',
    params: { mu: 'real', b: 'positive' },
    points: [
      { mu: 0, b: 1, x: 0.4 },
      { mu: 1.5, b: 0.2, x: 1.2 },
      { mu: -3, b: 2, x: 2 },
    ],
  },
  {
    name: 'Logistic',
    params: { mu: 'real', s: 'positive' },
    points: [
      { mu: 0, s: 1, x: 0.3 },
      { mu: -2, s: 3, x: -15 },
      { mu: 1, s: 0.2, x: 2 },
    ],
  },
  {
    name: 'Exponential',
    params: { lam: 'positive' },
    points: [
      { lam: 0.2, x: 3 },
      { lam: 1, x: 0.01 },
      { lam: 7, x: 0.5 },
    ],
  },
  {
    name: 'Gamma',
    params: { alpha: 'positive', beta: 'positive' },
    points: [
      { alpha: 0.5, beta: 1, x: 0.3 },
      { alpha: 2, beta: 3, x: 1.1 },
      { alpha: 50, beta: 10, x: 4.6 },
    ],
  },
  {
    name: 'InverseGamma',
    params: { alpha: 'positive', beta: 'positive' },
    points: [
      { alpha: 3, beta: 1, x: 0.4 },
      { alpha: 0.7, beta: 5, x: 12 },
      { alpha: 10, beta: 2, x: 0.25 },
    ],
  },
  {
    name: 'Beta',
    params: { alpha: 'positive', beta: 'positive' },
    points: [
      { alpha: 1, beta: 1, x: 0.3 },
      { alpha: 0.5, beta: 0.5, x: 0.02 },
      { alpha: 30, beta: 4, x: 0.85 },
    ],
  },
  {
    name: 'LogNormal',
    params: { mu: 'real', sigma: 'positive' },
    points: [
      { mu: 0, sigma: 1, x: 2 },
      { mu: 2, sigma: 0.3, x: 6 },
      { mu: -1, sigma: 2, x: 0.01 },
    ],
  },
  {
    name: 'Uniform',
    params: { lower: 'real', upper: 'real' },
    points: [
      { lower: 0, upper: 1, x: 0.3 },
      { lower: -2, upper: 5, x: 4.5 },
      { lower: 10, upper: 10.5, x: 10.1 },
    ],
  },
  {
    name: 'Weibull',
    params: { alpha: 'positive', beta: 'positive' },
    points: [
      { alpha: 1.5, beta: 1, x: 0.6 },
      { alpha: 5, beta: 3, x: 3.3 },
      { alpha: 0.6, beta: 2, x: 0.1 },
    ],
  },
];

/** Parameters as latent nodes under flat priors, then x ~ family(parameters), latent or observed. */
function model(f: Family, observed?: number): CompiledModel {
  const nodes: Node[] = Object.entries(f.params).map(([p, domain]) => ({
    kind: 'random',
    name: p,
    dist: { name: domain === 'real' ? 'Flat' : 'HalfFlat', args: {} },
  }));
  const args = Object.fromEntries(Object.keys(f.params).map((p) => [p, ref(p)]));
  nodes.push({
    kind: 'random',
    name: 'x',
    dist: { name: f.name, args },
    ...(observed === undefined ? {} : { observed: constant(scalar(observed)) }),
  });
  return compile(new Graph(nodes));
}

describe.each(families.map((f) => [f.name, f] as const))('%s', (_name, f) => {
  test('gradient matches finite differences with x latent', () => {
    const m = model(f);
    expect(m.dim).toBe(Object.keys(f.params).length + 1);
    for (const point of f.points) {
      const { maxRelError } = gradientError(m, m.unconstrain(point));
      expect(maxRelError, JSON.stringify(point)).toBeLessThan(1e-6);
    }
  });

  test('gradient matches finite differences with x observed', () => {
    for (const { x, ...params } of f.points) {
      const m = model(f, x);
      const { maxRelError } = gradientError(m, m.unconstrain(params));
      expect(maxRelError, JSON.stringify({ x, ...params })).toBeLessThan(1e-6);
    }
  });
});
