import { Bernoulli, DoplError, ModelBuilder, Normal, Poisson, type Term } from '@dopl/core';
import { describe, expect, it } from 'vitest';
import { query } from './query.js';

// Actions and evidence outside what a node can take are refused by name, and stochastic actions
// in an exactly known world are drawn many times. Each case below used to give an answer.

// x ~ B(½); y ~ B(0.2 + 0.5x), coupled y = 1[u < p].
function binary() {
  const m = new ModelBuilder();
  const x = m.random('x', Bernoulli({ p: 0.5 }));
  m.random('y', Bernoulli({ p: x.mul(0.5).add(0.2) }));
  return m.build();
}

/** The DoplError a call throws (its node and message). */
function refusal(f: () => unknown): DoplError {
  try {
    f();
  } catch (err) {
    if (err instanceof DoplError) return err;
    throw err;
  }
  throw new Error('expected a refusal');
}

describe('actions outside the support', () => {
  it('do(x = 2) on a Bernoulli is refused before any inference', () => {
    const e = refusal(() => query(binary(), { target: 'y', do: { x: 2 } }));
    expect(e.node).toBe('x');
    expect(e.message).toBe('do(x): 2 is outside the support of x ~ Bernoulli (whole numbers 0 to 1)');
  });

  it('a shift to x + 1: enumeration dropped the impossible states and answered 0.7', () => {
    const e = refusal(() => query(binary(), { target: 'y', do: { x: (x: Term) => x.add(1) }, seed: 1 }));
    expect(e.node).toBe('x');
    expect(e.message).toMatch(/^do\(x\): the action gives x = 2 in \d+ of 16 draws, outside the support/);
  });

  it('a count set to 2.5 is refused; 0 on a positive family is a boundary and allowed', () => {
    const m = new ModelBuilder();
    const n = m.random('n', Poisson({ mu: 3 }));
    m.random('y', Normal(n, 1));
    const g = m.build();
    expect(refusal(() => query(g, { target: 'y', do: { n: 2.5 } })).message).toBe(
      'do(n): 2.5 is outside the support of n ~ Poisson (whole numbers ≥ 0)',
    );
    // do(n = 0): y ~ N(0, 1) exactly in distribution.
    const a = query(g, { target: 'y', do: { n: 0 }, draws: 4000, seed: 2 });
    expect(Math.abs(a.mean)).toBeLessThan(4 / Math.sqrt(4000));
  });

  it('an action that gives a child an invalid parameter, in a counterfactual too', () => {
    const m = new ModelBuilder();
    const x = m.random('x', Normal(0.5, 0.1));
    m.random('y', Bernoulli({ p: x }));
    const g = m.build();
    const message =
      "do(x): under this action 'y' ~ Bernoulli gets an invalid parameter: p must be in [0, 1], got 2";
    expect(refusal(() => query(g, { target: 'y', do: { x: 2 } })).message).toBe(message);
    // The counterfactual coupled u < 2 and answered y = 1.
    const e = refusal(() =>
      query(g, { target: 'y', given: { x: 0.5, y: 1 }, do: { x: 2 }, counterfactual: true }),
    );
    expect(e.message).toBe(message);
    expect(e.node).toBe('x');
  });

  it('evidence outside the support names the node', () => {
    const e = refusal(() => query(binary(), { target: 'y', given: { x: 2 } }));
    expect(e.node).toBe('x');
    expect(e.message).toBe(
      'query: evidence x = 2 is outside the support of Bernoulli (whole numbers 0 to 1), so it has probability zero',
    );
  });
});

describe('stochastic actions in an exactly known world', () => {
  it('x = 1, y = 1 seen, x re-drawn as a fair coin: P(y) = ½ + ½·(0.2/0.7) = 9/14', () => {
    const a = query(binary(), {
      target: 'y',
      given: { x: 1, y: 1 },
      do: { x: Bernoulli({ p: 0.5 }) },
      counterfactual: true,
      draws: 4000,
      seed: 3,
    });
    // One draw of the action per enumerated state used to make this 1 (x' = 1) or 2/7 (x' = 0).
    expect(a.method).toMatch(/the action drawn \d+ times per state/);
    expect(a.mcseMean).toBeGreaterThan(0);
    expect(a.mcseMean).toBeLessThan(0.01);
    expect(Math.abs(a.mean - 9 / 14)).toBeLessThan(4 * a.mcseMean);
  });
});
