import { DoplError } from '@dopl/core';

/**
 * What the samplers need from a model: the length of the unconstrained vector and the log density
 * with its gradient. A `CompiledModel` from `@dopl/core` is one; tests pass hand-written targets.
 */
export interface Target {
  readonly dim: number;
  /** Writes ∇ log p(θ) into `gradOut` and returns log p(θ); must not allocate on the hot path. */
  logDensityAndGradient(theta: Float64Array, gradOut: Float64Array): number;
}

/** The random numbers the samplers draw; `Rng` from `@dopl/core` is one. */
export interface RandomSource {
  /** Uniform on the open interval (0, 1). */
  uniform(): number;
  /** Standard normal. */
  normal(): number;
}

/**
 * The log density at `q`, gradient into `grad`. Like Stan's Hamiltonian, a model error (a
 * `DoplError`, e.g. a NaN produced inside the model) makes the point impossible: the log density
 * is −∞, so the proposal is rejected (and counted as divergent) rather than ending the chain.
 * Any other exception is a bug and propagates.
 */
export function evaluateTarget(target: Target, q: Float64Array, grad: Float64Array): number {
  try {
    return target.logDensityAndGradient(q, grad);
  } catch (error) {
    if (error instanceof DoplError) return Number.NEGATIVE_INFINITY;
    throw error;
  }
}
