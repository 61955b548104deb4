import type { CompiledModel } from '@dopl/core';

/** Numbers of log-density evaluations, with and without the gradient. */
export interface EvaluationCounts {
  /** Calls of `logDensity` (no gradient). */
  logDensity: number;
  /** Calls of `logDensityAndGradient`. */
  gradient: number;
}

/** A compiled model that counts its evaluations (for benchmarks and tests). */
export interface CountingModel extends CompiledModel {
  readonly counts: EvaluationCounts;
  /** Sets both counts back to zero. */
  resetCounts(): void;
}

/**
 * Wraps a compiled model so that every log-density and gradient evaluation is counted; the
 * wrapper is itself a `CompiledModel` and can be passed to `advi`, `pathfinder`, `optimize` or
 * the NUTS chain in place of the original.
 */
export function countEvaluations(model: CompiledModel): CountingModel {
  const counts: EvaluationCounts = { logDensity: 0, gradient: 0 };
  return {
    backend: model.backend,
    graph: model.graph,
    layout: model.layout,
    dim: model.dim,
    source: model.source,
    counts,
    resetCounts() {
      counts.logDensity = 0;
      counts.gradient = 0;
    },
    logDensity(theta) {
      counts.logDensity++;
      return model.logDensity(theta);
    },
    logDensityAndGradient(theta, gradOut) {
      counts.gradient++;
      return model.logDensityAndGradient(theta, gradOut);
    },
    constrain: (theta) => model.constrain(theta),
    unconstrain: (values) => model.unconstrain(values),
  };
}
