import { describe, expect, it } from 'vitest';
import { cubicMinimizer, wolfeLineSearch } from './line-search.js';

// φ(α) along p = (1) from x0 = 0 for f(x) = (x − 3)⁴ − x: minimum near x = 3.63.
const quartic = (x: Float64Array, g: Float64Array) => {
  g[0] = 4 * (x[0] - 3) ** 3 - 1;
  return (x[0] - 3) ** 4 - x[0];
};

function search(fg: typeof quartic, alpha0: number, x0 = 0) {
  const x = Float64Array.of(x0);
  const g = new Float64Array(1);
  const f0 = fg(x, g);
  const p = Float64Array.of(-Math.sign(g[0]));
  const xo = new Float64Array(1);
  const go = new Float64Array(1);
  const r = wolfeLineSearch(fg, x, f0, g, p, alpha0, xo, go);
  return { r, f0, d0: g[0] * p[0], x: xo[0], d: go[0] * p[0] };
}

describe('strong Wolfe line search', () => {
  it('the cubic through two points with slopes has its minimiser where expected', () => {
    // f = (α − 1)², through (0, 1, −2) and (3, 4, 4): minimiser 1.
    expect(cubicMinimizer(0, 1, -2, 3, 4, 4)).toBeCloseTo(1, 12);
  });

  for (const alpha0 of [1e-3, 1, 100]) {
    it(`finds a point satisfying the strong Wolfe conditions from a first step of ${alpha0}`, () => {
      const { r, f0, d0, d } = search(quartic, alpha0);
      expect(r.status).toBe('wolfe');
      expect(r.f).toBeLessThanOrEqual(f0 + 1e-4 * r.alpha * d0);
      expect(Math.abs(d)).toBeLessThanOrEqual(0.9 * Math.abs(d0));
      expect(r.evaluations).toBeLessThan(40);
    });
  }

  it('treats a non-finite objective as a step too far', () => {
    // log barrier: f = −log(2 − x) + x², finite only for x < 2.
    const barrier = (x: Float64Array, g: Float64Array) => {
      if (x[0] >= 2) return Number.NaN;
      g[0] = 1 / (2 - x[0]) + 2 * x[0];
      return -Math.log(2 - x[0]) + x[0] * x[0];
    };
    const { r, x } = search(barrier, 100, -3);
    expect(r.status).toBe('wolfe');
    expect(x).toBeLessThan(2);
  });

  it('fails on an ascent direction without moving', () => {
    const x = Float64Array.of(0);
    const g = new Float64Array(1);
    const f0 = quartic(x, g);
    const xo = new Float64Array(1);
    const go = new Float64Array(1);
    const r = wolfeLineSearch(quartic, x, f0, g, Float64Array.of(Math.sign(g[0])), 1, xo, go);
    expect(r.status).toBe('failed');
    expect(r.alpha).toBe(0);
  });
});
