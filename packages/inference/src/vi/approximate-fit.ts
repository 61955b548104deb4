import type { CompiledModel, Graph } from '@dopl/core';
import type { InferenceData } from '../data/index.js';

/** What `advi`, `pathfinder` and `optimize` return: the InferenceData plus what produced it. */
export interface ApproximateFit {
  /** One chain of draws from the approximation (or the mode alone), like a NUTS fit's idata. */
  readonly idata: InferenceData;
  readonly graph: Graph;
  readonly model: CompiledModel;
  /** The draws on the unconstrained scale, numDraws × dim, row-major. */
  readonly draws: Float64Array;
  readonly numDraws: number;
  /** Messages that cast doubt on the result (non-convergence, a large Pareto k̂, …). */
  readonly warnings: readonly string[];
  readonly timing: {
    readonly compileSeconds: number;
    /** Optimisation and drawing, constraining excluded. */
    readonly fitSeconds: number;
  };
}
