import { DoplError } from '@dopl/core';

/**
 * What the variational and optimisation algorithms need from a model: the unconstrained
 * dimension and the log density (Jacobians included) with and without its gradient. A
 * `CompiledModel` from `@dopl/core` is one; tests pass hand-written densities.
 */
export interface DensityModel {
  readonly dim: number;
  logDensity(theta: ArrayLike<number>): number;
  /** Writes ∇ log p(θ) into `gradOut`; must not allocate. */
  logDensityAndGradient(theta: ArrayLike<number>, gradOut: Float64Array): number;
}

/**
 * log p(θ), with a model error (a `DoplError`, e.g. a NaN inside the model) or a NaN read as −∞,
 * as Stan treats a `std::domain_error`: the point is impossible. Other exceptions are bugs and
 * propagate.
 */
export function safeLogDensity(model: DensityModel, theta: ArrayLike<number>): number {
  let lp: number;
  try {
    lp = model.logDensity(theta);
  } catch (error) {
    if (error instanceof DoplError) return Number.NEGATIVE_INFINITY;
    throw error;
  }
  return Number.isNaN(lp) ? Number.NEGATIVE_INFINITY : lp;
}

/** Same with the gradient; a non-finite gradient also makes the point −∞. */
export function safeLogDensityAndGradient(
  model: DensityModel,
  theta: ArrayLike<number>,
  gradOut: Float64Array,
): number {
  let lp: number;
  try {
    lp = model.logDensityAndGradient(theta, gradOut);
  } catch (error) {
    if (error instanceof DoplError) return Number.NEGATIVE_INFINITY;
    throw error;
  }
  if (Number.isNaN(lp)) return Number.NEGATIVE_INFINITY;
  let s = 0;
  for (let i = 0; i < model.dim; i++) s += gradOut[i];
  return Number.isFinite(s) ? lp : Number.NEGATIVE_INFINITY;
}
