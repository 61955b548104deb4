import { describe, expect, it } from 'vitest';
import { affineFrame } from './affine-frame.js';
import { FullRankGaussian, MeanFieldGaussian } from './gaussian-family.js';
import { skewed } from './test-densities.js';

describe('affine frame θ = c + L z', () => {
  const c = [0.5, -1];
  const L = [2, 0, 0.3, 0.5];

  it('the model in z has gradient Lᵀ ∇θ', () => {
    const frame = affineFrame(skewed, c, L, false);
    const z = [0.2, -0.4];
    const g = new Float64Array(2);
    const lp = frame.model.logDensityAndGradient(z, g);
    const theta = [c[0] + 2 * z[0], c[1] + 0.3 * z[0] + 0.5 * z[1]];
    const gt = new Float64Array(2);
    expect(lp).toBe(skewed.logDensityAndGradient(theta, gt));
    expect(g[0]).toBeCloseTo(2 * gt[0] + 0.3 * gt[1], 14);
    expect(g[1]).toBeCloseTo(0.5 * gt[1], 14);
    expect(Array.from(frame.toFrame(theta))).toEqual(z.map((v) => expect.closeTo(v, 14)));
    expect(frame.logDet).toBeCloseTo(Math.log(1), 14);
  });

  it('maps a full-rank Gaussian in z to θ exactly, entropy shifted by log det L', () => {
    const frame = affineFrame(skewed, c, L, false);
    const qz = new FullRankGaussian(2);
    qz.params.set([0.1, 0.2, 1.5, -0.4, 0.7]);
    const qt = frame.fromFrame(qz);
    const eta = [0.3, -1.1];
    const z = new Float64Array(2);
    const t = new Float64Array(2);
    qz.transform(eta, z);
    qt.transform(eta, t);
    expect(t[0]).toBeCloseTo(c[0] + 2 * z[0], 14);
    expect(t[1]).toBeCloseTo(c[1] + 0.3 * z[0] + 0.5 * z[1], 14);
    expect(qt.entropy()).toBeCloseTo(qz.entropy() + frame.logDet, 14);
  });

  it('uses only the diagonal for mean-field, so the family stays mean-field', () => {
    const frame = affineFrame(skewed, c, L, true);
    const qz = new MeanFieldGaussian(2);
    qz.params.set([0.1, 0.2, 0.3, -0.2]);
    const qt = frame.fromFrame(qz);
    expect(qt.kind).toBe('meanfield');
    const cov = qt.covariance();
    expect(cov[1]).toBe(0);
    expect(cov[0]).toBeCloseTo(4 * Math.exp(0.6), 12);
    expect(cov[3]).toBeCloseTo(0.25 * Math.exp(-0.4), 12);
    expect(() => affineFrame(skewed, c, [1, 0, 0, 0], false)).toThrow(/positive/);
  });
});
