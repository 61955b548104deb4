import { DoplError } from '@dopl/core';
import type { DensityModel } from './density.js';
import type { BatchDensityModel } from './elbo-batched.js';
import { FullRankGaussian, type GaussianFamily, MeanFieldGaussian } from './gaussian-family.js';
import { solveLower } from './linalg.js';

// An affine frame θ = c + L z of the unconstrained space (L lower triangular, positive diagonal)
// for preconditioned ADVI: the model seen in z, and Gaussians mapped between the two frames.
// Gaussians stay Gaussian, full-rank ones stay full-rank, and with a diagonal L mean-field ones
// stay mean-field, so the ELBO optimum is the same in either frame (the ELBO differs by the
// constant log det L).

export interface AffineFrame {
  readonly dim: number;
  /** The model as a density of z (Jacobian log det L omitted: a constant). */
  readonly model: DensityModel;
  /** log det L, to be added to an ELBO computed in z to get the ELBO in θ. */
  readonly logDet: number;
  /** z of a point θ. */
  toFrame(theta: ArrayLike<number>): Float64Array;
  /** The θ-space Gaussian of a z-space one. */
  fromFrame(q: GaussianFamily): GaussianFamily;
  /** A batched density of θ seen in z, like `model`. */
  batchModel(batch: BatchDensityModel): BatchDensityModel;
}

/** With `diagonal`, only L's diagonal is used (the frame for mean-field families). */
export function affineFrame(
  model: DensityModel,
  center: ArrayLike<number>,
  cholesky: ArrayLike<number>,
  diagonal: boolean,
): AffineFrame {
  const d = model.dim;
  if (center.length !== d || cholesky.length !== d * d) {
    throw new DoplError(`ADVI preconditioner: expected a center of length ${d} and a ${d} × ${d} factor`);
  }
  const c = Float64Array.from(center);
  const L = new Float64Array(d * d);
  let logDet = 0;
  for (let i = 0; i < d; i++) {
    const lii = cholesky[i * d + i];
    if (!(lii > 0 && Number.isFinite(lii))) {
      throw new DoplError(
        `ADVI preconditioner: the factor's diagonal must be positive and finite (entry ${i} is ${lii})`,
      );
    }
    logDet += Math.log(lii);
    for (let j = 0; j <= i; j++) L[i * d + j] = diagonal && j !== i ? 0 : cholesky[i * d + j];
  }
  const theta = new Float64Array(d);
  const g = new Float64Array(d);
  const toTheta = (z: ArrayLike<number>, out = theta, zOffset = 0, outOffset = 0) => {
    for (let i = 0; i < d; i++) {
      let v = c[i];
      for (let j = 0; j <= i; j++) v += L[i * d + j] * z[zOffset + j];
      out[outOffset + i] = v;
    }
  };
  // ∇z = Lᵀ ∇θ
  const pullBack = (gTheta: ArrayLike<number>, gz: Float64Array, gOffset = 0, zOffset = 0) => {
    for (let j = 0; j < d; j++) {
      let v = 0;
      for (let i = j; i < d; i++) v += L[i * d + j] * gTheta[gOffset + i];
      gz[zOffset + j] = v;
    }
  };
  const frameModel: DensityModel = {
    dim: d,
    logDensity(z) {
      toTheta(z);
      return model.logDensity(theta);
    },
    logDensityAndGradient(z, gradOut) {
      toTheta(z);
      const lp = model.logDensityAndGradient(theta, g);
      pullBack(g, gradOut);
      return lp;
    },
  };
  return {
    dim: d,
    model: frameModel,
    logDet,
    batchModel(batch) {
      let thetas = new Float64Array(0);
      let grads = new Float64Array(0);
      const toThetas = (zs: Float64Array, B: number) => {
        if (thetas.length < B * d) {
          thetas = new Float64Array(B * d);
          grads = new Float64Array(B * d);
        }
        for (let b = 0; b < B; b++) toTheta(zs, thetas, b * d, b * d);
        return thetas.subarray(0, B * d);
      };
      return {
        dim: d,
        logDensityBatch: (zs, B) => batch.logDensityBatch(toThetas(zs, B), B),
        logDensityAndGradientBatch(zs, B, gradOut) {
          const lp = batch.logDensityAndGradientBatch(toThetas(zs, B), B, grads);
          for (let b = 0; b < B; b++) pullBack(grads, gradOut, b * d, b * d);
          return lp;
        },
      };
    },
    toFrame(x) {
      const z = new Float64Array(d);
      for (let i = 0; i < d; i++) z[i] = x[i] - c[i];
      solveLower(L, d, z);
      return z;
    },
    fromFrame(q) {
      const mu = q.mean();
      const out = new Float64Array(d);
      for (let i = 0; i < d; i++) {
        let v = c[i];
        for (let j = 0; j <= i; j++) v += L[i * d + j] * mu[j];
        out[i] = v;
      }
      if (q instanceof MeanFieldGaussian) {
        const r = new MeanFieldGaussian(d);
        for (let i = 0; i < d; i++) {
          r.params[i] = out[i];
          r.params[d + i] = q.params[d + i] + Math.log(L[i * d + i]);
        }
        return r;
      }
      if (q instanceof FullRankGaussian) {
        const Lz = q.choleskyFactor();
        const r = new FullRankGaussian(d);
        r.params.set(out);
        let k = d;
        for (let i = 0; i < d; i++) {
          for (let j = 0; j <= i; j++) {
            let v = 0;
            for (let t = j; t <= i; t++) v += L[i * d + t] * Lz[t * d + j];
            r.params[k++] = v;
          }
        }
        return r;
      }
      throw new DoplError(`ADVI preconditioner: unknown family ${q.kind}`);
    },
  };
}
