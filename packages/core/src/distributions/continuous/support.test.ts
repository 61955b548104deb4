// Outside the support, or with invalid parameter values, a log-density is −∞ — never NaN, which
// would abort inference instead of rejecting the proposal.
import { describe, expect, test } from 'vitest';
import { compile } from '../../compile/compile.js';
import { constant, ref } from '../../graph/expr.js';
import { Graph } from '../../graph/graph.js';
import type { Node } from '../../graph/node.js';
import { scalar } from '../../tensor/index.js';
import '../index.js';

type Params = Readonly<Record<string, number>>;

/** log p(x) with x observed and the parameters constants. */
function logDensity(name: string, params: Params, x: number): number {
  const args = Object.fromEntries(Object.entries(params).map(([k, v]) => [k, constant(scalar(v))]));
  return compile(
    new Graph([{ kind: 'random', name: 'x', dist: { name, args }, observed: constant(scalar(x)) }]),
  ).logDensity([]);
}

/**
 * log p(x) with every parameter a latent variable under a Flat prior, evaluated where the
 * parameters take the given (possibly invalid) values: how an unconstrained sampler can reach them.
 */
function logDensityAtLatent(name: string, params: Params, x: number): number {
  const nodes: Node[] = Object.keys(params).map((p) => ({
    kind: 'random',
    name: p,
    dist: { name: 'Flat', args: {} },
  }));
  const args = Object.fromEntries(Object.keys(params).map((p) => [p, ref(p)]));
  nodes.push({ kind: 'random', name: 'x', dist: { name, args }, observed: constant(scalar(x)) });
  const m = compile(new Graph(nodes));
  return m.logDensity(m.unconstrain(params));
}

interface Family {
  readonly name: string;
  /** Valid parameters. */
  readonly params: Params;
  /** Points outside the support (including its boundary where the density is not finite). */
  readonly outside: readonly number[];
  /** A point inside the support. */
  readonly inside: number;
  /** Invalid parameter settings, each a change to `params`. */
  readonly invalid: readonly Params[];
}

const families: readonly Family[] = [
  {
    name: 'HalfNormal',
    params: { sigma: 1 },
    outside: [-1e-9, -3],
    inside: 0.5,
    invalid: [{ sigma: 0 }, { sigma: -1 }],
  },
  {
    name: 'StudentT',
    params: { nu: 3, mu: 0, sigma: 1 },
    outside: [],
    inside: 0.5,
    invalid: [{ nu: 0 }, { nu: -2 }, { sigma: 0 }, { sigma: -1 }],
  },
  {
    name: 'HalfStudentT',
    params: { nu: 3, sigma: 1 },
    outside: [-1e-9, -3],
    inside: 0.5,
    invalid: [{ nu: -1 }, { sigma: 0 }, { sigma: -2 }],
  },
  {
    name: 'Cauchy',
    params: { alpha: 0, beta: 1 },
    outside: [],
    inside: 0.5,
    invalid: [{ beta: 0 }, { beta: -1 }],
  },
  {
    name: 'HalfCauchy',
    params: { beta: 1 },
    outside: [-1e-9, -3],
    inside: 0.5,
    invalid: [{ beta: 0 }, { beta: -1 }],
  },
  { name: 'Laplace', params: { mu: 0, b: 1 }, outside: [], inside: 0.5, invalid: [{ b: 0 }, { b: -1 }] },
  { name: 'Logistic', params: { mu: 0, s: 1 }, outside: [], inside: 0.5, invalid: [{ s: 0 }, { s: -1 }] },
  {
    name: 'Exponential',
    params: { lam: 2 },
    outside: [-1e-9, -3],
    inside: 0.5,
    invalid: [{ lam: 0 }, { lam: -1 }],
  },
  {
    name: 'Gamma',
    params: { alpha: 2, beta: 3 },
    outside: [0, -1],
    inside: 0.5,
    invalid: [{ alpha: 0 }, { alpha: -1.5 }, { beta: 0 }, { beta: -3 }],
  },
  {
    name: 'InverseGamma',
    params: { alpha: 2, beta: 3 },
    outside: [0, -1],
    inside: 0.5,
    invalid: [{ alpha: 0 }, { alpha: -1.5 }, { beta: 0 }, { beta: -3 }],
  },
  {
    name: 'Beta',
    params: { alpha: 2, beta: 3 },
    outside: [0, 1, -0.5, 1.5],
    inside: 0.5,
    invalid: [{ alpha: 0 }, { alpha: -1.5 }, { beta: 0 }, { beta: -3 }],
  },
  {
    name: 'LogNormal',
    params: { mu: 0, sigma: 1 },
    outside: [0, -1],
    inside: 0.5,
    invalid: [{ sigma: 0 }, { sigma: -1 }],
  },
  {
    name: 'Uniform',
    params: { lower: -1, upper: 2 },
    outside: [-1.5, 2.5],
    inside: 0.5,
    invalid: [{ upper: -1 }, { lower: 3 }],
  },
  {
    name: 'Weibull',
    params: { alpha: 1.5, beta: 2 },
    outside: [0, -1],
    inside: 0.5,
    invalid: [{ alpha: 0 }, { alpha: -1 }, { beta: 0 }, { beta: -2 }],
  },
];

describe.each(families.map((f) => [f.name, f] as const))('%s', (_name, f) => {
  test('is finite inside the support', () => {
    expect(Number.isFinite(logDensity(f.name, f.params, f.inside))).toBe(true);
    expect(Number.isFinite(logDensityAtLatent(f.name, f.params, f.inside))).toBe(true);
  });

  if (f.outside.length > 0) {
    test('gives −Infinity outside the support', () => {
      for (const x of f.outside)
        expect(logDensity(f.name, f.params, x), `x = ${x}`).toBe(Number.NEGATIVE_INFINITY);
    });
  }

  test('gives −Infinity for invalid latent parameter values', () => {
    for (const change of f.invalid) {
      const params = { ...f.params, ...change };
      expect(logDensityAtLatent(f.name, params, f.inside), JSON.stringify(params)).toBe(
        Number.NEGATIVE_INFINITY,
      );
    }
  });
});

test('an open boundary gives −Infinity, not the NaN of 0·log 0', () => {
  // (α − 1)·log x at x = 0 is 0·(−∞) = NaN for α = 1: the support (0, ∞) or (0, 1) is open.
  expect(logDensity('Gamma', { alpha: 1, beta: 1 }, 0)).toBe(Number.NEGATIVE_INFINITY);
  expect(logDensity('Beta', { alpha: 1, beta: 1 }, 1)).toBe(Number.NEGATIVE_INFINITY);
  expect(logDensity('Weibull', { alpha: 1, beta: 1 }, 0)).toBe(Number.NEGATIVE_INFINITY);
});

test('closed boundaries carry density where it is finite', () => {
  expect(logDensity('HalfNormal', { sigma: 1 }, 0)).toBeCloseTo(0.5 * Math.log(2 / Math.PI), 14);
  expect(logDensity('Exponential', { lam: 2 }, 0)).toBeCloseTo(Math.log(2), 14);
  expect(logDensity('Uniform', { lower: -1, upper: 3 }, -1)).toBeCloseTo(-Math.log(4), 14);
  expect(logDensity('Uniform', { lower: -1, upper: 3 }, 3)).toBeCloseTo(-Math.log(4), 14);
});
