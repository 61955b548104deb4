import { DoplError, Rng } from '@dopl/core';
import type { DensityModel } from './density.js';
import {
  PATHFINDER_DEFAULTS,
  runSinglePathfinder,
  type SinglePathResult,
  type SinglePathSettings,
} from './pathfinder.js';
import { paretoSmoothedWeights } from './psis.js';
import { resampleWithReplacement } from './resample.js';

// Multi-path Pathfinder (Zhang et al. 2022, Algorithm 2; Stan's `services/pathfinder/multi.hpp`):
// independent paths from different random inits, their draws pooled and resampled by
// Pareto-smoothed importance weights p/q. Path i draws from stream i of the seed and the
// resampling from stream `numPaths`, so the result does not depend on how paths are scheduled.

export interface MultiPathSettings extends SinglePathSettings {
  /** Paths, default 4. With 1, the single path's draws are returned as they are (as CmdStan does). */
  readonly numPaths?: number;
  /** Draws after importance resampling, default 1000. */
  readonly numMultiDraws?: number;
  /** Resample by PSIS weights, default true; false returns every path's draws pooled. */
  readonly psisResample?: boolean;
}

export interface MultiPathResult {
  /** The returned draws, unconstrained, row-major. */
  readonly draws: Float64Array;
  readonly numDraws: number;
  /** log p and log q (under the draw's own path approximation) of each returned draw. */
  readonly logP: Float64Array;
  readonly logQ: Float64Array;
  /** The Pareto k̂ of the pooled importance ratios (NaN when no tail could be fitted). */
  readonly paretoK: number;
  /** Paths that succeeded (failed ones are reported in `warnings`). */
  readonly paths: readonly SinglePathResult[];
  readonly warnings: readonly string[];
}

export function runMultiPathfinder(
  model: DensityModel,
  seed: number | string,
  settings: MultiPathSettings = {},
  inits?: readonly (ArrayLike<number> | undefined)[],
): MultiPathResult {
  const numPaths = settings.numPaths ?? PATHFINDER_DEFAULTS.numPaths;
  const numMultiDraws = settings.numMultiDraws ?? PATHFINDER_DEFAULTS.numMultiDraws;
  if (!Number.isSafeInteger(numPaths) || numPaths < 1) {
    throw new DoplError(`Pathfinder: numPaths must be a positive integer, got ${numPaths}`);
  }
  if (!Number.isSafeInteger(numMultiDraws) || numMultiDraws < 1) {
    throw new DoplError(`Pathfinder: numMultiDraws must be a positive integer, got ${numMultiDraws}`);
  }
  const root = new Rng(seed);
  const warnings: string[] = [];
  const paths: SinglePathResult[] = [];
  for (let i = 0; i < numPaths; i++) {
    try {
      const path = runSinglePathfinder(model, root.fork(i), settings, inits?.[i]);
      paths.push(path);
      for (const w of path.warnings) warnings.push(`path ${i}: ${w}`);
    } catch (error) {
      if (!(error instanceof DoplError)) throw error;
      warnings.push(`path ${i} failed: ${error.message}`);
    }
  }
  if (paths.length === 0)
    throw new DoplError(`Pathfinder: all ${numPaths} paths failed (${warnings.join('; ')})`);

  const d = model.dim;
  const total = paths.reduce((s, p) => s + p.numDraws, 0);
  const pooled = new Float64Array(total * d);
  const logP = new Float64Array(total);
  const logQ = new Float64Array(total);
  let offset = 0;
  for (const p of paths) {
    pooled.set(p.draws, offset * d);
    logP.set(p.logP, offset);
    logQ.set(p.logQ, offset);
    offset += p.numDraws;
  }
  const logRatios = logP.map((lp, i) => lp - logQ[i]);
  const smoothed = paretoSmoothedWeights(logRatios);
  if (smoothed.paretoK > 0.7) {
    warnings.push(
      `Pareto k̂ = ${smoothed.paretoK.toFixed(2)} is greater than 0.7: importance resampling cannot correct the ` +
        'approximation, which may itself be poor',
    );
  }
  const resample = settings.psisResample ?? true;
  if (numPaths === 1 || !resample) {
    return { draws: pooled, numDraws: total, logP, logQ, paretoK: smoothed.paretoK, paths, warnings };
  }
  const picks = resampleWithReplacement(smoothed.logWeights, numMultiDraws, root.fork(numPaths));
  const draws = new Float64Array(numMultiDraws * d);
  const outP = new Float64Array(numMultiDraws);
  const outQ = new Float64Array(numMultiDraws);
  picks.forEach((idx, t) => {
    draws.set(pooled.subarray(idx * d, (idx + 1) * d), t * d);
    outP[t] = logP[idx];
    outQ[t] = logQ[idx];
  });
  return {
    draws,
    numDraws: numMultiDraws,
    logP: outP,
    logQ: outQ,
    paretoK: smoothed.paretoK,
    paths,
    warnings,
  };
}
