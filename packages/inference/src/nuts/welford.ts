/**
 * Welford's streaming estimator of per-coordinate variances (Stan's `welford_var_estimator`):
 * numerically stable one-pass updates of the mean and of the summed squared deviations.
 */
export class WelfordVariance {
  readonly #mean: Float64Array;
  readonly #m2: Float64Array;
  #count = 0;

  constructor(readonly dim: number) {
    this.#mean = new Float64Array(dim);
    this.#m2 = new Float64Array(dim);
  }

  get count(): number {
    return this.#count;
  }

  restart(): void {
    this.#count = 0;
    this.#mean.fill(0);
    this.#m2.fill(0);
  }

  add(x: ArrayLike<number>): void {
    this.#count++;
    const mean = this.#mean;
    const m2 = this.#m2;
    for (let i = 0; i < this.dim; i++) {
      const delta = x[i] - mean[i];
      mean[i] += delta / this.#count;
      m2[i] += (x[i] - mean[i]) * delta;
    }
  }

  /** Sample variances (divisor n − 1) into `out`; leaves `out` untouched with fewer than 2 draws. */
  variance(out: Float64Array): void {
    if (this.#count > 1) for (let i = 0; i < this.dim; i++) out[i] = this.#m2[i] / (this.#count - 1);
  }
}

/** Welford's streaming covariance estimator (Stan's `welford_covar_estimator`), row-major. */
export class WelfordCovariance {
  readonly #mean: Float64Array;
  readonly #delta: Float64Array;
  readonly #m2: Float64Array;
  #count = 0;

  constructor(readonly dim: number) {
    this.#mean = new Float64Array(dim);
    this.#delta = new Float64Array(dim);
    this.#m2 = new Float64Array(dim * dim);
  }

  get count(): number {
    return this.#count;
  }

  restart(): void {
    this.#count = 0;
    this.#mean.fill(0);
    this.#m2.fill(0);
  }

  add(x: ArrayLike<number>): void {
    this.#count++;
    const n = this.dim;
    const mean = this.#mean;
    const delta = this.#delta;
    for (let i = 0; i < n; i++) {
      delta[i] = x[i] - mean[i];
      mean[i] += delta[i] / this.#count;
    }
    // m2 += (x − mean_new)(x − mean_old)ᵀ, which is symmetric: only the lower triangle is kept.
    const m2 = this.#m2;
    for (let i = 0; i < n; i++) {
      const a = x[i] - mean[i];
      for (let j = 0; j <= i; j++) m2[i * n + j] += a * delta[j];
    }
  }

  /** Sample covariance (divisor n − 1) into `out`; leaves `out` untouched with fewer than 2 draws. */
  covariance(out: Float64Array): void {
    if (this.#count <= 1) return;
    const n = this.dim;
    for (let i = 0; i < n; i++) {
      for (let j = 0; j <= i; j++) {
        const c = this.#m2[i * n + j] / (this.#count - 1);
        out[i * n + j] = c;
        out[j * n + i] = c;
      }
    }
  }
}
