import type { WindowOptions } from './adaptation-windows.js';
import { DualAveraging, type DualAveragingOptions } from './dual-averaging.js';
import { initStepSize, type StepSizeScratch } from './init-step-size.js';
import type { Metric } from './metric.js';
import { MetricAdaptation } from './metric-adaptation.js';
import { createPhasePoint, type PhasePoint } from './phase-point.js';
import type { RandomSource, Target } from './target.js';

export interface WarmupOptions extends DualAveragingOptions {
  /** Step size before adaptation (Stan's stepsize argument), default 1. */
  readonly initialStepSize?: number;
  readonly windows?: WindowOptions;
}

/**
 * Stan's warm-up (the `adapt_*_nuts` wrappers and `run_adaptive_sampler`): dual averaging of the
 * step size after every transition, windowed metric estimation, and at each window end a
 * re-initialised step size (by the heuristic, from the current position), μ = log(10 ε) and a
 * restarted dual averaging. At the end the step size is the dual-averaging average.
 */
export class WarmupAdapter {
  stepSize: number;
  readonly dualAveraging: DualAveraging;
  readonly metricAdaptation: MetricAdaptation;
  readonly #target: Target;
  readonly #metric: Metric;
  readonly #scratch: StepSizeScratch;

  constructor(target: Target, metric: Metric, numWarmup: number, options: WarmupOptions = {}) {
    this.#target = target;
    this.#metric = metric;
    this.stepSize = options.initialStepSize ?? 1;
    // As in Stan's services, μ is first set from the user's step size, before the heuristic runs.
    this.dualAveraging = new DualAveraging(Math.log(10 * this.stepSize), options);
    this.metricAdaptation = new MetricAdaptation(metric, numWarmup, options.windows);
    this.#scratch = { z: createPhasePoint(target.dim), velocity: new Float64Array(target.dim) };
  }

  /** Runs the step-size heuristic at the initial point (before the first warm-up transition). */
  start(state: PhasePoint, rng: RandomSource): void {
    this.stepSize = initStepSize(this.#target, this.#metric, state, this.stepSize, rng, this.#scratch);
  }

  /** Learns from one warm-up transition that ended at `state` with acceptance statistic `acceptStat`. */
  learn(acceptStat: number, state: PhasePoint, rng: RandomSource): void {
    this.stepSize = this.dualAveraging.learn(acceptStat);
    if (this.metricAdaptation.learn(state.q)) {
      this.stepSize = initStepSize(this.#target, this.#metric, state, this.stepSize, rng, this.#scratch);
      this.dualAveraging.mu = Math.log(10 * this.stepSize);
      this.dualAveraging.restart();
    }
  }

  /** Ends warm-up: the step size becomes the averaged iterate. */
  finish(): number {
    this.stepSize = this.dualAveraging.adaptedStepSize();
    return this.stepSize;
  }
}
