import { DoplError, Rng } from '@dopl/core';
import { describe, expect, it } from 'vitest';
import { choleskyLower, DenseMetric, DiagonalMetric } from './metric.js';
import type { RandomSource } from './target.js';

/** Hands out a fixed list of normals, so momentum draws can be checked exactly. */
function fixedNormals(values: number[]): RandomSource {
  let i = 0;
  return { uniform: () => 0.5, normal: () => values[i++] };
}

describe('DiagonalMetric', () => {
  it('draws p = u / √(M⁻¹) and computes K = ½ Σ M⁻¹ p²', () => {
    const m = new DiagonalMetric(2, [4, 0.25]);
    const p = new Float64Array(2);
    m.sampleMomentum(fixedNormals([1, -2]), p);
    expect(Array.from(p)).toEqual([0.5, -4]);
    expect(m.kineticEnergy(p)).toBeCloseTo(0.5 * (4 * 0.25 + 0.25 * 16), 14);
    const v = new Float64Array(2);
    m.velocity(p, v);
    expect(Array.from(v)).toEqual([2, -1]);
  });

  it('rejects non-positive elements', () => {
    expect(() => new DiagonalMetric(2, [1, 0])).toThrow(DoplError);
    expect(() => new DiagonalMetric(2, [1])).toThrow(/expected 2/);
  });
});

describe('DenseMetric', () => {
  const inverse = [4, 2, 0, 2, 3, 1, 0, 1, 2];

  it('draws p with Lᵀ p = u, where M⁻¹ = L Lᵀ', () => {
    const m = new DenseMetric(3, inverse);
    const u = [0.3, -1.2, 2.0];
    const p = new Float64Array(3);
    m.sampleMomentum(fixedNormals(u), p);
    const L = choleskyLower(inverse, 3)!;
    for (let i = 0; i < 3; i++) {
      let s = 0;
      for (let j = 0; j < 3; j++) s += L[j * 3 + i] * p[j];
      expect(s).toBeCloseTo(u[i], 12);
    }
  });

  it('gives momenta with covariance M, so that K(p) = ½ uᵀu', () => {
    // With p = L⁻ᵀu, pᵀ M⁻¹ p = pᵀ L Lᵀ p = uᵀu exactly.
    const m = new DenseMetric(3, inverse);
    const u = [0.7, 0.1, -1.5];
    const p = new Float64Array(3);
    m.sampleMomentum(fixedNormals(u), p);
    expect(m.kineticEnergy(p)).toBeCloseTo(0.5 * (0.49 + 0.01 + 2.25), 12);
  });

  it('computes the velocity M⁻¹ p', () => {
    const m = new DenseMetric(3, inverse);
    const v = new Float64Array(3);
    m.velocity(Float64Array.of(1, 2, 3), v);
    expect(Array.from(v)).toEqual([8, 11, 8]);
  });

  it('rejects matrices that are not symmetric positive definite', () => {
    expect(() => new DenseMetric(2, [1, 2, 2, 1])).toThrow(/positive definite/);
    expect(() => new DenseMetric(2, [1, 0.5, 0, 1])).toThrow(/symmetric/);
  });
});

describe('velocityAndKinetic', () => {
  it('equals velocity and kineticEnergy bit for bit, diagonal and dense', () => {
    // NUTS computes M⁻¹p and K once per state through this method; the rounding must be exactly
    // that of the two separate methods so that fixed-seed draws do not move.
    const rng = new Rng(31);
    const p = Float64Array.from({ length: 5 }, () => rng.normal() * 3.7);
    const diag = new DiagonalMetric(5, [0.3, 1.7, 2e-3, 45, 1 / 3]);
    // A random symmetric positive definite matrix A Aᵀ + I.
    const a = Array.from({ length: 25 }, () => rng.normal());
    const spd = Array.from({ length: 25 }, (_, k) => {
      const [i, j] = [Math.floor(k / 5), k % 5];
      let s = i === j ? 1 : 0;
      for (let l = 0; l < 5; l++) s += a[i * 5 + l] * a[j * 5 + l];
      return s;
    });
    for (const metric of [diag, new DenseMetric(5, spd)]) {
      const v = new Float64Array(5);
      const w = new Float64Array(5);
      metric.velocity(p, v);
      expect(metric.velocityAndKinetic(p, w)).toBe(metric.kineticEnergy(p));
      expect(Array.from(w)).toEqual(Array.from(v));
    }
  });
});
