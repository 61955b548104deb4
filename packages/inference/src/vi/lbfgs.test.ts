import { describe, expect, it } from 'vitest';
import { LbfgsHistory, minimizeLbfgs } from './lbfgs.js';
import { dot } from './linalg.js';

const rosenbrock = (x: Float64Array, g: Float64Array) => {
  const a = x[1] - x[0] ** 2;
  g[0] = -400 * x[0] * a - 2 * (1 - x[0]);
  g[1] = 200 * a;
  return 100 * a * a + (1 - x[0]) ** 2;
};

describe('L-BFGS', () => {
  it("minimises Rosenbrock's function from (−1.2, 1)", () => {
    const steps: number[] = [];
    const r = minimizeLbfgs(rosenbrock, [-1.2, 1], {
      tolRelGrad: 0,
      tolRelObj: 0,
      tolObj: 0,
      onIteration: (s) => steps.push(s.iteration),
    });
    expect(r.converged).toBe(true);
    expect(r.x[0]).toBeCloseTo(1, 7);
    expect(r.x[1]).toBeCloseTo(1, 7);
    expect(steps).toEqual(Array.from({ length: r.iterations }, (_, i) => i + 1));
    expect(r.evaluations).toBeLessThan(200);
  });

  it('stops at maxIterations and says so', () => {
    const r = minimizeLbfgs(rosenbrock, [-1.2, 1], { maxIterations: 3 });
    expect(r.status).toBe('max-iterations');
    expect(r.converged).toBe(false);
    expect(r.iterations).toBe(3);
  });

  it('the two-loop direction equals −H g of the BFGS recursion from γI', () => {
    const h = new LbfgsHistory(3);
    const pairs: [number[], number[]][] = [
      [
        [1, 0, 0.5],
        [2, 0.1, 0.3],
      ],
      [
        [0.2, 1, 0],
        [0.1, 3, 0.2],
      ],
    ];
    for (const [s, y] of pairs) expect(h.push(Float64Array.from(s), Float64Array.from(y))).toBe(true);
    expect(h.push(Float64Array.of(1, 0, 0), Float64Array.of(-1, 0, 0))).toBe(false); // sᵀy < 0
    // Dense BFGS: H ← (I − ρ s yᵀ) H (I − ρ y sᵀ) + ρ s sᵀ from H₀ = γ I, γ from the last pair.
    const [sl, yl] = pairs[pairs.length - 1];
    const gamma = dot(sl, yl) / dot(yl, yl);
    let H = [0, 1, 2].map((i) => [0, 1, 2].map((j) => (i === j ? gamma : 0)));
    for (const [s, y] of pairs) {
      const rho = 1 / dot(s, y);
      const A = [0, 1, 2].map((i) => [0, 1, 2].map((j) => (i === j ? 1 : 0) - rho * s[i] * y[j]));
      const AH = A.map((row) => [0, 1, 2].map((j) => row.reduce((acc, a, k) => acc + a * H[k][j], 0)));
      H = AH.map((row, i) =>
        [0, 1, 2].map((j) => row.reduce((acc, v, k) => acc + v * A[j][k], 0) + rho * s[i] * s[j]),
      );
    }
    const g = Float64Array.of(0.3, -1, 2);
    const p = new Float64Array(3);
    h.direction(g, p);
    for (let i = 0; i < 3; i++) expect(p[i]).toBeCloseTo(-dot(H[i], g), 12);
  });
});
