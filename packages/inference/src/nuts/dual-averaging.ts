/** Settings of Nesterov dual averaging of log ε (Hoffman & Gelman 2014, §3.2; Stan's defaults). */
export interface DualAveragingOptions {
  /** Target mean acceptance statistic δ, default 0.8. */
  readonly delta?: number;
  /** Shrinkage scale γ, default 0.05. */
  readonly gamma?: number;
  /** Decay exponent κ of the iterate averaging, default 0.75. */
  readonly kappa?: number;
  /** Iteration offset t0 that damps the first iterations, default 10. */
  readonly t0?: number;
}

/**
 * Step-size adaptation by dual averaging as Stan's `stepsize_adaptation`: after the t-th
 * transition with acceptance statistic α (capped at 1),
 *   H̄ ← (1 − 1/(t+t0)) H̄ + (δ − α)/(t+t0),  log ε ← μ − √t H̄ / γ,
 *   log ε̄ ← t^−κ log ε + (1 − t^−κ) log ε̄,
 * and the adapted step size is ε̄. μ is the point log ε shrinks towards, log(10 ε₀).
 */
export class DualAveraging {
  readonly delta: number;
  readonly gamma: number;
  readonly kappa: number;
  readonly t0: number;
  mu: number;
  #counter = 0;
  #sBar = 0;
  #xBar = 0;

  constructor(mu: number, options: DualAveragingOptions = {}) {
    this.mu = mu;
    this.delta = options.delta ?? 0.8;
    this.gamma = options.gamma ?? 0.05;
    this.kappa = options.kappa ?? 0.75;
    this.t0 = options.t0 ?? 10;
  }

  /** Forgets the history (at the end of each metric window). */
  restart(): void {
    this.#counter = 0;
    this.#sBar = 0;
    this.#xBar = 0;
  }

  /** Learns from one acceptance statistic; returns the step size for the next transition. */
  learn(acceptStat: number): number {
    this.#counter++;
    const t = this.#counter;
    const alpha = Math.min(acceptStat, 1);
    const eta = 1 / (t + this.t0);
    this.#sBar = (1 - eta) * this.#sBar + eta * (this.delta - alpha);
    const x = this.mu - (this.#sBar * Math.sqrt(t)) / this.gamma;
    const xEta = t ** -this.kappa;
    this.#xBar = (1 - xEta) * this.#xBar + xEta * x;
    return Math.exp(x);
  }

  /** The averaged step size exp(log ε̄), used after warm-up. */
  adaptedStepSize(): number {
    return Math.exp(this.#xBar);
  }
}
