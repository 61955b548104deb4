import { DoplError } from '@dopl/core';
import { AdaptationWindows, type WindowOptions } from './adaptation-windows.js';
import type { Metric } from './metric.js';
import { WelfordCovariance, WelfordVariance } from './welford.js';

/**
 * Windowed estimation of the inverse metric (Stan's `var_adaptation` / `covar_adaptation`):
 * positions inside a slow window feed a Welford estimator; at the window end the estimate is
 * regularised towards 1e-3 (diag) or 1e-3·I (dense),
 *   M⁻¹ = n/(n+5) · Σ̂ + 1e-3 · 5/(n+5) · I,
 * written into the metric, and the estimator restarts.
 */
export class MetricAdaptation {
  readonly windows: AdaptationWindows;
  readonly #metric: Metric;
  readonly #variance: WelfordVariance | undefined;
  readonly #covariance: WelfordCovariance | undefined;
  readonly #estimate: Float64Array;

  constructor(metric: Metric, numWarmup: number, windows: WindowOptions = {}) {
    this.#metric = metric;
    this.windows = new AdaptationWindows(numWarmup, windows);
    if (metric.kind === 'diag') this.#variance = new WelfordVariance(metric.dim);
    else this.#covariance = new WelfordCovariance(metric.dim);
    this.#estimate = new Float64Array(metric.inverse.length);
  }

  /**
   * Feeds the position after one warm-up transition. Returns true when a window ended and the
   * metric was updated (the step size must then be re-initialised).
   */
  learn(q: Float64Array): boolean {
    const w = this.windows;
    if (w.inWindow()) {
      if (this.#variance) this.#variance.add(q);
      else this.#covariance!.add(q);
    }
    if (!w.isWindowEnd()) {
      w.advance();
      return false;
    }
    w.computeNextWindow();
    const est = this.#estimate;
    est.set(this.#metric.inverse);
    const n = this.#variance ? this.#variance.count : this.#covariance!.count;
    if (this.#variance) this.#variance.variance(est);
    else this.#covariance!.covariance(est);
    const dim = this.#metric.dim;
    const shrink = n / (n + 5);
    const ridge = 1e-3 * (5 / (n + 5));
    for (let i = 0; i < est.length; i++) est[i] *= shrink;
    if (this.#variance) for (let i = 0; i < dim; i++) est[i] += ridge;
    else for (let i = 0; i < dim; i++) est[i * dim + i] += ridge;
    for (let i = 0; i < est.length; i++) {
      if (!Number.isFinite(est[i])) {
        throw new DoplError(
          'Numerical overflow in metric adaptation: the sampler met extreme values on the ' +
            'unconstrained space; the posterior may be too wide or improper. Check the model specification.',
        );
      }
    }
    this.#metric.setInverse(est);
    if (this.#variance) this.#variance.restart();
    else this.#covariance!.restart();
    w.advance();
    return true;
  }
}
