import { type CompiledModel, compile, DoplError, Rng, type TfjsCompiledModel } from '@dopl/core';
import { initialPoint } from '../nuts/initial-point.js';
import { ADVI_DEFAULTS, type AdviRun, type AdviSettings, type Preconditioner, runAdvi } from './advi.js';
import type { ApproximateFit } from './approximate-fit.js';
import { laplaceApproximation } from './laplace.js';
import { cholesky } from './linalg.js';
import {
  type InitValues,
  type ModelInput,
  resolveModel,
  seedOrRandom,
  unconstrainedInit,
} from './model-input.js';
import { runOptimize } from './optimize.js';
import { runSinglePathfinder } from './pathfinder.js';
import { approximationToInferenceData } from './to-inference-data.js';

export interface AdviOptions extends AdviSettings {
  /** Same seed, same result, bit for bit. Random (and recorded) when absent. */
  readonly seed?: number;
  /** Initial mean: natural-scale values of latent nodes or an unconstrained vector; random uniform(−2, 2) otherwise. */
  readonly init?: InitValues;
  /** Source text of the model, kept in the InferenceData's attrs. */
  readonly modelText?: string;
  /**
   * Optimise in a frame fitted first (a dopl extension, not in Stan): 'laplace' (L-BFGS mode and
   * finite-difference Hessian) or 'pathfinder' (a single Pathfinder path's Gaussian) gives the
   * center and covariance factor of `preconditioner` (ignored when `preconditioner` is given),
   * and the run starts at that center unless `init` is given. Default 'none' (Stan's ADVI).
   */
  readonly precondition?: 'none' | 'laplace' | 'pathfinder';
  /**
   * 'js' (default): the compiled JavaScript log density, one Monte Carlo draw at a time. 'tfjs':
   * every ELBO and gradient estimate evaluated as one batch over its draws by the tfjs backend
   * (float32; `await initTfjs()` first). Measured on logistic regression with N = 5000, D = 25
   * (benchmarks/vi/tfjs-elbo.ts), the tfjs wasm and cpu backends were 2–8× slower than the js
   * loop at every batch size from 1 to 100, so js stays the default.
   */
  readonly backend?: 'js' | 'tfjs';
}

export interface AdviFit extends ApproximateFit {
  readonly algorithm: 'advi-meanfield' | 'advi-fullrank';
  /** The fitted approximation, ELBO trace, η and convergence details. */
  readonly result: AdviRun;
}

/**
 * Fits a model by ADVI (mean-field by default, full-rank on request) as Stan does, and returns
 * `outputDraws` draws of the approximation as a one-chain InferenceData.
 *
 * ```ts
 * const fit = advi(graph, { algorithm: 'fullrank', seed: 1 });   // fit.idata.posterior.mu.shape = [1, 1000]
 * ```
 */
export function advi(input: ModelInput, options: AdviOptions = {}): AdviFit {
  const { graph, model, compileSeconds } = resolveModel(input, 'ADVI');
  const seed = seedOrRandom(options.seed);
  const root = new Rng(seed);
  const t0 = performance.now();
  const given = unconstrainedInit(model, options.init);
  const preconditioner =
    options.preconditioner ?? frameFor(model, options.precondition ?? 'none', root.fork(2));
  // A preconditioned run starts at the frame's center unless an init is given.
  const init =
    given === undefined && preconditioner !== undefined
      ? preconditioner.center
      : initialPoint(model, root.fork(0), { init: given }).q;
  const backend = options.backend ?? 'js';
  if (backend !== 'js' && backend !== 'tfjs') {
    throw new DoplError(`ADVI: backend must be 'js' or 'tfjs', got ${JSON.stringify(backend)}`);
  }
  const batch: TfjsCompiledModel | undefined =
    backend === 'tfjs' ? compile(graph, { backend: 'tfjs' }) : undefined;
  let result: AdviRun;
  try {
    result = runAdvi(model, init, root.fork(1), { ...options, preconditioner, batch });
  } finally {
    batch?.dispose();
  }
  const fitSeconds = (performance.now() - t0) / 1000;
  const kind = result.approximation.kind;
  const algorithm = kind === 'meanfield' ? 'advi-meanfield' : 'advi-fullrank';
  const numDraws = result.logP.length;
  const last = result.elboTrace[result.elboTrace.length - 1];
  const optimizer = options.optimizer ?? 'stan';
  const idata = approximationToInferenceData(
    graph,
    model,
    result.draws,
    numDraws,
    { lp: result.logP, lp_approx: result.logQ },
    {
      seed,
      modelText: options.modelText,
      sampler: {
        algorithm,
        numChains: 1,
        numWarmup: 0,
        numSamples: numDraws,
        optimizer: optimizer === 'stan' ? 'stan' : 'adam',
        eta: result.eta,
        adaptEngaged: result.etaTrials.length > 0,
        adaptIter: options.adaptIter ?? ADVI_DEFAULTS.adaptIter,
        gradSamples: options.gradSamples ?? ADVI_DEFAULTS.gradSamples,
        elboSamples: options.elboSamples ?? ADVI_DEFAULTS.elboSamples,
        evalElbo: options.evalElbo ?? ADVI_DEFAULTS.evalElbo,
        tolRelObj: options.tolRelObj ?? ADVI_DEFAULTS.tolRelObj,
        maxIterations: options.maxIterations ?? ADVI_DEFAULTS.maxIterations,
        iterations: result.iterations,
        converged: result.converged,
        elbo: last === undefined ? null : last.elbo,
        elboTrace: result.elboTrace.map((e) => [e.iteration, e.elbo]),
        precondition: options.preconditioner !== undefined ? 'given' : (options.precondition ?? 'none'),
        backend,
      },
    },
  );
  return {
    idata,
    graph,
    model,
    draws: result.draws,
    numDraws,
    warnings: result.warnings,
    timing: { compileSeconds, fitSeconds },
    algorithm,
    result,
  };
}

function frameFor(
  model: CompiledModel,
  kind: 'none' | 'laplace' | 'pathfinder',
  rng: Rng,
): Preconditioner | undefined {
  if (kind === 'none') return undefined;
  const d = model.dim;
  let center: Float64Array;
  let covariance: Float64Array;
  if (kind === 'laplace') {
    const mode = runOptimize(model, initialPoint(model, rng).q);
    const approx = laplaceApproximation(model, mode.x);
    center = approx.mode;
    covariance = approx.covariance();
  } else if (kind === 'pathfinder') {
    const path = runSinglePathfinder(model, rng);
    center = path.approximation.center;
    covariance = path.approximation.covariance();
  } else {
    throw new DoplError(
      `ADVI: precondition must be 'none', 'laplace' or 'pathfinder', got ${JSON.stringify(kind)}`,
    );
  }
  const L = new Float64Array(d * d);
  if (!cholesky(covariance, d, L))
    throw new DoplError(`ADVI: the ${kind} covariance is not positive definite`);
  return { center, cholesky: L };
}
