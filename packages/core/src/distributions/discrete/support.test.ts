// Outside the support, and with invalid parameters, every discrete log-mass is −Infinity (never
// NaN, which the compiled model would report as an error).
import { describe, expect, test } from 'vitest';
import { compile } from '../../compile/compile.js';
import { constant, type Expr, ref } from '../../graph/expr.js';
import { Graph } from '../../graph/graph.js';
import { scalar, type Tensor, tensor } from '../../tensor/index.js';
import '../index.js';

const vec = (xs: readonly number[]) => tensor(Float64Array.from(xs), [xs.length]);

function logDensity(dist: string, args: Record<string, Tensor>, x: number): number {
  const a = Object.fromEntries(Object.entries(args).map(([k, v]) => [k, constant(v)]));
  const g = new Graph([
    { kind: 'random', name: 'x', dist: { name: dist, args: a }, observed: constant(scalar(x)) },
  ]);
  return compile(g).logDensity([]);
}

const outside: readonly [string, Record<string, Tensor>, readonly number[]][] = [
  ['Bernoulli', { p: scalar(0.3) }, [1.5, -1, 2, Number.NaN]],
  ['Bernoulli', { logit_p: scalar(0.3) }, [1.5, -1, 2]],
  ['Binomial', { n: scalar(10), p: scalar(0.3) }, [-1, 11, 2.5, Number.POSITIVE_INFINITY]],
  ['Binomial', { n: scalar(10), logit_p: scalar(0.3) }, [-1, 11, 2.5]],
  ['Poisson', { mu: scalar(4) }, [-1, 1.5, Number.POSITIVE_INFINITY]],
  ['Poisson', { log_mu: scalar(1) }, [-1, 1.5, Number.POSITIVE_INFINITY]],
  ['NegativeBinomial', { mu: scalar(3), alpha: scalar(2) }, [-1, 0.5, Number.POSITIVE_INFINITY]],
  ['BetaBinomial', { n: scalar(10), alpha: scalar(2), beta: scalar(3) }, [-1, 11, 3.5]],
  ['Categorical', { p: vec([0.1, 0.2, 0.3, 0.4]) }, [-1, 4, 1.5]],
  ['Categorical', { logits: vec([0.1, 0.2, 0.3, 0.4]) }, [-1, 4, 1.5]],
];

describe('values outside the support have log-density −Infinity', () => {
  test.each(outside)('%s(%o) at %o', (dist, args, xs) => {
    for (const x of xs) expect(logDensity(dist, args, x), `x = ${x}`).toBe(Number.NEGATIVE_INFINITY);
  });

  test('a zero-probability category or an impossible count is −Infinity', () => {
    expect(logDensity('Categorical', { p: vec([0.5, 0, 0.5]) }, 1)).toBe(Number.NEGATIVE_INFINITY);
    expect(logDensity('Bernoulli', { p: scalar(0) }, 1)).toBe(Number.NEGATIVE_INFINITY);
    expect(logDensity('Binomial', { n: scalar(5), p: scalar(1) }, 4)).toBe(Number.NEGATIVE_INFINITY);
    expect(logDensity('Poisson', { mu: scalar(0) }, 2)).toBe(Number.NEGATIVE_INFINITY);
  });

  test('degenerate parameters put all the mass on one value', () => {
    expect(logDensity('Bernoulli', { p: scalar(1) }, 1)).toBe(0);
    expect(logDensity('Binomial', { n: scalar(5), p: scalar(0) }, 0)).toBe(0);
    expect(logDensity('Binomial', { n: scalar(5), p: scalar(1) }, 5)).toBe(0);
    expect(logDensity('Poisson', { mu: scalar(0) }, 0)).toBe(0);
    expect(logDensity('Categorical', { p: vec([0, 1, 0]) }, 1)).toBe(0);
  });
});

/** Invalid parameter values reached at run time (latent, Flat) give −Infinity, not NaN. */
describe('invalid parameters have log-density −Infinity', () => {
  const cases: readonly [string, string, Record<string, Expr>, number, readonly number[]][] = [
    ['Bernoulli p > 1', 'Bernoulli', { p: ref('t') }, 1, [1.5]],
    ['Bernoulli p < 0', 'Bernoulli', { p: ref('t') }, 0, [-0.5]],
    ['Binomial p > 1', 'Binomial', { n: constant(scalar(5)), p: ref('t') }, 2, [1.2]],
    ['Poisson mu < 0', 'Poisson', { mu: ref('t') }, 2, [-1]],
    ['NegativeBinomial alpha < 0', 'NegativeBinomial', { mu: constant(scalar(2)), alpha: ref('t') }, 2, [-1]],
    ['NegativeBinomial mu < 0', 'NegativeBinomial', { mu: ref('t'), alpha: constant(scalar(2)) }, 2, [-1]],
    [
      'BetaBinomial alpha < 0',
      'BetaBinomial',
      { n: constant(scalar(5)), alpha: ref('t'), beta: constant(scalar(1)) },
      2,
      [-0.5],
    ],
    ['Categorical p with a negative entry', 'Categorical', { p: ref('t') }, 0, [-0.2, 0.6, 0.6]],
  ];
  test.each(cases)('%s', (_name, dist, args, x, theta) => {
    const g = new Graph([
      {
        kind: 'random',
        name: 't',
        dist: { name: 'Flat', args: {} },
        dims: theta.length > 1 ? [theta.length] : undefined,
      },
      { kind: 'random', name: 'x', dist: { name: dist, args }, observed: constant(scalar(x)) },
    ]);
    const model = compile(g);
    expect(model.logDensity(theta)).toBe(Number.NEGATIVE_INFINITY);
    const grad = new Float64Array(model.dim);
    expect(model.logDensityAndGradient(theta, grad)).toBe(Number.NEGATIVE_INFINITY);
  });
});
