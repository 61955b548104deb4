import { DoplError, Rng } from '@dopl/core';
import type { ApproximateFit } from './approximate-fit.js';
import {
  type InitValues,
  type ModelInput,
  resolveModel,
  seedOrRandom,
  unconstrainedInit,
} from './model-input.js';
import { type MultiPathResult, type MultiPathSettings, runMultiPathfinder } from './multi-pathfinder.js';
import { PATHFINDER_DEFAULTS } from './pathfinder.js';
import { paretoSmoothedWeights } from './psis.js';
import { resampleWithoutReplacement } from './resample.js';
import { approximationToInferenceData } from './to-inference-data.js';

export interface PathfinderOptions extends MultiPathSettings {
  /** Same seed, same result, bit for bit. Random (and recorded) when absent. */
  readonly seed?: number;
  /** Starting point of every path (natural-scale values or an unconstrained vector); random uniform(−2, 2) per path otherwise. */
  readonly init?: InitValues;
  /** Source text of the model, kept in the InferenceData's attrs. */
  readonly modelText?: string;
}

export interface PathfinderFit extends ApproximateFit {
  readonly algorithm: 'pathfinder';
  /** Pareto k̂ of the pooled importance ratios (> 0.7: the approximation is poor). */
  readonly paretoK: number;
  /** Every path's approximation, ELBO trace and L-BFGS outcome. */
  readonly result: MultiPathResult;
}

/**
 * Multi-path Pathfinder as in Stan (4 paths of L-BFGS with history 5, 25 ELBO draws per iterate,
 * 1000 draws per path, PSIS resampling to 1000 draws), returned as a one-chain InferenceData.
 */
export function pathfinder(input: ModelInput, options: PathfinderOptions = {}): PathfinderFit {
  const { graph, model, compileSeconds } = resolveModel(input, 'Pathfinder');
  const seed = seedOrRandom(options.seed);
  const numPaths = options.numPaths ?? PATHFINDER_DEFAULTS.numPaths;
  const init = unconstrainedInit(model, options.init);
  const t0 = performance.now();
  const result = runMultiPathfinder(
    model,
    seed,
    options,
    init === undefined ? undefined : Array(numPaths).fill(init),
  );
  const fitSeconds = (performance.now() - t0) / 1000;
  const idata = approximationToInferenceData(
    graph,
    model,
    result.draws,
    result.numDraws,
    { lp: result.logP, lp_approx: result.logQ },
    {
      seed,
      modelText: options.modelText,
      sampler: {
        algorithm: 'pathfinder',
        numChains: 1,
        numWarmup: 0,
        numSamples: result.numDraws,
        numPaths,
        historySize: options.historySize ?? PATHFINDER_DEFAULTS.historySize,
        numElboDraws: options.numElboDraws ?? PATHFINDER_DEFAULTS.numElboDraws,
        numDrawsPerPath: options.numDraws ?? PATHFINDER_DEFAULTS.numDraws,
        psisResample: numPaths > 1 && (options.psisResample ?? true),
        paretoK: Number.isFinite(result.paretoK) ? result.paretoK : null,
        pathElbo: result.paths.map((p) => p.elbo),
        pathBestIteration: result.paths.map((p) => p.bestIteration),
        pathLbfgsIterations: result.paths.map((p) => p.lbfgsIterations),
      },
    },
  );
  return {
    idata,
    graph,
    model,
    draws: result.draws,
    numDraws: result.numDraws,
    warnings: result.warnings,
    timing: { compileSeconds, fitSeconds },
    algorithm: 'pathfinder',
    paretoK: result.paretoK,
    result,
  };
}

/**
 * Initial points for `chains` NUTS chains (unconstrained vectors): multi-path Pathfinder's pooled
 * draws, `chains` of them picked without replacement by their Pareto-smoothed importance weights,
 * so every chain starts at a different point of the approximate posterior's bulk.
 */
export function pathfinderInits(
  input: ModelInput,
  chains: number,
  seed: number | string,
  options: Omit<PathfinderOptions, 'seed' | 'psisResample' | 'modelText'> = {},
): number[][] {
  if (!Number.isSafeInteger(chains) || chains < 1) {
    throw new DoplError(`pathfinderInits: chains must be a positive integer, got ${chains}`);
  }
  const { model } = resolveModel(input, 'Pathfinder');
  const numPaths = options.numPaths ?? PATHFINDER_DEFAULTS.numPaths;
  const init = unconstrainedInit(model, options.init);
  const result = runMultiPathfinder(
    model,
    seed,
    { ...options, psisResample: false },
    init === undefined ? undefined : Array(numPaths).fill(init),
  );
  const weights = paretoSmoothedWeights(result.logP.map((lp, i) => lp - result.logQ[i]));
  const picks = resampleWithoutReplacement(weights.logWeights, chains, new Rng(seed).fork(numPaths));
  const d = model.dim;
  return Array.from(picks, (idx) => Array.from(result.draws.subarray(idx * d, (idx + 1) * d)));
}
