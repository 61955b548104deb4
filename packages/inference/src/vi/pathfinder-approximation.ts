import { cholesky, dot, logDetCholesky, thinQr } from './linalg.js';

// Pathfinder's Gaussian approximation at one L-BFGS iterate (Zhang, Carpenter, Gelman & Vehtari
// 2022, Algorithms 2 and 3): mean x − H∇f and covariance H, where H is the L-BFGS inverse
// Hessian in the compact form of Byrd, Nocedal & Schnabel (1994),
//   H = diag(α) + α Y N + Nᵀ Yᵀ α + Nᵀ (Yᵀ α Y + D) N,   N = −R⁻¹ Sᵀ,
// R the upper triangle of SᵀY and D its diagonal. When 2m ≥ d the d × d matrix is formed and
// factored; otherwise the low-rank route of Algorithm 3 (a thin QR of the 2m update directions)
// keeps the cost at O(d m²). Both sample ζ = x̄ + A u with A Aᵀ = H exactly. (Stan's sparse branch
// multiplies by the transposed factor, which has the right determinant but not covariance H.)

export interface PathfinderGaussian {
  readonly dim: number;
  /** The mean x − H ∇f. */
  readonly center: Float64Array;
  /** log |det A| = ½ log det H. */
  readonly logDetCholesky: number;
  /** 'dense' (2m ≥ d) or 'sparse'. */
  readonly form: 'dense' | 'sparse';
  /** out = center + A u. */
  sample(u: ArrayLike<number>, out: Float64Array): void;
  /** H as a dense d × d matrix (for tests and diagnostics). */
  covariance(): Float64Array;
}

const HALF_LOG_2PI = 0.5 * Math.log(2 * Math.PI);

/** log q(center + A u) from u. */
export function approximationLogDensity(q: PathfinderGaussian, u: ArrayLike<number>): number {
  return -q.logDetCholesky - 0.5 * dot(u, u, q.dim) - q.dim * HALF_LOG_2PI;
}

/**
 * The approximation from the history `s`, `y` (oldest first; pairs with sᵀy > 0), the diagonal
 * `alpha` of the initial inverse Hessian, and the iterate x with gradient g of the minimised
 * f = −log p. Undefined when H is not numerically positive definite.
 */
export function lbfgsGaussian(
  s: readonly Float64Array[],
  y: readonly Float64Array[],
  alpha: Float64Array,
  x: Float64Array,
  g: Float64Array,
): PathfinderGaussian | undefined {
  const d = x.length;
  const m = s.length;
  // R (upper) and D.
  const R = new Float64Array(m * m);
  for (let i = 0; i < m; i++) for (let j = i; j < m; j++) R[i * m + j] = dot(s[i], y[j]);
  // N = −R⁻¹ Sᵀ, m × d: back substitution column by column.
  const N = new Float64Array(m * d);
  for (let k = 0; k < d; k++) {
    for (let i = m - 1; i >= 0; i--) {
      let v = s[i][k];
      for (let j = i + 1; j < m; j++) v -= R[i * m + j] * N[j * d + k];
      N[i * d + k] = v / R[i * m + i];
    }
  }
  for (let t = 0; t < N.length; t++) N[t] = -N[t];
  // C = Yᵀ α Y + D, m × m.
  const C = new Float64Array(m * m);
  for (let i = 0; i < m; i++) {
    for (let j = 0; j < m; j++) {
      let v = 0;
      for (let k = 0; k < d; k++) v += y[i][k] * alpha[k] * y[j][k];
      C[i * m + j] = v + (i === j ? R[i * m + i] : 0);
    }
  }
  // H g = α g + α (Y (N g)) + Nᵀ (Yᵀ α g + C (N g)).
  const Ng = new Float64Array(m);
  const Yag = new Float64Array(m);
  for (let i = 0; i < m; i++) {
    let a = 0;
    let b = 0;
    for (let k = 0; k < d; k++) {
      a += N[i * d + k] * g[k];
      b += y[i][k] * alpha[k] * g[k];
    }
    Ng[i] = a;
    Yag[i] = b;
  }
  const inner = new Float64Array(m);
  for (let i = 0; i < m; i++) {
    let v = Yag[i];
    for (let j = 0; j < m; j++) v += C[i * m + j] * Ng[j];
    inner[i] = v;
  }
  const center = new Float64Array(d);
  for (let k = 0; k < d; k++) {
    let hg = alpha[k] * g[k];
    for (let i = 0; i < m; i++) hg += alpha[k] * y[i][k] * Ng[i] + N[i * d + k] * inner[i];
    center[k] = x[k] - hg;
  }
  if (!center.every(Number.isFinite)) return undefined;
  return 2 * m >= d ? denseForm(y, alpha, N, C, center) : sparseForm(y, alpha, N, C, center);
}

function denseForm(
  y: readonly Float64Array[],
  alpha: Float64Array,
  N: Float64Array,
  C: Float64Array,
  center: Float64Array,
): PathfinderGaussian | undefined {
  const d = center.length;
  const m = y.length;
  // CN = C N (m × d).
  const CN = new Float64Array(m * d);
  for (let i = 0; i < m; i++) {
    for (let k = 0; k < d; k++) {
      let v = 0;
      for (let j = 0; j < m; j++) v += C[i * m + j] * N[j * d + k];
      CN[i * d + k] = v;
    }
  }
  const H = new Float64Array(d * d);
  for (let a = 0; a < d; a++) {
    for (let b = 0; b <= a; b++) {
      let v = a === b ? alpha[a] : 0;
      for (let i = 0; i < m; i++) {
        v +=
          alpha[a] * y[i][a] * N[i * d + b] +
          N[i * d + a] * y[i][b] * alpha[b] +
          N[i * d + a] * CN[i * d + b];
      }
      H[a * d + b] = v;
      H[b * d + a] = v;
    }
  }
  const L = new Float64Array(d * d);
  if (!cholesky(H, d, L)) return undefined;
  const logDet = logDetCholesky(L, d);
  return {
    dim: d,
    center,
    logDetCholesky: logDet,
    form: 'dense',
    sample(u, out) {
      for (let a = 0; a < d; a++) {
        let v = center[a];
        for (let b = 0; b <= a; b++) v += L[a * d + b] * u[b];
        out[a] = v;
      }
    },
    covariance: () => H.slice(),
  };
}

function sparseForm(
  y: readonly Float64Array[],
  alpha: Float64Array,
  N: Float64Array,
  C: Float64Array,
  center: Float64Array,
): PathfinderGaussian | undefined {
  const d = center.length;
  const m = y.length;
  const k2 = 2 * m;
  const sqrtAlpha = alpha.map(Math.sqrt);
  // W = [α^½ Y, α^−½ Nᵀ], d × 2m.
  const W = new Float64Array(d * k2);
  for (let a = 0; a < d; a++) {
    for (let i = 0; i < m; i++) {
      W[a * k2 + i] = sqrtAlpha[a] * y[i][a];
      W[a * k2 + m + i] = N[i * d + a] / sqrtAlpha[a];
    }
  }
  const { q: Q, r: Rw } = thinQr(W, d, k2);
  // K = Rw M Rwᵀ + I with M = [[0, I], [I, C]].
  const RM = new Float64Array(k2 * k2);
  for (let i = 0; i < k2; i++) {
    for (let j = 0; j < k2; j++) {
      let v = 0;
      if (j < m)
        v = Rw[i * k2 + m + j]; // (Rw M)[i, j] for j < m: Rw[i, m + j]
      else {
        v = Rw[i * k2 + (j - m)];
        for (let t = 0; t < m; t++) v += Rw[i * k2 + m + t] * C[t * m + (j - m)];
      }
      RM[i * k2 + j] = v;
    }
  }
  const K = new Float64Array(k2 * k2);
  for (let i = 0; i < k2; i++) {
    for (let j = 0; j <= i; j++) {
      let v = i === j ? 1 : 0;
      for (let t = 0; t < k2; t++) v += RM[i * k2 + t] * Rw[j * k2 + t];
      K[i * k2 + j] = v;
      K[j * k2 + i] = v;
    }
  }
  const Lk = new Float64Array(k2 * k2);
  if (!cholesky(K, k2, Lk)) return undefined;
  let logDet = logDetCholesky(Lk, k2);
  for (let a = 0; a < d; a++) logDet += 0.5 * Math.log(alpha[a]);
  const qtu = new Float64Array(k2);
  const lqtu = new Float64Array(k2);
  return {
    dim: d,
    center,
    logDetCholesky: logDet,
    form: 'sparse',
    sample(u, out) {
      // ζ = center + α^½ (Q (Lk − I) Qᵀ u + u).
      for (let i = 0; i < k2; i++) {
        let v = 0;
        for (let a = 0; a < d; a++) v += Q[a * k2 + i] * u[a];
        qtu[i] = v;
      }
      for (let i = 0; i < k2; i++) {
        let v = -qtu[i];
        for (let j = 0; j <= i; j++) v += Lk[i * k2 + j] * qtu[j];
        lqtu[i] = v;
      }
      for (let a = 0; a < d; a++) {
        let v = u[a];
        for (let i = 0; i < k2; i++) v += Q[a * k2 + i] * lqtu[i];
        out[a] = center[a] + sqrtAlpha[a] * v;
      }
    },
    covariance() {
      // α^½ (I + W M Wᵀ) α^½, from the factors.
      const H = new Float64Array(d * d);
      const WM = new Float64Array(d * k2);
      for (let a = 0; a < d; a++) {
        for (let j = 0; j < k2; j++) {
          let v = 0;
          if (j < m) v = W[a * k2 + m + j];
          else {
            v = W[a * k2 + (j - m)];
            for (let t = 0; t < m; t++) v += W[a * k2 + m + t] * C[t * m + (j - m)];
          }
          WM[a * k2 + j] = v;
        }
      }
      for (let a = 0; a < d; a++) {
        for (let b = 0; b < d; b++) {
          let v = a === b ? 1 : 0;
          for (let t = 0; t < k2; t++) v += WM[a * k2 + t] * W[b * k2 + t];
          H[a * d + b] = sqrtAlpha[a] * v * sqrtAlpha[b];
        }
      }
      return H;
    },
  };
}
