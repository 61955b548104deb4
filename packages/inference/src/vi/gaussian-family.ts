import { dot } from './linalg.js';

// The two variational families of ADVI (Kucukelbir et al. 2017; Stan's normal_meanfield and
// normal_fullrank): Gaussians on the unconstrained space, reparameterised as ζ = μ + S·η with
// η ~ N(0, I). Their parameters live in one packed vector so that the step-size sequences treat
// every coordinate alike, as Stan's operators on the families do.

const HALF_LOG_2PI_PLUS_HALF = 0.5 * (1 + Math.log(2 * Math.PI));
const HALF_LOG_2PI = 0.5 * Math.log(2 * Math.PI);

export type FamilyKind = 'meanfield' | 'fullrank';

export interface GaussianFamily {
  readonly kind: FamilyKind;
  /** Dimension d of the unconstrained space. */
  readonly dim: number;
  /**
   * The variational parameters, packed: mean-field [μ (d), ω (d)] with ω = log sd; full-rank
   * [μ (d), the lower triangle of the Cholesky factor L row by row (d(d+1)/2)].
   */
  readonly params: Float64Array;
  /** Mean `mu` and identity covariance (Stan's `Q(cont_params)`). */
  reset(mu: ArrayLike<number>): void;
  /** ζ = μ + S η (zeta must not alias eta). */
  transform(eta: ArrayLike<number>, zeta: Float64Array): void;
  /** Entropy of q: ½ d (1 + log 2π) + log |det S|. */
  entropy(): number;
  /** log q(ζ) for ζ = transform(η), from η. */
  logDensityFromStandard(eta: ArrayLike<number>): number;
  /** Adds one Monte Carlo draw's term of the ELBO gradient: ∇ζ log p at ζ = μ + Sη. */
  accumulateGradient(gradOut: Float64Array, eta: ArrayLike<number>, gradLogp: ArrayLike<number>): void;
  /** Averages `n` accumulated draws and adds the entropy's gradient. */
  finishGradient(gradOut: Float64Array, n: number): void;
  /** μ (a copy). */
  mean(): Float64Array;
  /** The covariance S Sᵀ, d × d row-major. */
  covariance(): Float64Array;
  /** A copy with the same parameters. */
  clone(): GaussianFamily;
}

export function createFamily(kind: FamilyKind, dim: number): GaussianFamily {
  return kind === 'meanfield' ? new MeanFieldGaussian(dim) : new FullRankGaussian(dim);
}

/** Independent Gaussians: sd = exp(ω). */
export class MeanFieldGaussian implements GaussianFamily {
  readonly kind = 'meanfield' as const;
  readonly params: Float64Array;
  constructor(readonly dim: number) {
    this.params = new Float64Array(2 * dim);
  }

  reset(mu: ArrayLike<number>): void {
    const d = this.dim;
    for (let i = 0; i < d; i++) {
      this.params[i] = mu[i];
      this.params[d + i] = 0;
    }
  }

  transform(eta: ArrayLike<number>, zeta: Float64Array): void {
    const d = this.dim;
    const p = this.params;
    for (let i = 0; i < d; i++) zeta[i] = p[i] + Math.exp(p[d + i]) * eta[i];
  }

  entropy(): number {
    const d = this.dim;
    let s = d * HALF_LOG_2PI_PLUS_HALF;
    for (let i = 0; i < d; i++) s += this.params[d + i];
    return s;
  }

  logDensityFromStandard(eta: ArrayLike<number>): number {
    const d = this.dim;
    let logDet = 0;
    for (let i = 0; i < d; i++) logDet += this.params[d + i];
    return -0.5 * dot(eta, eta, d) - d * HALF_LOG_2PI - logDet;
  }

  accumulateGradient(gradOut: Float64Array, eta: ArrayLike<number>, gradLogp: ArrayLike<number>): void {
    const d = this.dim;
    for (let i = 0; i < d; i++) {
      gradOut[i] += gradLogp[i];
      gradOut[d + i] += gradLogp[i] * eta[i];
    }
  }

  finishGradient(gradOut: Float64Array, n: number): void {
    const d = this.dim;
    for (let i = 0; i < d; i++) {
      gradOut[i] /= n;
      // Chain rule through sd = exp(ω), plus the entropy's gradient (1 per coordinate).
      gradOut[d + i] = (gradOut[d + i] / n) * Math.exp(this.params[d + i]) + 1;
    }
  }

  mean(): Float64Array {
    return this.params.slice(0, this.dim);
  }

  covariance(): Float64Array {
    const d = this.dim;
    const c = new Float64Array(d * d);
    for (let i = 0; i < d; i++) c[i * d + i] = Math.exp(2 * this.params[d + i]);
    return c;
  }

  clone(): MeanFieldGaussian {
    const c = new MeanFieldGaussian(this.dim);
    c.params.set(this.params);
    return c;
  }
}

/** A Gaussian with covariance L Lᵀ, L lower triangular (its diagonal may have either sign). */
export class FullRankGaussian implements GaussianFamily {
  readonly kind = 'fullrank' as const;
  readonly params: Float64Array;
  constructor(readonly dim: number) {
    this.params = new Float64Array(dim + (dim * (dim + 1)) / 2);
  }

  /** Offset of L[i, j] (j ≤ i) in `params`. */
  private at(i: number, j: number): number {
    return this.dim + (i * (i + 1)) / 2 + j;
  }

  reset(mu: ArrayLike<number>): void {
    const d = this.dim;
    this.params.fill(0);
    for (let i = 0; i < d; i++) {
      this.params[i] = mu[i];
      this.params[this.at(i, i)] = 1;
    }
  }

  transform(eta: ArrayLike<number>, zeta: Float64Array): void {
    const d = this.dim;
    const p = this.params;
    for (let i = 0; i < d; i++) {
      let s = p[i];
      const row = this.at(i, 0);
      for (let j = 0; j <= i; j++) s += p[row + j] * eta[j];
      zeta[i] = s;
    }
  }

  private logDet(): number {
    let s = 0;
    for (let i = 0; i < this.dim; i++) s += Math.log(Math.abs(this.params[this.at(i, i)]));
    return s;
  }

  entropy(): number {
    return this.dim * HALF_LOG_2PI_PLUS_HALF + this.logDet();
  }

  logDensityFromStandard(eta: ArrayLike<number>): number {
    const d = this.dim;
    return -0.5 * dot(eta, eta, d) - d * HALF_LOG_2PI - this.logDet();
  }

  accumulateGradient(gradOut: Float64Array, eta: ArrayLike<number>, gradLogp: ArrayLike<number>): void {
    const d = this.dim;
    for (let i = 0; i < d; i++) {
      const g = gradLogp[i];
      gradOut[i] += g;
      const row = this.at(i, 0);
      for (let j = 0; j <= i; j++) gradOut[row + j] += g * eta[j];
    }
  }

  finishGradient(gradOut: Float64Array, n: number): void {
    for (let k = 0; k < gradOut.length; k++) gradOut[k] /= n;
    // The entropy's gradient: 1 / L[i, i] on the diagonal.
    for (let i = 0; i < this.dim; i++) gradOut[this.at(i, i)] += 1 / this.params[this.at(i, i)];
  }

  mean(): Float64Array {
    return this.params.slice(0, this.dim);
  }

  /** The Cholesky factor L, d × d row-major. */
  choleskyFactor(): Float64Array {
    const d = this.dim;
    const L = new Float64Array(d * d);
    for (let i = 0; i < d; i++) for (let j = 0; j <= i; j++) L[i * d + j] = this.params[this.at(i, j)];
    return L;
  }

  covariance(): Float64Array {
    const d = this.dim;
    const L = this.choleskyFactor();
    const c = new Float64Array(d * d);
    for (let i = 0; i < d; i++) {
      for (let j = 0; j <= i; j++) {
        let s = 0;
        for (let k = 0; k <= j; k++) s += L[i * d + k] * L[j * d + k];
        c[i * d + j] = s;
        c[j * d + i] = s;
      }
    }
    return c;
  }

  clone(): FullRankGaussian {
    const c = new FullRankGaussian(this.dim);
    c.params.set(this.params);
    return c;
  }
}
