import { describe, expect, it } from 'vitest';
import { circularMedian, ElboConvergence } from './elbo-convergence.js';

describe("ADVI's relative-ELBO stopping rule", () => {
  it('keeps max(0.1·maxIterations/evalElbo, 2) changes; the first change is 1 (Stan starts at 0)', () => {
    expect(new ElboConvergence(0.01, 10_000, 100).size).toBe(10);
    expect(new ElboConvergence(0.01, 1000, 100).size).toBe(2);
    const c = new ElboConvergence(0.01, 10_000, 100);
    const first = c.push(-200, 100);
    expect(first.relativeChange).toBe(1);
    expect(first.converged).toBeUndefined();
    const second = c.push(-199, 200);
    expect(second.relativeChange).toBeCloseTo(1 / 199, 15);
    expect(second.meanChange).toBeCloseTo((1 + 1 / 199) / 2, 15);
  });

  it('converges on the median before the mean, and flags a possible divergence', () => {
    const c = new ElboConvergence(0.01, 10_000, 100);
    c.push(-100, 100); // change 1
    c.push(-100.1, 200); // ~0.001
    const third = c.push(-100.2, 300); // ~0.001: median of [1, .001, .001] is small, mean is not
    expect(third.converged).toBe('median');
    const d = new ElboConvergence(0.01, 10_000, 100);
    let last = d.push(-100, 100);
    for (let i = 2; i <= 12; i++) last = d.push(i % 2 ? -100 : -300, i * 100);
    expect(last.mayBeDiverging).toBe(true);
    expect(d.best).toBe(-100);
  });

  it('takes the upper median, as Stan does', () => {
    expect(circularMedian([4, 1, 3, 2])).toBe(3);
    expect(circularMedian([5, 1, 3])).toBe(3);
  });
});
