import { DoplError } from '@dopl/core';
import type { RandomSource } from './target.js';

export type MetricKind = 'diag' | 'dense';

/**
 * A Euclidean metric: the kinetic energy is K(p) = ½ pᵀ M⁻¹ p with momentum p ~ N(0, M). Samplers
 * only ever need the inverse metric M⁻¹ (Stan's `inv_metric`), which adaptation estimates as the
 * posterior covariance (or variances).
 */
export interface Metric {
  readonly kind: MetricKind;
  readonly dim: number;
  /** M⁻¹: the diagonal (length dim) or the full matrix (dim × dim, row-major). Read only. */
  readonly inverse: Float64Array;
  /** Replaces M⁻¹ (same layout as `inverse`). */
  setInverse(values: ArrayLike<number>): void;
  /** Draws p ~ N(0, M) into `p`. */
  sampleMomentum(rng: RandomSource, p: Float64Array): void;
  /** ½ pᵀ M⁻¹ p. */
  kineticEnergy(p: Float64Array): number;
  /** dK/dp = M⁻¹ p (the velocity, Stan's `dtau_dp` or p♯) into `out`. */
  velocity(p: Float64Array, out: Float64Array): void;
  /**
   * {@link velocity} into `out` and returns ½ pᵀ(M⁻¹p), bit-identical to {@link kineticEnergy}: NUTS
   * needs both at every state, and the product M⁻¹p is the costly part (O(dim²) when dense).
   */
  velocityAndKinetic(p: Float64Array, out: Float64Array): number;
}

/** The diagonal metric (Stan's `diag_e`), the default. */
export class DiagonalMetric implements Metric {
  readonly kind = 'diag' as const;
  readonly inverse: Float64Array;
  /** 1/√(M⁻¹)ᵢ, the momentum scales. */
  readonly #momentumScale: Float64Array;

  constructor(
    readonly dim: number,
    inverse?: ArrayLike<number>,
  ) {
    this.inverse = new Float64Array(dim).fill(1);
    this.#momentumScale = new Float64Array(dim).fill(1);
    if (inverse !== undefined) this.setInverse(inverse);
  }

  setInverse(values: ArrayLike<number>): void {
    if (values.length !== this.dim) {
      throw new DoplError(`diagonal inverse metric: expected ${this.dim} values, got ${values.length}`);
    }
    for (let i = 0; i < this.dim; i++) {
      const v = values[i];
      if (!(v > 0 && Number.isFinite(v))) {
        throw new DoplError(`diagonal inverse metric: element ${i} must be positive and finite, got ${v}`);
      }
    }
    for (let i = 0; i < this.dim; i++) {
      this.inverse[i] = values[i];
      this.#momentumScale[i] = 1 / Math.sqrt(values[i]);
    }
  }

  sampleMomentum(rng: RandomSource, p: Float64Array): void {
    const scale = this.#momentumScale;
    for (let i = 0; i < this.dim; i++) p[i] = rng.normal() * scale[i];
  }

  kineticEnergy(p: Float64Array): number {
    const m = this.inverse;
    let s = 0;
    for (let i = 0; i < this.dim; i++) s += p[i] * m[i] * p[i];
    return 0.5 * s;
  }

  velocity(p: Float64Array, out: Float64Array): void {
    const m = this.inverse;
    for (let i = 0; i < this.dim; i++) out[i] = m[i] * p[i];
  }

  velocityAndKinetic(p: Float64Array, out: Float64Array): number {
    const m = this.inverse;
    let s = 0;
    for (let i = 0; i < this.dim; i++) {
      // p·(m·p) rounds exactly as kineticEnergy's (p·m)·p: a product of two factors is commutative.
      const v = m[i] * p[i];
      out[i] = v;
      s += p[i] * v;
    }
    return 0.5 * s;
  }
}

/**
 * The dense metric (Stan's `dense_e`). Momenta are drawn as p = L⁻ᵀ u with u ~ N(0, I) and
 * M⁻¹ = L Lᵀ, so that Cov(p) = (L Lᵀ)⁻¹ = M.
 */
export class DenseMetric implements Metric {
  readonly kind = 'dense' as const;
  readonly inverse: Float64Array;
  /** Lower Cholesky factor of M⁻¹, row-major. */
  readonly #cholesky: Float64Array;

  constructor(
    readonly dim: number,
    inverse?: ArrayLike<number>,
  ) {
    this.inverse = new Float64Array(dim * dim);
    this.#cholesky = new Float64Array(dim * dim);
    for (let i = 0; i < dim; i++) {
      this.inverse[i * dim + i] = 1;
      this.#cholesky[i * dim + i] = 1;
    }
    if (inverse !== undefined) this.setInverse(inverse);
  }

  setInverse(values: ArrayLike<number>): void {
    const n = this.dim;
    if (values.length !== n * n) {
      throw new DoplError(`dense inverse metric: expected ${n}×${n} = ${n * n} values, got ${values.length}`);
    }
    for (let i = 0; i < n; i++) {
      for (let j = 0; j < i; j++) {
        const a = values[i * n + j];
        const b = values[j * n + i];
        if (!(Math.abs(a - b) <= 1e-8 * Math.max(1, Math.abs(a), Math.abs(b)))) {
          throw new DoplError(`dense inverse metric: not symmetric at (${i}, ${j}): ${a} vs ${b}`);
        }
      }
    }
    const chol = choleskyLower(values, n);
    if (chol === undefined) throw new DoplError('dense inverse metric: not positive definite');
    this.#cholesky.set(chol);
    for (let i = 0; i < n * n; i++) this.inverse[i] = values[i];
  }

  sampleMomentum(rng: RandomSource, p: Float64Array): void {
    const n = this.dim;
    const L = this.#cholesky;
    for (let i = 0; i < n; i++) p[i] = rng.normal();
    // Back substitution of Lᵀ p = u in place: (Lᵀ)ᵢⱼ = Lⱼᵢ, and pⱼ (j > i) is already solved.
    for (let i = n - 1; i >= 0; i--) {
      let s = p[i];
      for (let j = i + 1; j < n; j++) s -= L[j * n + i] * p[j];
      p[i] = s / L[i * n + i];
    }
  }

  kineticEnergy(p: Float64Array): number {
    const n = this.dim;
    const m = this.inverse;
    let s = 0;
    for (let i = 0; i < n; i++) {
      let row = 0;
      for (let j = 0; j < n; j++) row += m[i * n + j] * p[j];
      s += p[i] * row;
    }
    return 0.5 * s;
  }

  velocity(p: Float64Array, out: Float64Array): void {
    const n = this.dim;
    const m = this.inverse;
    for (let i = 0; i < n; i++) {
      let row = 0;
      for (let j = 0; j < n; j++) row += m[i * n + j] * p[j];
      out[i] = row;
    }
  }

  velocityAndKinetic(p: Float64Array, out: Float64Array): number {
    this.velocity(p, out);
    let s = 0;
    for (let i = 0; i < this.dim; i++) s += p[i] * out[i];
    return 0.5 * s;
  }
}

/** Lower Cholesky factor (row-major) of a symmetric matrix, or undefined if not positive definite. */
export function choleskyLower(a: ArrayLike<number>, n: number): Float64Array | undefined {
  const L = new Float64Array(n * n);
  for (let j = 0; j < n; j++) {
    let d = a[j * n + j];
    for (let k = 0; k < j; k++) d -= L[j * n + k] * L[j * n + k];
    if (!(d > 0) || !Number.isFinite(d)) return undefined;
    const ljj = Math.sqrt(d);
    L[j * n + j] = ljj;
    for (let i = j + 1; i < n; i++) {
      let s = a[i * n + j];
      for (let k = 0; k < j; k++) s -= L[i * n + k] * L[j * n + k];
      L[i * n + j] = s / ljj;
    }
  }
  return L;
}

export function createMetric(kind: MetricKind, dim: number, inverse?: ArrayLike<number>): Metric {
  if (kind === 'diag') return new DiagonalMetric(dim, inverse);
  if (kind === 'dense') return new DenseMetric(dim, inverse);
  throw new DoplError(`metric must be 'diag' or 'dense', got '${String(kind)}'`);
}
