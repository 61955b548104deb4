import { DoplError, Rng } from '@dopl/core';
import { describe, expect, it } from 'vitest';
import { initStepSize } from './init-step-size.js';
import { DiagonalMetric } from './metric.js';
import { createPhasePoint } from './phase-point.js';
import { evaluateTarget, type Target } from './target.js';
import { standardNormal } from './test-targets.js';

function start(target: Target, q: number[]) {
  const z = createPhasePoint(target.dim);
  z.q.set(q);
  z.lp = evaluateTarget(target, z.q, z.grad);
  return z;
}
const scratch = (dim: number) => ({ z: createPhasePoint(dim), velocity: new Float64Array(dim) });

describe('initStepSize (Stan base_hmc::init_stepsize)', () => {
  it('halves a step that is too large and leaves the state unchanged', () => {
    const target = standardNormal(5);
    const z = start(target, [0.1, -0.3, 0.5, 1, -1]);
    const before = Float64Array.from(z.q);
    const eps = initStepSize(target, new DiagonalMetric(5), z, 64, new Rng(1), scratch(5));
    // Only powers of two of the start are reachable, and 64 fails for a unit-scale Gaussian.
    expect(Number.isInteger(Math.log2(eps))).toBe(true);
    expect(eps).toBeLessThan(64);
    expect(Array.from(z.q)).toEqual(Array.from(before));
  });

  it('doubles a step that is too small', () => {
    const target = standardNormal(2);
    const eps = initStepSize(
      target,
      new DiagonalMetric(2),
      start(target, [0.2, 0.4]),
      1 / 1024,
      new Rng(2),
      scratch(2),
    );
    expect(eps).toBeGreaterThan(0.1);
  });

  it('reports an improper (flat) posterior', () => {
    const flat: Target = {
      dim: 1,
      logDensityAndGradient(_q, g) {
        g[0] = 0;
        return 0;
      },
    };
    expect(() =>
      initStepSize(flat, new DiagonalMetric(1), start(flat, [0]), 1, new Rng(3), scratch(1)),
    ).toThrow(/improper/);
    expect(() =>
      initStepSize(flat, new DiagonalMetric(1), start(flat, [0]), 1, new Rng(3), scratch(1)),
    ).toThrow(DoplError);
  });

  it('skips the heuristic for zero dimensions', () => {
    const empty: Target = { dim: 0, logDensityAndGradient: () => 0 };
    expect(initStepSize(empty, new DiagonalMetric(0), start(empty, []), 1, new Rng(4), scratch(0))).toBeNaN();
  });
});
