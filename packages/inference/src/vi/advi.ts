import { DoplError } from '@dopl/core';
import type { RandomSource } from '../nuts/target.js';
import { affineFrame } from './affine-frame.js';
import { type DensityModel, safeLogDensity } from './density.js';
import { createElboWorkspace, estimateElbo, estimateElboGradient } from './elbo.js';
import {
  type BatchDensityModel,
  createBatchWorkspace,
  estimateElboBatched,
  estimateElboGradientBatched,
} from './elbo-batched.js';
import { ElboConvergence } from './elbo-convergence.js';
import { createFamily, type FamilyKind, type GaussianFamily } from './gaussian-family.js';
import { Adam, type AdamOptions, type AscentStep, StanStepSequence } from './step-size.js';

// Automatic differentiation variational inference (Kucukelbir et al. 2017) as Stan runs it
// (`stan/variational/advi.hpp`): a grid search for the step-size scale η, then stochastic
// gradient ascent on the ELBO with the adaptive step-size sequence until the relative ELBO change
// settles, then draws from the fitted Gaussian.

/** Defaults as in Stan's `variational` method. */
export const ADVI_DEFAULTS = {
  algorithm: 'meanfield',
  gradSamples: 1,
  elboSamples: 100,
  evalElbo: 100,
  eta: 1,
  adaptEngaged: true,
  adaptIter: 50,
  tolRelObj: 0.01,
  maxIterations: 10_000,
  outputDraws: 1000,
} as const;

/** η used with a preconditioner when none is given (the adaptation is then off by default). */
export const PRECONDITIONED_ETA = 0.1;

/** The η values the adaptation tries, largest first (Stan's eta_sequence). */
export const ETA_SEQUENCE: readonly number[] = [100, 10, 1, 0.1, 0.01];

export interface AdviSettings {
  /** 'meanfield' (default, as in Stan) or 'fullrank'. */
  readonly algorithm?: FamilyKind;
  /** Monte Carlo draws per ELBO-gradient estimate, default 1. */
  readonly gradSamples?: number;
  /** Monte Carlo draws per ELBO estimate, default 100. */
  readonly elboSamples?: number;
  /** Estimate the ELBO (and test convergence) every this many iterations, default 100. */
  readonly evalElbo?: number;
  /** Step-size scale; used as given when `adaptEngaged` is false. Default 1 (0.1 with a preconditioner). */
  readonly eta?: number;
  /** Choose η by Stan's grid search over {100, 10, 1, 0.1, 0.01}; default true (false with a preconditioner). */
  readonly adaptEngaged?: boolean;
  /** Iterations per η tried during the adaptation, default 50. */
  readonly adaptIter?: number;
  /** Relative ELBO change below which the run has converged, default 0.01. */
  readonly tolRelObj?: number;
  /** Default 10 000. */
  readonly maxIterations?: number;
  /** Stan's adaptive sequence (default) or Adam on the same η·i^(−1/2) scale. */
  readonly optimizer?: 'stan' | ({ readonly kind: 'adam' } & AdamOptions);
  /** Draws from the fitted approximation, default 1000. */
  readonly outputDraws?: number;
  /**
   * Run the optimisation in the frame θ = center + L z (L lower triangular, d × d row-major;
   * only its diagonal is used for mean-field, which keeps the family mean-field). The Gaussian
   * families are closed under this map, so the ELBO optimum is unchanged, but a frame matched to
   * the posterior's scales and correlations (e.g. a Laplace or Pathfinder covariance) lets
   * Stan's scale-free step sizes resolve parameters of very different scales. Not in Stan.
   */
  readonly preconditioner?: Preconditioner;
  /**
   * The same log density evaluated at many points per call (the tfjs backend's batched methods):
   * when given, each ELBO and ELBO-gradient estimate evaluates all its Monte Carlo draws in one
   * call, and so does the log density of the output draws.
   */
  readonly batch?: BatchDensityModel;
}

export interface Preconditioner {
  readonly center: ArrayLike<number>;
  /** Lower-triangular L, d × d row-major, with a positive diagonal. */
  readonly cholesky: ArrayLike<number>;
}

export interface ElboTraceEntry {
  readonly iteration: number;
  readonly elbo: number;
  readonly meanChange: number;
  readonly medianChange: number;
}

export interface AdviRun {
  /** The fitted approximation on the unconstrained space. */
  readonly approximation: GaussianFamily;
  /** The η used by the main run (adapted or given). */
  readonly eta: number;
  /** ELBO after each η tried by the adaptation (empty when it was off). */
  readonly etaTrials: readonly { readonly eta: number; readonly elbo: number }[];
  /** Iterations of the main run. */
  readonly iterations: number;
  readonly converged: boolean;
  /** Which rule stopped the run ('mean' or 'median' relative ELBO change), if it converged. */
  readonly convergedBy: 'mean' | 'median' | undefined;
  /** The ELBO every `evalElbo` iterations. */
  readonly elboTrace: readonly ElboTraceEntry[];
  /** Stan's informational messages that cast doubt on the result. */
  readonly warnings: readonly string[];
  /** `outputDraws` × dim draws from the approximation, row-major, unconstrained. */
  readonly draws: Float64Array;
  /** log p of each draw (Jacobian included, unnormalised; Stan's log_p__). */
  readonly logP: Float64Array;
  /** log q of each draw (Stan's log_g__, here normalised). */
  readonly logQ: Float64Array;
}

function positiveInt(name: string, v: number): number {
  if (!Number.isSafeInteger(v) || v < 1)
    throw new DoplError(`ADVI: ${name} must be a positive integer, got ${v}`);
  return v;
}

function positive(name: string, v: number): number {
  if (!(v > 0 && Number.isFinite(v)))
    throw new DoplError(`ADVI: ${name} must be positive and finite, got ${v}`);
  return v;
}

/**
 * Runs ADVI on `model` from the unconstrained point `init` (the approximation starts at mean
 * `init`, identity covariance), drawing every random number from `rng`.
 */
export function runAdvi(
  model: DensityModel,
  init: ArrayLike<number>,
  rng: RandomSource,
  settings: AdviSettings = {},
): AdviRun {
  const dim = model.dim;
  if (init.length !== dim) throw new DoplError(`ADVI: init has length ${init.length}, expected ${dim}`);
  const kind = settings.algorithm ?? ADVI_DEFAULTS.algorithm;
  if (kind !== 'meanfield' && kind !== 'fullrank') {
    throw new DoplError(`ADVI: algorithm must be 'meanfield' or 'fullrank', got ${JSON.stringify(kind)}`);
  }
  const gradSamples = positiveInt('gradSamples', settings.gradSamples ?? ADVI_DEFAULTS.gradSamples);
  const elboSamples = positiveInt('elboSamples', settings.elboSamples ?? ADVI_DEFAULTS.elboSamples);
  const evalElbo = positiveInt('evalElbo', settings.evalElbo ?? ADVI_DEFAULTS.evalElbo);
  const adaptIter = positiveInt('adaptIter', settings.adaptIter ?? ADVI_DEFAULTS.adaptIter);
  const maxIterations = positiveInt('maxIterations', settings.maxIterations ?? ADVI_DEFAULTS.maxIterations);
  const outputDraws = positiveInt('outputDraws', settings.outputDraws ?? ADVI_DEFAULTS.outputDraws);
  const tolRelObj = positive('tolRelObj', settings.tolRelObj ?? ADVI_DEFAULTS.tolRelObj);

  const frame =
    settings.preconditioner === undefined
      ? undefined
      : affineFrame(
          model,
          settings.preconditioner.center,
          settings.preconditioner.cholesky,
          kind === 'meanfield',
        );
  const target = frame === undefined ? model : frame.model;
  const start = frame === undefined ? Float64Array.from(init) : frame.toFrame(init);
  // ELBOs are reported in θ (the frame's log det L added), so the convergence rule sees the same values.
  const elboShift = frame === undefined ? 0 : frame.logDet;
  const q = createFamily(kind, dim);
  q.reset(start);
  const optimizer = settings.optimizer ?? 'stan';
  const step: AscentStep =
    optimizer === 'stan' ? new StanStepSequence(q.params.length) : new Adam(q.params.length, optimizer);
  const grad = new Float64Array(q.params.length);
  const ws = createElboWorkspace(dim);
  if (settings.batch !== undefined && settings.batch.dim !== dim) {
    throw new DoplError(`ADVI: the batched model has dimension ${settings.batch.dim}, expected ${dim}`);
  }
  const batch =
    settings.batch === undefined || frame === undefined ? settings.batch : frame.batchModel(settings.batch);
  const bws = batch === undefined ? undefined : createBatchWorkspace(dim, Math.max(gradSamples, elboSamples));
  const elboOf = (): number =>
    batch === undefined
      ? estimateElbo(target, q, rng, elboSamples, ws)
      : estimateElboBatched(batch, q, rng, elboSamples, bws!);
  const gradientOf = (): void =>
    batch === undefined
      ? estimateElboGradient(target, q, rng, gradSamples, grad, ws)
      : estimateElboGradientBatched(batch, q, rng, gradSamples, grad, bws!);
  const warnings: string[] = [];

  // --- η adaptation (Stan's adapt_eta) ---------------------------------------------------------
  const etaTrials: { eta: number; elbo: number }[] = [];
  // In a preconditioned frame the run starts near the optimum, where Stan's η search (which
  // expects the ELBO to climb) tends to reject every η; a fixed η = 0.1 in the frame's units suits it.
  const adaptEngaged = settings.adaptEngaged ?? (frame === undefined ? ADVI_DEFAULTS.adaptEngaged : false);
  let eta = positive('eta', settings.eta ?? (frame === undefined ? ADVI_DEFAULTS.eta : PRECONDITIONED_ETA));
  if (adaptEngaged) {
    let elboInit: number;
    try {
      elboInit = elboOf() + elboShift;
    } catch (error) {
      if (!(error instanceof DoplError)) throw error;
      throw new DoplError(
        'ADVI: cannot compute the ELBO at the initial approximation; the model may be severely ill-conditioned or misspecified',
        { cause: error },
      );
    }
    let elboBest = -Number.MAX_VALUE;
    let etaBest = 0;
    for (let index = 0; index < ETA_SEQUENCE.length; index++) {
      const candidate = ETA_SEQUENCE[index];
      for (let iter = 1; iter <= adaptIter; iter++) {
        try {
          gradientOf();
        } catch (error) {
          if (!(error instanceof DoplError)) throw error;
          grad.fill(0); // it is fine to diverge here: a smaller η will be tried
        }
        step.update(q.params, grad, candidate, iter);
      }
      let elbo: number;
      try {
        elbo = elboOf() + elboShift;
      } catch (error) {
        if (!(error instanceof DoplError)) throw error;
        elbo = -Number.MAX_VALUE;
      }
      etaTrials.push({ eta: candidate, elbo });
      let done = false;
      if (elbo < elboBest && elboBest > elboInit) {
        done = true;
      } else if (index < ETA_SEQUENCE.length - 1) {
        elboBest = elbo;
        etaBest = candidate;
      } else if (elbo > elboInit) {
        etaBest = candidate;
        done = true;
      } else {
        throw new DoplError(
          'ADVI: all proposed step sizes η failed; the model may be either severely ill-conditioned or misspecified',
        );
      }
      step.reset();
      q.reset(start);
      if (done) break;
    }
    eta = etaBest;
  }

  // --- stochastic gradient ascent (Stan's stochastic_gradient_ascent) --------------------------
  const convergence = new ElboConvergence(tolRelObj, maxIterations, evalElbo);
  const elboTrace: ElboTraceEntry[] = [];
  let iterations = 0;
  let convergedBy: 'mean' | 'median' | undefined;
  for (let iter = 1; iter <= maxIterations; iter++) {
    iterations = iter;
    let elbo = Number.NaN;
    try {
      gradientOf();
      step.update(q.params, grad, eta, iter);
      if (iter % evalElbo === 0) elbo = elboOf() + elboShift;
    } catch (error) {
      if (!(error instanceof DoplError)) throw error;
      // As in Stan the run stops here; say where, and what usually helps.
      throw new DoplError(
        `${error.message} (iteration ${iter}, η = ${eta}); try a smaller η with adaptEngaged: false, more gradSamples, ` +
          "or precondition: 'laplace'",
        { cause: error },
      );
    }
    if (iter % evalElbo === 0) {
      const check = convergence.push(elbo, iter);
      elboTrace.push({
        iteration: iter,
        elbo: check.elbo,
        meanChange: check.meanChange,
        medianChange: check.medianChange,
      });
      if (check.mayBeDiverging && !warnings.some((w) => w.includes('diverging'))) {
        warnings.push(
          `the relative ELBO change was still above 0.5 at iteration ${iter}: the optimisation may be diverging; inspect the ELBO trace`,
        );
      }
      if (check.converged !== undefined) {
        convergedBy = check.converged;
        if (Math.abs((convergence.best - check.elbo) / check.elbo) > 0.05) {
          warnings.push(
            'the ELBO at an earlier iteration was larger than at convergence: the approximation may not have converged to a good optimum',
          );
        }
        break;
      }
    }
  }
  if (convergedBy === undefined) {
    warnings.push(
      `the maximum number of iterations (${maxIterations}) was reached before the relative ELBO change fell below ${tolRelObj}: ` +
        'the approximation may not have converged and is not guaranteed to be meaningful',
    );
  }

  // --- draws from the approximation ------------------------------------------------------------
  const fitted = frame === undefined ? q : frame.fromFrame(q);
  const draws = new Float64Array(outputDraws * dim);
  const logP = new Float64Array(outputDraws);
  const logQ = new Float64Array(outputDraws);
  for (let n = 0; n < outputDraws; n++) {
    for (let k = 0; k < dim; k++) ws.eta[k] = rng.normal();
    fitted.transform(ws.eta, ws.zeta);
    draws.set(ws.zeta, n * dim);
    logQ[n] = fitted.logDensityFromStandard(ws.eta);
    if (settings.batch === undefined) logP[n] = safeLogDensity(model, ws.zeta);
  }
  if (settings.batch !== undefined) {
    const lp = settings.batch.logDensityBatch(draws, outputDraws);
    for (let n = 0; n < outputDraws; n++) logP[n] = Number.isNaN(lp[n]) ? Number.NEGATIVE_INFINITY : lp[n];
  }

  return {
    approximation: fitted,
    eta,
    etaTrials,
    iterations,
    converged: convergedBy !== undefined,
    convergedBy,
    elboTrace,
    warnings,
    draws,
    logP,
    logQ,
  };
}
