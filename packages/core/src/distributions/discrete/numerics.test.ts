// Numerical edge cases of the discrete log-masses: NegativeBinomial for large alpha (its Poisson
// limit), where the plain lgamma form would cancel catastrophically.
import { describe, expect, test } from 'vitest';
import { compile } from '../../compile/compile.js';
import { constant, ref } from '../../graph/expr.js';
import { Graph } from '../../graph/graph.js';
import { lgamma } from '../../special/index.js';
import { scalar, tensor } from '../../tensor/index.js';
import { gradientError } from '../../testing/index.js';
import '../index.js';

function logDensity(dist: string, args: Record<string, number>, x: number): number {
  const a = Object.fromEntries(Object.entries(args).map(([k, v]) => [k, constant(scalar(v))]));
  return compile(
    new Graph([{ kind: 'random', name: 'x', dist: { name: dist, args: a }, observed: constant(scalar(x)) }]),
  ).logDensity([]);
}

/** Γ(x + α)/Γ(α) as the product α(α + 1)…(α + x − 1): no cancellation for integer x. */
function negativeBinomialReference(x: number, mu: number, alpha: number): number {
  let rising = 0;
  for (let j = 0; j < x; j++) rising += Math.log(alpha + j);
  return rising - lgamma(x + 1) - alpha * Math.log1p(mu / alpha) - x * Math.log1p(alpha / mu);
}

describe('NegativeBinomial with large alpha', () => {
  test.each([10, 1e3, 9999, 1e4 + 1, 1e5, 1e8, 1e12])(
    'alpha = %d matches the exact rising-factorial form',
    (alpha) => {
      for (const [x, mu] of [
        [0, 3],
        [5, 3],
        [40, 25],
        [2, 0.1],
      ]) {
        const exact = negativeBinomialReference(x, mu, alpha);
        const got = logDensity('NegativeBinomial', { mu, alpha }, x);
        expect(Math.abs(got - exact), `x = ${x}, mu = ${mu}: ${got} vs ${exact}`).toBeLessThan(
          1e-11 * Math.max(1, Math.abs(exact)),
        );
      }
    },
  );

  test('tends to the Poisson log-mass', () => {
    for (const x of [0, 3, 9]) {
      expect(logDensity('NegativeBinomial', { mu: 3, alpha: 1e15 }, x)).toBeCloseTo(
        logDensity('Poisson', { mu: 3 }, x),
        12,
      );
    }
  });

  test('the gradient in the large-alpha regime matches finite differences', () => {
    const g = new Graph([
      { kind: 'random', name: 'mu', dist: { name: 'HalfFlat', args: {} } },
      { kind: 'random', name: 'alpha', dist: { name: 'HalfFlat', args: {} } },
      {
        kind: 'random',
        name: 'y',
        dist: { name: 'NegativeBinomial', args: { mu: ref('mu'), alpha: ref('alpha') } },
        observed: constant(tensor(Float64Array.of(0, 4, 12), [3])),
      },
    ]);
    const { maxRelError } = gradientError(compile(g), [Math.log(4), Math.log(3e4)]);
    expect(maxRelError).toBeLessThan(1e-6);
  });
});
