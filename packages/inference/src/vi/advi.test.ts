import { Rng } from '@dopl/core';
import { describe, expect, it } from 'vitest';
import { ETA_SEQUENCE, runAdvi } from './advi.js';
import { gaussianDensity, inverse2 } from './test-densities.js';

// A correlated 2-d Gaussian (ρ = 0.9, scales 2 and 1): full-rank ADVI's optimum is the target
// itself; mean-field's is the right mean with variances 1 / P_ii (the conditional variances), the
// textbook underdispersion.
const mean = [1, -2];
const cov = [4, 1.8, 1.8, 1];
const precision = inverse2(cov);
const target = gaussianDensity(mean, precision);

describe('ADVI on a Gaussian target', () => {
  it('full-rank recovers the mean and covariance (10 gradient draws, tolRelObj 1e-4)', () => {
    const r = runAdvi(target, [0, 0], new Rng(3), {
      algorithm: 'fullrank',
      gradSamples: 10,
      tolRelObj: 1e-4,
    });
    const m = r.approximation.mean();
    const c = r.approximation.covariance();
    expect(m[0]).toBeCloseTo(1, 1);
    expect(m[1]).toBeCloseTo(-2, 1);
    for (let k = 0; k < 4; k++)
      expect(Math.abs(c[k] - cov[k])).toBeLessThan(0.1 * Math.sqrt(cov[0] * cov[3]));
    expect(ETA_SEQUENCE).toContain(r.eta);
    expect(r.etaTrials.length).toBeGreaterThan(0);
  });

  it('mean-field gets the mean and the conditional variances 1 / P_ii, smaller than the marginal ones', () => {
    const r = runAdvi(target, [0, 0], new Rng(3), {
      algorithm: 'meanfield',
      gradSamples: 10,
      tolRelObj: 1e-4,
    });
    const m = r.approximation.mean();
    const c = r.approximation.covariance();
    expect(m[0]).toBeCloseTo(1, 1);
    expect(m[1]).toBeCloseTo(-2, 1);
    // Declared tolerance: ±12 % on the variances (Monte Carlo noise of the final iterate).
    expect(Math.abs(c[0] * precision[0] - 1)).toBeLessThan(0.12);
    expect(Math.abs(c[3] * precision[3] - 1)).toBeLessThan(0.12);
    expect(c[0]).toBeLessThan(0.25 * cov[0]);
    expect(c[3]).toBeLessThan(0.25 * cov[3]);
  });

  it('keeps the ELBO trace every evalElbo iterations and draws from the fit', () => {
    const r = runAdvi(target, [0, 0], new Rng(4), { algorithm: 'meanfield', outputDraws: 50 });
    expect(r.elboTrace.length).toBe(r.iterations / 100);
    expect(r.elboTrace.map((e) => e.iteration)).toEqual(r.elboTrace.map((_, i) => 100 * (i + 1)));
    expect(r.draws.length).toBe(100);
    expect(r.logP.every(Number.isFinite)).toBe(true);
    // Stan's first relative change is |0 − ELBO| / |ELBO| = 1.
    expect(r.elboTrace[0].meanChange).toBe(1);
  });

  it('is reproducible bit for bit with the same stream, and differs with another', () => {
    const a = runAdvi(target, [0.5, 0.5], new Rng(9), { algorithm: 'fullrank', maxIterations: 500 });
    const b = runAdvi(target, [0.5, 0.5], new Rng(9), { algorithm: 'fullrank', maxIterations: 500 });
    const c = runAdvi(target, [0.5, 0.5], new Rng(10), { algorithm: 'fullrank', maxIterations: 500 });
    expect(Array.from(a.draws)).toEqual(Array.from(b.draws));
    expect(a.elboTrace).toEqual(b.elboTrace);
    expect(Array.from(a.draws)).not.toEqual(Array.from(c.draws));
  });

  // Adam's iterates are noisier at the end: declared tolerance 30 % on the covariance.
  it('Adam on the same η scale also reaches the optimum', () => {
    const r = runAdvi(target, [0, 0], new Rng(3), {
      algorithm: 'fullrank',
      optimizer: { kind: 'adam' },
      gradSamples: 10,
      tolRelObj: 1e-4,
    });
    const c = r.approximation.covariance();
    expect(r.approximation.mean()[0]).toBeCloseTo(1, 1);
    expect(Math.abs(c[0] - 4)).toBeLessThan(1.2);
    expect(Math.abs(c[1] - 1.8)).toBeLessThan(0.6);
    expect(Math.abs(c[3] - 1)).toBeLessThan(0.3);
  });

  it('a preconditioned run reaches the same optimum, in θ', () => {
    const L = [2, 0, 0.9, Math.sqrt(1 - 0.81)]; // Cholesky factor of cov
    const r = runAdvi(target, [1, -2], new Rng(3), {
      algorithm: 'fullrank',
      preconditioner: { center: [1, -2], cholesky: L },
      gradSamples: 10,
    });
    expect(r.eta).toBe(0.1);
    expect(r.etaTrials).toEqual([]);
    const c = r.approximation.covariance();
    expect(r.approximation.mean()[1]).toBeCloseTo(-2, 1);
    for (let k = 0; k < 4; k++) expect(Math.abs(c[k] - cov[k])).toBeLessThan(0.1);
    // The ELBO is reported in θ: for the exact fit it is the log normalising constant
    // ½ log det(2π Σ) (± the Monte Carlo error of 100 draws, sd ≈ 0.1).
    const last = r.elboTrace[r.elboTrace.length - 1].elbo;
    expect(Math.abs(last - 0.5 * Math.log((2 * Math.PI) ** 2 * (4 - 1.8 * 1.8)))).toBeLessThan(0.35);
  });

  it('rejects bad settings', () => {
    expect(() => runAdvi(target, [0, 0], new Rng(1), { gradSamples: 0 })).toThrow(/gradSamples/);
    expect(() => runAdvi(target, [0, 0], new Rng(1), { tolRelObj: -1 })).toThrow(/tolRelObj/);
    expect(() => runAdvi(target, [0], new Rng(1))).toThrow(/init/);
    expect(() => runAdvi(target, [0, 0], new Rng(1), { algorithm: 'dense' as never })).toThrow(/algorithm/);
  });

  it('fails clearly when the model rejects every draw', () => {
    const nowhere = { dim: 1, logDensity: () => Number.NaN, logDensityAndGradient: () => Number.NaN };
    expect(() => runAdvi(nowhere, [0], new Rng(1))).toThrow(/initial approximation/);
  });
});
