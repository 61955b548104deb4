import { describe, expect, it } from 'vitest';
import { compile, DoplError, ModelBuilder, Normal, observe, sampleForward } from '../index.js';

const thrown = (f: () => unknown): DoplError => {
  try {
    f();
  } catch (e) {
    expect(e).toBeInstanceOf(DoplError);
    return e as DoplError;
  }
  throw new Error('expected a DoplError, nothing was thrown');
};

const model = () => {
  const m = new ModelBuilder();
  const mu = m.random('mu', Normal(0, 1));
  m.let('twice', mu.mul(2));
  m.random('y', Normal(mu, 1), { dims: [2] });
  return m.build();
};

describe('observe()', () => {
  it('marks the random node observed and returns a new graph, leaving the original unobserved', () => {
    const g = model();
    const g2 = observe(g, { y: [0.1, 0.4] });
    const y2 = g2.get('y');
    const y = g.get('y');
    expect(y2.kind === 'random' && y2.observed !== undefined).toBe(true);
    expect(y.kind === 'random' && y.observed === undefined).toBe(true);
    // mu is the only latent left.
    expect(compile(g2).dim).toBe(1);
    expect(compile(g).dim).toBe(3);
  });

  it('makes the log-density the prior times the likelihood of the observed values', () => {
    const c = compile(observe(model(), { y: [0.1, 0.4] }));
    // log p(mu) + Σ log N(y_i; mu, 1) up to a constant: compare differences between two points.
    // ld(mu) − ld(0) = −½mu² − ½Σ[(y_i − mu)² − y_i²].
    const mu = 0.3;
    const expected = -0.5 * mu ** 2 - 0.5 * ((0.1 - mu) ** 2 - 0.1 ** 2 + (0.4 - mu) ** 2 - 0.4 ** 2);
    expect(c.logDensity([mu]) - c.logDensity([0])).toBeCloseTo(expected, 10);
  });

  it('rejects observing a deterministic node with a DoplError naming it', () => {
    const e = thrown(() => observe(model(), { twice: 1 }));
    expect(e.node).toBe('twice');
  });

  it('rejects NaN in observed values with a DoplError naming the node', () => {
    const e = thrown(() => observe(model(), { y: [0.1, Number.NaN] }));
    expect(e.node).toBe('y');
  });

  it('rejects an unknown name', () => {
    const e = thrown(() => observe(model(), { nope: 1 }));
    expect(e.node).toBe('nope');
  });

  it('rejects a value of the wrong shape', () => {
    const e = thrown(() => observe(model(), { y: [1, 2, 3] }));
    expect(e.node).toBe('y');
  });
});

describe('data binding and argument validation', () => {
  it('rejects NaN in data given to build() with a DoplError naming the node', () => {
    const m = new ModelBuilder();
    const d = m.data('d', { dims: [3] });
    m.random('y', Normal(d, 1), { dims: [3] });
    const e = thrown(() => m.build({ d: [1, Number.NaN, 3] }));
    expect(e.node).toBe('d');
  });

  it('rejects a constant negative scale on compile with a DoplError naming the node', () => {
    const m = new ModelBuilder();
    m.random('x', Normal(0, -2));
    const g = m.build();
    const e = thrown(() => compile(g));
    expect(e.node).toBe('x');
  });

  it('prior predictive: sampleForward re-draws observed nodes by default', () => {
    const g = observe(model(), { y: [0.1, 0.4] });
    const s = sampleForward(g, { draws: 100, seed: 1 });
    expect(s.y.shape).toEqual([100, 2]);
    // Re-drawn: not equal to the observed values in every draw.
    expect(s.y.data.some((v, i) => v !== (i % 2 === 0 ? 0.1 : 0.4))).toBe(true);
  });
});
