import { Rng, type Tensor } from '@dopl/core';
import { initialPoint } from '../nuts/initial-point.js';
import type { ApproximateFit } from './approximate-fit.js';
import { type LaplaceApproximation, laplaceApproximation, laplaceDraws } from './laplace.js';
import {
  type InitValues,
  type ModelInput,
  resolveModel,
  seedOrRandom,
  unconstrainedInit,
} from './model-input.js';
import {
  checkJacobian,
  OPTIMIZE_DEFAULTS,
  type OptimizeRun,
  type OptimizeSettings,
  runOptimize,
} from './optimize.js';
import { approximationToInferenceData } from './to-inference-data.js';

export interface OptimizeOptions extends OptimizeSettings {
  /** Seeds the random init and the Laplace draws. Random (and recorded) when absent. */
  readonly seed?: number;
  /** Starting point: natural-scale values of latent nodes or an unconstrained vector; random uniform(−2, 2) otherwise. */
  readonly init?: InitValues;
  /** Draws from the Laplace approximation N(mode, (−∇² log p)⁻¹): true for 1000, or how many. */
  readonly laplace?: boolean | { readonly draws?: number };
  readonly modelText?: string;
}

export interface OptimizeFit extends ApproximateFit {
  readonly algorithm: 'map';
  /** Natural-scale values at the mode (latent and deterministic nodes). */
  readonly mode: Record<string, Tensor>;
  readonly modeUnconstrained: Float64Array;
  /** log p at the mode (Jacobian included, unnormalised). */
  readonly logDensity: number;
  /** L-BFGS outcome: iterations, status, convergence, evaluations. */
  readonly result: OptimizeRun;
  /** Present when Laplace draws were requested. */
  readonly laplace?: LaplaceApproximation;
}

/**
 * The posterior mode by L-BFGS (Stan's `optimize`). The InferenceData holds the mode as a single
 * draw, or, with `laplace`, draws from the Laplace approximation at the mode.
 */
export function optimize(input: ModelInput, options: OptimizeOptions = {}): OptimizeFit {
  checkJacobian(options.jacobian);
  const { graph, model, compileSeconds } = resolveModel(input, 'optimization');
  const seed = seedOrRandom(options.seed);
  const root = new Rng(seed);
  const t0 = performance.now();
  const start = initialPoint(model, root.fork(0), { init: unconstrainedInit(model, options.init) });
  const result = runOptimize(model, start.q, options);
  const laplaceCount =
    options.laplace === true ? 1000 : options.laplace ? (options.laplace.draws ?? 1000) : 0;
  let laplace: LaplaceApproximation | undefined;
  let draws: Float64Array = Float64Array.from(result.x);
  let stats: Record<string, Float64Array> = { lp: Float64Array.of(result.logDensity) };
  let numDraws = 1;
  if (laplaceCount > 0) {
    laplace = laplaceApproximation(model, result.x);
    const sampled = laplaceDraws(model, laplace, root.fork(1), laplaceCount);
    draws = sampled.draws;
    stats = { lp: sampled.logP, lp_approx: sampled.logQ };
    numDraws = laplaceCount;
  }
  const fitSeconds = (performance.now() - t0) / 1000;
  const warnings = result.converged ? [] : [`optimize: ${result.message}`];
  const idata = approximationToInferenceData(graph, model, draws, numDraws, stats, {
    seed,
    modelText: options.modelText,
    sampler: {
      algorithm: 'map',
      numChains: 1,
      numWarmup: 0,
      numSamples: numDraws,
      jacobian: true,
      laplace: laplaceCount > 0,
      historySize: options.historySize ?? OPTIMIZE_DEFAULTS.historySize,
      iterations: result.iterations,
      converged: result.converged,
      status: result.status,
      logDensity: result.logDensity,
      mode: Array.from(result.x),
    },
  });
  return {
    idata,
    graph,
    model,
    draws,
    numDraws,
    warnings,
    timing: { compileSeconds, fitSeconds },
    algorithm: 'map',
    mode: model.constrain(result.x),
    modeUnconstrained: result.x,
    logDensity: result.logDensity,
    result,
    ...(laplace === undefined ? {} : { laplace }),
  };
}
