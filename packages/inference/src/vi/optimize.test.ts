import { describe, expect, it } from 'vitest';
import { runOptimize } from './optimize.js';
import { rosenbrock } from './test-densities.js';

describe('MAP by L-BFGS', () => {
  it('finds the mode of a banana-shaped density', () => {
    const r = runOptimize(rosenbrock, [-1.2, 1], { tolRelGrad: 0, tolRelObj: 0, tolObj: 0 });
    expect(r.converged).toBe(true);
    expect(r.x[0]).toBeCloseTo(1, 6);
    expect(r.x[1]).toBeCloseTo(1, 6);
    expect(r.logDensity).toBeCloseTo(0, 10);
  });

  it('says clearly that the Jacobian-free mode is not available yet', () => {
    expect(() => runOptimize(rosenbrock, [0, 0], { jacobian: false })).toThrow(/not available yet/);
  });
});
