import { DoplError } from '@dopl/core';
import { initialPoint } from '../nuts/initial-point.js';
import type { RandomSource } from '../nuts/target.js';
import { type DensityModel, safeLogDensity, safeLogDensityAndGradient } from './density.js';
import { LBFGS_DEFAULTS, type LbfgsStatus, minimizeLbfgs } from './lbfgs.js';
import { dot } from './linalg.js';
import {
  approximationLogDensity,
  lbfgsGaussian,
  type PathfinderGaussian,
} from './pathfinder-approximation.js';

// Single-path Pathfinder (Zhang, Carpenter, Gelman & Vehtari 2022, Algorithm 1; Stan's
// `services/pathfinder/single.hpp`): L-BFGS on −log p from a random initial point; at every
// iterate a Gaussian from the L-BFGS inverse Hessian (`lbfgsGaussian`), its ELBO estimated with K
// draws; the approximation with the largest ELBO supplies the draws.

/** Defaults as in Stan's `pathfinder` method. */
export const PATHFINDER_DEFAULTS = {
  ...LBFGS_DEFAULTS,
  numElboDraws: 25,
  numDraws: 1000,
  numPaths: 4,
  numMultiDraws: 1000,
  initRadius: 2,
} as const;

export interface SinglePathSettings {
  /** L-BFGS history J, default 5. */
  readonly historySize?: number;
  readonly initAlpha?: number;
  readonly tolObj?: number;
  readonly tolRelObj?: number;
  readonly tolGrad?: number;
  readonly tolRelGrad?: number;
  readonly tolParam?: number;
  /** L-BFGS iterations L, default 1000. */
  readonly maxIterations?: number;
  /** Draws K per ELBO estimate, default 25. */
  readonly numElboDraws?: number;
  /** Draws M returned by the path, default 1000. */
  readonly numDraws?: number;
  /** Random inits are uniform on (−r, r), default 2. */
  readonly initRadius?: number;
}

export interface SinglePathResult {
  /** numDraws × dim draws from the best approximation, unconstrained, row-major. */
  readonly draws: Float64Array;
  readonly numDraws: number;
  /** log p of each draw (Jacobian included, unnormalised); −∞ where the model rejects it. */
  readonly logP: Float64Array;
  /** log q of each draw under the path's best approximation. */
  readonly logQ: Float64Array;
  /** The best approximation and the L-BFGS iteration it came from (1-based). */
  readonly approximation: PathfinderGaussian;
  readonly bestIteration: number;
  readonly elbo: number;
  /** ELBO estimate at each L-BFGS iteration (−∞ where the approximation failed). */
  readonly elboTrace: readonly number[];
  /** The unconstrained initial point. */
  readonly init: Float64Array;
  readonly lbfgsIterations: number;
  readonly lbfgsStatus: LbfgsStatus;
  readonly warnings: readonly string[];
}

/** Paper's curvature check: sᵀy > 0 and yᵀy / sᵀy ≤ 10¹². */
function curvatureOk(s: Float64Array, y: Float64Array): boolean {
  const sy = dot(s, y);
  return sy > 0 && Math.abs(dot(y, y) / sy) <= 1e12;
}

/**
 * Gilbert & Lemaréchal's (1989, eq. 4.9) diagonal update of the initial inverse Hessian, in place
 * (Stan's form_diag).
 */
export function updateDiagonal(alpha: Float64Array, s: Float64Array, y: Float64Array): void {
  const n = alpha.length;
  let yAy = 0;
  let sy = 0;
  let sAinvS = 0;
  for (let i = 0; i < n; i++) {
    yAy += y[i] * alpha[i] * y[i];
    sy += y[i] * s[i];
    sAinvS += (s[i] * s[i]) / alpha[i];
  }
  for (let i = 0; i < n; i++) {
    const r = s[i] / alpha[i];
    alpha[i] = sy / (yAy / alpha[i] + y[i] * y[i] - (yAy / sAinvS) * r * r);
  }
}

/** Runs one path; throws a DoplError when no iterate gave a usable approximation. */
export function runSinglePathfinder(
  model: DensityModel,
  rng: RandomSource,
  settings: SinglePathSettings = {},
  init?: ArrayLike<number>,
): SinglePathResult {
  const d = model.dim;
  const historySize = settings.historySize ?? PATHFINDER_DEFAULTS.historySize;
  const numElboDraws = settings.numElboDraws ?? PATHFINDER_DEFAULTS.numElboDraws;
  const numDraws = settings.numDraws ?? PATHFINDER_DEFAULTS.numDraws;
  for (const [name, v] of [
    ['historySize', historySize],
    ['numElboDraws', numElboDraws],
    ['numDraws', numDraws],
  ] as const) {
    if (!Number.isSafeInteger(v) || v < 1)
      throw new DoplError(`Pathfinder: ${name} must be a positive integer, got ${v}`);
  }
  const start = initialPoint(model, rng, {
    init,
    radius: settings.initRadius ?? PATHFINDER_DEFAULTS.initRadius,
  });
  const x0 = Float64Array.from(start.q);

  const sHist: Float64Array[] = [];
  const yHist: Float64Array[] = [];
  const alpha = new Float64Array(d).fill(1);
  const u = new Float64Array(d);
  const elboTrace: number[] = [];
  let best:
    | {
        q: PathfinderGaussian;
        iteration: number;
        elbo: number;
        draws: Float64Array;
        logP: Float64Array;
        logQ: Float64Array;
      }
    | undefined;

  const drawFrom = (q: PathfinderGaussian, n: number) => {
    const draws = new Float64Array(n * d);
    const logP = new Float64Array(n);
    const logQ = new Float64Array(n);
    const out = new Float64Array(d);
    for (let t = 0; t < n; t++) {
      for (let k = 0; k < d; k++) u[k] = rng.normal();
      q.sample(u, out);
      draws.set(out, t * d);
      logQ[t] = approximationLogDensity(q, u);
      logP[t] = safeLogDensity(model, out);
    }
    return { draws, logP, logQ };
  };

  const negLogDensity = (x: Float64Array, g: Float64Array) => {
    const lp = safeLogDensityAndGradient(model, x, g);
    for (let i = 0; i < d; i++) g[i] = -g[i];
    return -lp;
  };
  const result = minimizeLbfgs(negLogDensity, x0, {
    historySize,
    initAlpha: settings.initAlpha,
    tolObj: settings.tolObj,
    tolRelObj: settings.tolRelObj,
    tolGrad: settings.tolGrad,
    tolRelGrad: settings.tolRelGrad,
    tolParam: settings.tolParam,
    maxIterations: settings.maxIterations,
    onIteration: ({ iteration, x, g, s, y }) => {
      if (curvatureOk(s, y)) {
        updateDiagonal(alpha, s, y);
        if (sHist.length === historySize) {
          sHist.shift();
          yHist.shift();
        }
        sHist.push(Float64Array.from(s));
        yHist.push(Float64Array.from(y));
      }
      const q = sHist.length > 0 ? lbfgsGaussian(sHist, yHist, alpha, x, g) : undefined;
      if (q === undefined) {
        elboTrace.push(Number.NEGATIVE_INFINITY);
        return;
      }
      const est = drawFrom(q, numElboDraws);
      let elbo = 0;
      for (let t = 0; t < numElboDraws; t++) elbo += est.logP[t] - est.logQ[t];
      elbo /= numElboDraws;
      if (Number.isNaN(elbo)) elbo = Number.NEGATIVE_INFINITY;
      elboTrace.push(elbo);
      if (best === undefined ? elbo > Number.NEGATIVE_INFINITY : elbo > best.elbo) {
        best = { q, iteration, elbo, ...est };
      }
    },
  });

  const warnings: string[] = [];
  if (best === undefined) {
    throw new DoplError(
      `Pathfinder: none of the ${result.iterations} L-BFGS iterations gave a usable approximation (L-BFGS: ${result.message})`,
    );
  }
  if (result.status === 'line-search-failed' || result.status === 'max-iterations') {
    warnings.push(`Pathfinder: L-BFGS stopped early (${result.message}); the approximation may be poor`);
  }
  const chosen = best;
  let draws: Float64Array;
  let logP: Float64Array;
  let logQ: Float64Array;
  if (numDraws <= numElboDraws) {
    draws = chosen.draws.slice(0, numDraws * d);
    logP = chosen.logP.slice(0, numDraws);
    logQ = chosen.logQ.slice(0, numDraws);
  } else {
    const more = drawFrom(chosen.q, numDraws - numElboDraws);
    draws = new Float64Array(numDraws * d);
    draws.set(chosen.draws);
    draws.set(more.draws, numElboDraws * d);
    logP = new Float64Array(numDraws);
    logP.set(chosen.logP);
    logP.set(more.logP, numElboDraws);
    logQ = new Float64Array(numDraws);
    logQ.set(chosen.logQ);
    logQ.set(more.logQ, numElboDraws);
  }
  return {
    draws,
    numDraws,
    logP,
    logQ,
    approximation: chosen.q,
    bestIteration: chosen.iteration,
    elbo: chosen.elbo,
    elboTrace,
    init: x0,
    lbfgsIterations: result.iterations,
    lbfgsStatus: result.status,
    warnings,
  };
}
