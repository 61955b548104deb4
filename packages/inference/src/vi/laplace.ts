import { DoplError } from '@dopl/core';
import type { RandomSource } from '../nuts/target.js';
import { type DensityModel, safeLogDensity, safeLogDensityAndGradient } from './density.js';
import { cholesky, logDetCholesky, solveLowerTransposed } from './linalg.js';

// The Laplace approximation at a mode: N(mode, (−∇² log p)⁻¹) on the unconstrained space, the
// Hessian by central finite differences of the gradient, symmetrised.

const HALF_LOG_2PI = 0.5 * Math.log(2 * Math.PI);

/**
 * ∇² log p at θ (d × d, row-major): column j is (∇ log p(θ + hⱼeⱼ) − ∇ log p(θ − hⱼeⱼ)) / 2hⱼ with
 * hⱼ = ε^⅓·max(1, |θⱼ|) by default, then (H + Hᵀ) / 2. Costs 2d gradient evaluations.
 */
export function finiteDifferenceHessian(
  model: DensityModel,
  theta: ArrayLike<number>,
  relativeStep = Math.cbrt(Number.EPSILON),
): Float64Array {
  const d = model.dim;
  const x = Float64Array.from(theta);
  const gPlus = new Float64Array(d);
  const gMinus = new Float64Array(d);
  const H = new Float64Array(d * d);
  for (let j = 0; j < d; j++) {
    const h = relativeStep * Math.max(1, Math.abs(x[j]));
    const xj = x[j];
    x[j] = xj + h;
    const up = safeLogDensityAndGradient(model, x, gPlus);
    x[j] = xj - h;
    const down = safeLogDensityAndGradient(model, x, gMinus);
    x[j] = xj;
    if (!Number.isFinite(up) || !Number.isFinite(down)) {
      throw new DoplError(
        `Laplace: the log density is not finite within ${h.toExponential(2)} of the mode in coordinate ${j}`,
      );
    }
    for (let i = 0; i < d; i++) H[i * d + j] = (gPlus[i] - gMinus[i]) / (2 * h);
  }
  for (let i = 0; i < d; i++) {
    for (let j = 0; j < i; j++) {
      const v = 0.5 * (H[i * d + j] + H[j * d + i]);
      H[i * d + j] = v;
      H[j * d + i] = v;
    }
  }
  return H;
}

export interface LaplaceApproximation {
  readonly mode: Float64Array;
  /** ∇² log p at the mode. */
  readonly hessian: Float64Array;
  /** Lower Cholesky factor L of the precision −∇² log p = L Lᵀ. */
  readonly precisionCholesky: Float64Array;
  /** The covariance (−∇² log p)⁻¹, d × d. */
  covariance(): Float64Array;
}

/** Throws a DoplError when −∇² log p is not positive definite (not a mode, or a flat direction). */
export function laplaceApproximation(
  model: DensityModel,
  mode: ArrayLike<number>,
  hessian?: Float64Array,
): LaplaceApproximation {
  const d = model.dim;
  const H = hessian ?? finiteDifferenceHessian(model, mode);
  const precision = H.map((v) => -v);
  const L = new Float64Array(d * d);
  if (!cholesky(precision, d, L)) {
    throw new DoplError(
      'Laplace: the negative Hessian at the mode is not positive definite (not a strict mode, or the posterior is improper in some direction)',
    );
  }
  return {
    mode: Float64Array.from(mode),
    hessian: H,
    precisionCholesky: L,
    covariance() {
      const c = new Float64Array(d * d);
      const e = new Float64Array(d);
      for (let j = 0; j < d; j++) {
        // column j of P⁻¹ = L⁻ᵀ L⁻¹ eⱼ
        e.fill(0);
        e[j] = 1;
        for (let i = 0; i < d; i++) {
          let s = e[i];
          for (let k = 0; k < i; k++) s -= L[i * d + k] * e[k];
          e[i] = s / L[i * d + i];
        }
        solveLowerTransposed(L, d, e);
        for (let i = 0; i < d; i++) c[i * d + j] = e[i];
      }
      return c;
    },
  };
}

/** `n` draws mode + L⁻ᵀ z (z standard normal), with log p and log q of each. */
export function laplaceDraws(
  model: DensityModel,
  approx: LaplaceApproximation,
  rng: RandomSource,
  n: number,
): { draws: Float64Array; logP: Float64Array; logQ: Float64Array } {
  const d = model.dim;
  const L = approx.precisionCholesky;
  const logDet = logDetCholesky(L, d); // ½ log det P
  const draws = new Float64Array(n * d);
  const logP = new Float64Array(n);
  const logQ = new Float64Array(n);
  const z = new Float64Array(d);
  const v = new Float64Array(d);
  for (let t = 0; t < n; t++) {
    let zz = 0;
    for (let k = 0; k < d; k++) {
      z[k] = rng.normal();
      zz += z[k] * z[k];
      v[k] = z[k];
    }
    solveLowerTransposed(L, d, v);
    for (let k = 0; k < d; k++) v[k] += approx.mode[k];
    draws.set(v, t * d);
    logQ[t] = logDet - 0.5 * zz - d * HALF_LOG_2PI;
    logP[t] = safeLogDensity(model, v);
  }
  return { draws, logP, logQ };
}
