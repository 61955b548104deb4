import { DoplError, Rng } from '@dopl/core';
import type { WindowOptions } from './adaptation-windows.js';
import { initialPoint } from './initial-point.js';
import { createMetric, type MetricKind } from './metric.js';
import { createNutsWorkspace, type NutsWorkspace, nutsTransition, type TransitionStats } from './nuts.js';
import type { PhasePoint } from './phase-point.js';
import {
  createStaticHmcWorkspace,
  type StaticHmcWorkspace,
  staticHmcTransition,
  stepsForIntegrationTime,
} from './static-hmc.js';
import type { RandomSource, Target } from './target.js';
import { WarmupAdapter } from './warmup-adapter.js';

/** Static HMC: a fixed integration time (leapfrog steps ⌊T/ε⌋) or a fixed number of steps. */
export interface StaticHmcAlgorithm {
  readonly kind: 'static';
  /** Integration time T, default 2π (Stan's int_time); ignored when numSteps is given. */
  readonly integrationTime?: number;
  /** A fixed number of leapfrog steps whatever the step size. */
  readonly numSteps?: number;
}

export interface ProgressInfo {
  /** 0-based iteration within the phase. */
  readonly iteration: number;
  readonly phase: 'warmup' | 'sampling';
  /** Divergent transitions so far in this phase. */
  readonly divergences: number;
  readonly stepSize: number;
}

export interface SampleChainOptions {
  readonly numWarmup?: number;
  readonly numSamples?: number;
  /** Seed of the chain's stream (ignored when `rng` is given). One of seed or rng is required. */
  readonly seed?: number | string;
  readonly rng?: RandomSource;
  /** Starting point on the unconstrained scale; random uniform(−2, 2) inits when absent. */
  readonly init?: ArrayLike<number>;
  /** 'diag' (default) or 'dense'. */
  readonly metric?: MetricKind;
  /** Starting inverse metric: length dim (diag) or dim × dim row-major (dense); identity by default. */
  readonly inverseMetric?: ArrayLike<number>;
  /** Starting step size (default 1); with numWarmup = 0 it is used as is. */
  readonly stepSize?: number;
  /** Target mean acceptance statistic δ of dual averaging, default 0.8. */
  readonly targetAccept?: number;
  /** NUTS maximum tree depth, default 10. */
  readonly maxTreeDepth?: number;
  /** 'nuts' (default) or static HMC. */
  readonly algorithm?: 'nuts' | StaticHmcAlgorithm;
  /** Warm-up schedule, default 75 / 25 (doubling) / 50. */
  readonly adaptationWindows?: WindowOptions;
  /**
   * Called after every iteration (throttle on the receiving side if it is expensive). The info
   * object is the chain's own and is overwritten at the next iteration (the hot loop allocates
   * nothing): read it during the call, copy it to keep it.
   */
  readonly onProgress?: (info: ProgressInfo) => void;
}

/** Per-draw sampler statistics, named as in Stan / ArviZ sample_stats. */
export interface SampleStats {
  readonly lp: Float64Array;
  readonly accept_stat: Float64Array;
  readonly step_size: Float64Array;
  readonly tree_depth: Float64Array;
  readonly n_leapfrog: Float64Array;
  /** 1 for a divergent transition, else 0. */
  readonly diverging: Float64Array;
  readonly energy: Float64Array;
}

export interface ChainResult {
  readonly dim: number;
  readonly numSamples: number;
  /** Post-warm-up draws on the unconstrained scale, numSamples × dim, row-major. */
  readonly draws: Float64Array;
  readonly stats: SampleStats;
  /** The adapted (or given) step size used for sampling. */
  readonly stepSize: number;
  readonly metric: MetricKind;
  /** The adapted inverse metric: length dim (diag) or dim × dim row-major (dense). */
  readonly inverseMetric: Float64Array;
  readonly warmupSeconds: number;
  readonly samplingSeconds: number;
  /** Warnings about the adaptation schedule (as Stan prints them). */
  readonly warnings: readonly string[];
}

/**
 * One chain of NUTS (or static HMC) with Stan's warm-up: random or given init, step-size
 * heuristic, `numWarmup` adapting transitions, then `numSamples` transitions with the step size
 * and metric fixed. The loop is a thin shell around the transition functions.
 */
export function sampleChain(target: Target, options: SampleChainOptions = {}): ChainResult {
  const numWarmup = options.numWarmup ?? 1000;
  const numSamples = options.numSamples ?? 1000;
  checkCount('numWarmup', numWarmup);
  checkCount('numSamples', numSamples);
  const targetAccept = options.targetAccept ?? 0.8;
  if (!(targetAccept > 0 && targetAccept < 1)) {
    throw new DoplError(`targetAccept must be in (0, 1), got ${targetAccept}`);
  }
  const initialStepSize = options.stepSize ?? 1;
  if (!(initialStepSize > 0 && Number.isFinite(initialStepSize))) {
    throw new DoplError(`stepSize must be positive and finite, got ${initialStepSize}`);
  }
  const rng = chainRng(options);
  const dim = target.dim;
  const metricKind = options.metric ?? 'diag';
  const metric = createMetric(metricKind, dim, options.inverseMetric);
  const transition = makeTransition(target, options, metric);

  const state = initialPoint(target, rng, { init: options.init });
  const warnings: string[] = [];
  const onProgress = options.onProgress;
  const progress: Mutable<ProgressInfo> = {
    iteration: 0,
    phase: 'warmup',
    divergences: 0,
    stepSize: Number.NaN,
  };

  // Warm-up.
  const warmupStart = performance.now();
  let stepSize = initialStepSize;
  if (numWarmup > 0) {
    const adapter = new WarmupAdapter(target, metric, numWarmup, {
      initialStepSize,
      delta: targetAccept,
      windows: options.adaptationWindows,
    });
    const windowWarning = adapter.metricAdaptation.windows.warning;
    if (windowWarning !== undefined) warnings.push(windowWarning);
    adapter.start(state, rng);
    let divergences = 0;
    for (let i = 0; i < numWarmup; i++) {
      const used = adapter.stepSize;
      const s = transition(state, used, rng);
      if (s.divergent) divergences++;
      adapter.learn(s.acceptStat, state, rng);
      if (onProgress !== undefined) {
        progress.iteration = i;
        progress.divergences = divergences;
        progress.stepSize = used;
        onProgress(progress);
      }
    }
    stepSize = adapter.finish();
  }
  const warmupSeconds = (performance.now() - warmupStart) / 1000;

  // Sampling.
  const draws = new Float64Array(numSamples * dim);
  const stats: SampleStats = {
    lp: new Float64Array(numSamples),
    accept_stat: new Float64Array(numSamples),
    step_size: new Float64Array(numSamples),
    tree_depth: new Float64Array(numSamples),
    n_leapfrog: new Float64Array(numSamples),
    diverging: new Float64Array(numSamples),
    energy: new Float64Array(numSamples),
  };
  const samplingStart = performance.now();
  let divergences = 0;
  for (let i = 0; i < numSamples; i++) {
    const s = transition(state, stepSize, rng);
    draws.set(state.q, i * dim);
    stats.lp[i] = state.lp;
    stats.accept_stat[i] = s.acceptStat;
    stats.step_size[i] = stepSize;
    stats.tree_depth[i] = s.treeDepth;
    stats.n_leapfrog[i] = s.nLeapfrog;
    stats.diverging[i] = s.divergent ? 1 : 0;
    stats.energy[i] = s.energy;
    if (s.divergent) divergences++;
    if (onProgress !== undefined) {
      progress.iteration = i;
      progress.phase = 'sampling';
      progress.divergences = divergences;
      progress.stepSize = stepSize;
      onProgress(progress);
    }
  }
  const samplingSeconds = (performance.now() - samplingStart) / 1000;

  return {
    dim,
    numSamples,
    draws,
    stats,
    stepSize,
    metric: metricKind,
    inverseMetric: Float64Array.from(metric.inverse),
    warmupSeconds,
    samplingSeconds,
    warnings,
  };
}

type Mutable<T> = { -readonly [K in keyof T]: T[K] };

type Transition = (state: PhasePoint, stepSize: number, rng: RandomSource) => TransitionStats;

function makeTransition(
  target: Target,
  options: SampleChainOptions,
  metric: ReturnType<typeof createMetric>,
): Transition {
  const algorithm = options.algorithm ?? 'nuts';
  if (algorithm === 'nuts') {
    const ws: NutsWorkspace = createNutsWorkspace(target, metric, { maxTreeDepth: options.maxTreeDepth });
    return (state, stepSize, rng) => nutsTransition(ws, state, stepSize, rng);
  }
  if (algorithm.kind !== 'static') {
    throw new DoplError(
      `algorithm must be 'nuts' or { kind: 'static', … }, got ${JSON.stringify(algorithm)}`,
    );
  }
  const ws: StaticHmcWorkspace = createStaticHmcWorkspace(target, metric);
  const { numSteps } = algorithm;
  if (numSteps !== undefined) {
    if (!Number.isSafeInteger(numSteps) || numSteps < 1) {
      throw new DoplError(`numSteps must be a positive integer, got ${numSteps}`);
    }
    return (state, stepSize, rng) => staticHmcTransition(ws, state, stepSize, numSteps, rng);
  }
  const integrationTime = algorithm.integrationTime ?? 2 * Math.PI;
  if (!(integrationTime > 0 && Number.isFinite(integrationTime))) {
    throw new DoplError(`integrationTime must be positive and finite, got ${integrationTime}`);
  }
  return (state, stepSize, rng) =>
    staticHmcTransition(ws, state, stepSize, stepsForIntegrationTime(integrationTime, stepSize), rng);
}

function chainRng(options: SampleChainOptions): RandomSource {
  if (options.rng !== undefined) return options.rng;
  if (options.seed !== undefined) return new Rng(options.seed);
  throw new DoplError('sampleChain needs a seed or an rng (results must be reproducible)');
}

function checkCount(name: string, n: number): void {
  if (!Number.isSafeInteger(n) || n < 0)
    throw new DoplError(`${name} must be a non-negative integer, got ${n}`);
}
