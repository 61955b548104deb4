import { Rng } from '@dopl/core';
import { describe, expect, it } from 'vitest';
import { createFamily, type FamilyKind, FullRankGaussian, MeanFieldGaussian } from './gaussian-family.js';
import { skewed } from './test-densities.js';

const LOG_2PI = Math.log(2 * Math.PI);

describe('variational families', () => {
  it('mean-field: transform, entropy, covariance and log density', () => {
    const q = new MeanFieldGaussian(2);
    q.params.set([1, -1, Math.log(2), Math.log(0.5)]);
    const z = new Float64Array(2);
    q.transform([0.5, 2], z);
    expect(Array.from(z)).toEqual([2, 0]);
    expect(q.entropy()).toBeCloseTo(1 + LOG_2PI + Math.log(2) + Math.log(0.5), 14);
    expect(Array.from(q.covariance())).toEqual([4, 0, 0, 0.25]);
    expect(q.logDensityFromStandard([0.5, 2])).toBeCloseTo(-0.5 * 4.25 - LOG_2PI, 14);
  });

  it('full-rank: L packs row by row, covariance L Lᵀ, entropy from |diag L|', () => {
    const q = new FullRankGaussian(2);
    q.params.set([1, 2, 2, 0.5, -3]); // μ = (1, 2), L = [[2, 0], [0.5, −3]]
    const z = new Float64Array(2);
    q.transform([1, 1], z);
    expect(Array.from(z)).toEqual([3, -0.5]);
    expect(Array.from(q.covariance())).toEqual([4, 1, 1, 9.25]);
    expect(q.entropy()).toBeCloseTo(1 + LOG_2PI + Math.log(6), 14);
    q.reset([5, 6]);
    expect(Array.from(q.params)).toEqual([5, 6, 1, 0, 1]);
  });

  // The accumulated gradient must be the exact gradient of the reparameterised objective
  // F(λ) = mean_k log p(μ + S η_k) + H[q] for fixed draws η_k: compare with central differences.
  for (const kind of ['meanfield', 'fullrank'] as FamilyKind[]) {
    it(`${kind}: the ELBO gradient is the derivative of the reparameterised objective`, () => {
      const q = createFamily(kind, 2);
      q.reset([0.3, -0.2]);
      for (let k = 2; k < q.params.length; k++) q.params[k] += 0.1 * k;
      const rng = new Rng(5);
      const etas = Array.from({ length: 4 }, () => [rng.normal(), rng.normal()]);
      const objective = () => {
        const z = new Float64Array(2);
        let s = 0;
        for (const eta of etas) {
          q.transform(eta, z);
          s += skewed.logDensity(z);
        }
        return s / etas.length + q.entropy();
      };
      const grad = new Float64Array(q.params.length);
      const z = new Float64Array(2);
      const g = new Float64Array(2);
      for (const eta of etas) {
        q.transform(eta, z);
        skewed.logDensityAndGradient(z, g);
        q.accumulateGradient(grad, eta, g);
      }
      q.finishGradient(grad, etas.length);
      for (let k = 0; k < q.params.length; k++) {
        const h = 1e-6;
        const x = q.params[k];
        q.params[k] = x + h;
        const up = objective();
        q.params[k] = x - h;
        const down = objective();
        q.params[k] = x;
        expect(grad[k]).toBeCloseTo((up - down) / (2 * h), 6);
      }
    });
  }
});
