// Stochastic-gradient ascent steps for ADVI. Both share Stan's scale η and its decay 1/√i, so
// the η adaptation (a grid search over η) serves either of them.

/** One ascent update of the variational parameters from a noisy ELBO gradient. */
export interface AscentStep {
  /** Forgets the gradient history (Stan does this before trying each η and before the main run). */
  reset(): void;
  /** params += step(grad); `iteration` counts from 1 since the last reset. */
  update(params: Float64Array, grad: Float64Array, eta: number, iteration: number): void;
}

export interface StanStepOptions {
  /** τ, default 1. */
  readonly tau?: number;
  /** Weight of the old squared-gradient history, default 0.9 (Stan's pre_factor). */
  readonly pre?: number;
  /** Weight of the new squared gradient, default 0.1 (Stan's post_factor). */
  readonly post?: number;
}

/**
 * Stan's adaptive step-size sequence (Kucukelbir et al. 2017, eq. 10, as in `advi.hpp`):
 * sₖ = g² on the first iteration, then 0.9·sₖ₋₁ + 0.1·g²; step ρ = η·i^(−1/2) / (τ + √sₖ),
 * elementwise. Stan's code uses i^(−1/2) exactly (the paper's i^(−1/2+ε) with ε = 10⁻¹⁶).
 */
export class StanStepSequence implements AscentStep {
  readonly #history: Float64Array;
  readonly #tau: number;
  readonly #pre: number;
  readonly #post: number;
  constructor(size: number, options: StanStepOptions = {}) {
    this.#history = new Float64Array(size);
    this.#tau = options.tau ?? 1;
    this.#pre = options.pre ?? 0.9;
    this.#post = options.post ?? 0.1;
  }

  reset(): void {
    this.#history.fill(0);
  }

  update(params: Float64Array, grad: Float64Array, eta: number, iteration: number): void {
    const s = this.#history;
    if (iteration === 1) {
      for (let k = 0; k < s.length; k++) s[k] += grad[k] * grad[k];
    } else {
      for (let k = 0; k < s.length; k++) s[k] = this.#pre * s[k] + this.#post * grad[k] * grad[k];
    }
    const scaled = eta / Math.sqrt(iteration);
    for (let k = 0; k < s.length; k++) params[k] += (scaled * grad[k]) / (this.#tau + Math.sqrt(s[k]));
  }
}

export interface AdamOptions {
  /** Decay of the first-moment average, default 0.9. */
  readonly beta1?: number;
  /** Decay of the second-moment average, default 0.999. */
  readonly beta2?: number;
  /** Added to √v̂, default 1e-8. */
  readonly epsilon?: number;
  /** Scale the learning rate by i^(−1/2) like Stan's sequence (default true); false keeps it constant. */
  readonly decay?: boolean;
}

/**
 * Adam (Kingma & Ba 2015) with bias-corrected moments; the learning rate is η·i^(−1/2) by
 * default, so that noisy gradients still let the iterates settle (a constant rate leaves them
 * jittering on the scale of η).
 */
export class Adam implements AscentStep {
  readonly #m: Float64Array;
  readonly #v: Float64Array;
  readonly #beta1: number;
  readonly #beta2: number;
  readonly #epsilon: number;
  readonly #decay: boolean;
  constructor(size: number, options: AdamOptions = {}) {
    this.#m = new Float64Array(size);
    this.#v = new Float64Array(size);
    this.#beta1 = options.beta1 ?? 0.9;
    this.#beta2 = options.beta2 ?? 0.999;
    this.#epsilon = options.epsilon ?? 1e-8;
    this.#decay = options.decay ?? true;
    for (const [name, b] of [
      ['beta1', this.#beta1],
      ['beta2', this.#beta2],
    ] as const) {
      if (!(b >= 0 && b < 1)) throw new RangeError(`Adam ${name} must be in [0, 1), got ${b}`);
    }
  }

  reset(): void {
    this.#m.fill(0);
    this.#v.fill(0);
  }

  update(params: Float64Array, grad: Float64Array, eta: number, iteration: number): void {
    const b1 = this.#beta1;
    const b2 = this.#beta2;
    const c1 = 1 - b1 ** iteration;
    const c2 = 1 - b2 ** iteration;
    const rate = this.#decay ? eta / Math.sqrt(iteration) : eta;
    const m = this.#m;
    const v = this.#v;
    for (let k = 0; k < params.length; k++) {
      m[k] = b1 * m[k] + (1 - b1) * grad[k];
      v[k] = b2 * v[k] + (1 - b2) * grad[k] * grad[k];
      params[k] += (rate * (m[k] / c1)) / (Math.sqrt(v[k] / c2) + this.#epsilon);
    }
  }
}
