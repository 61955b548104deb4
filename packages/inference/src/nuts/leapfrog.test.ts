import { Rng } from '@dopl/core';
import { describe, expect, it } from 'vitest';
import { leapfrog, leapfrogInto } from './leapfrog.js';
import { DenseMetric, DiagonalMetric } from './metric.js';
import { copyPhasePoint, createPhasePoint } from './phase-point.js';
import { evaluateTarget } from './target.js';
import { correlatedGaussian, standardNormal } from './test-targets.js';

describe('leapfrog', () => {
  it('leapfrogInto(from, to) gives the in-place step bit for bit and leaves `from` as it was', () => {
    const rng = new Rng(5);
    for (const [target, metric] of [
      [standardNormal(2), new DiagonalMetric(2, [0.7, 2.5])],
      [correlatedGaussian(1, 3, 0.9), new DenseMetric(2, [1, 2.7, 2.7, 9])],
    ] as const) {
      const from = createPhasePoint(2);
      from.q.set([rng.normal(), rng.normal()]);
      from.p.set([rng.normal(), rng.normal()]);
      from.lp = evaluateTarget(target, from.q, from.grad);
      const before = Float64Array.from(from.data);
      const inPlace = createPhasePoint(2);
      copyPhasePoint(from, inPlace);
      const to = createPhasePoint(2);
      const scratch = new Float64Array(2);
      leapfrog(target, metric, inPlace, 0.37, scratch);
      leapfrogInto(target, metric, from, to, 0.37, scratch);
      expect(Array.from(to.data)).toEqual(Array.from(inPlace.data));
      expect(to.lp).toBe(inPlace.lp);
      expect(Array.from(from.data)).toEqual(Array.from(before));
    }
  });

  it('is reversible: ten steps forwards then ten backwards return to the start (to rounding)', () => {
    const target = correlatedGaussian(1, 3, 0.9);
    const metric = new DiagonalMetric(2, [1, 9]);
    const z = createPhasePoint(2);
    z.q.set([0.4, -1.2]);
    z.p.set([0.3, 0.8]);
    z.lp = evaluateTarget(target, z.q, z.grad);
    const start = Float64Array.from(z.data);
    const scratch = new Float64Array(2);
    for (let i = 0; i < 10; i++) leapfrog(target, metric, z, 0.1, scratch);
    for (let i = 0; i < 10; i++) leapfrog(target, metric, z, -0.1, scratch);
    for (let k = 0; k < 6; k++) expect(z.data[k]).toBeCloseTo(start[k], 12);
  });
});
