// Small dense linear algebra for the variational and optimisation code: row-major Float64Arrays,
// n × n matrices unless said otherwise. Sizes here are the model's dimension (tens to hundreds),
// so plain loops are enough.

/** Σ a[i]·b[i] over the first n entries (default: all of a). */
export function dot(a: ArrayLike<number>, b: ArrayLike<number>, n = a.length): number {
  let s = 0;
  for (let i = 0; i < n; i++) s += a[i] * b[i];
  return s;
}

/**
 * Lower Cholesky factor of a symmetric n × n matrix (only its lower triangle is read), written
 * into `out` (which may be `a`); the strict upper triangle of `out` is zeroed. Returns false when
 * the matrix is not numerically positive definite.
 */
export function cholesky(a: Float64Array, n: number, out: Float64Array = new Float64Array(n * n)): boolean {
  for (let i = 0; i < n; i++) {
    for (let j = 0; j <= i; j++) {
      let s = a[i * n + j];
      for (let k = 0; k < j; k++) s -= out[i * n + k] * out[j * n + k];
      if (i === j) {
        if (!(s > 0) || !Number.isFinite(s)) return false;
        out[i * n + i] = Math.sqrt(s);
      } else {
        out[i * n + j] = s / out[j * n + j];
      }
    }
    for (let j = i + 1; j < n; j++) out[i * n + j] = 0;
  }
  return true;
}

/** Solves L x = b in place of b (L lower triangular, n × n). */
export function solveLower(L: Float64Array, n: number, b: Float64Array): void {
  for (let i = 0; i < n; i++) {
    let s = b[i];
    for (let k = 0; k < i; k++) s -= L[i * n + k] * b[k];
    b[i] = s / L[i * n + i];
  }
}

/** Solves Lᵀ x = b in place of b (L lower triangular, n × n). */
export function solveLowerTransposed(L: Float64Array, n: number, b: Float64Array): void {
  for (let i = n - 1; i >= 0; i--) {
    let s = b[i];
    for (let k = i + 1; k < n; k++) s -= L[k * n + i] * b[k];
    b[i] = s / L[i * n + i];
  }
}

/** out = L x for lower-triangular L (out must not alias x). */
export function lowerMatVec(L: Float64Array, n: number, x: ArrayLike<number>, out: Float64Array): void {
  for (let i = 0; i < n; i++) {
    let s = 0;
    for (let k = 0; k <= i; k++) s += L[i * n + k] * x[k];
    out[i] = s;
  }
}

/** Σ log L[i,i]: half the log-determinant of L Lᵀ. */
export function logDetCholesky(L: Float64Array, n: number): number {
  let s = 0;
  for (let i = 0; i < n; i++) s += Math.log(Math.abs(L[i * n + i]));
  return s;
}

/** The symmetric positive-definite solve A x = b via a Cholesky factor; undefined if A is not SPD. */
export function solveSpd(a: Float64Array, n: number, b: ArrayLike<number>): Float64Array | undefined {
  const L = new Float64Array(n * n);
  if (!cholesky(a, n, L)) return undefined;
  const x = Float64Array.from(b);
  solveLower(L, n, x);
  solveLowerTransposed(L, n, x);
  return x;
}

/**
 * Thin QR of a rows × cols matrix (row-major, rows ≥ cols) by Householder reflections: Q is
 * rows × cols with orthonormal columns, R is cols × cols upper triangular, A = Q R. Q stays
 * orthonormal when A is rank-deficient (R then has zeros on its diagonal).
 */
export function thinQr(a: Float64Array, rows: number, cols: number): { q: Float64Array; r: Float64Array } {
  if (rows < cols) throw new RangeError(`thinQr needs rows ≥ cols, got ${rows} × ${cols}`);
  const w = Float64Array.from(a);
  const vs: Float64Array[] = [];
  for (let k = 0; k < cols; k++) {
    let norm = 0;
    for (let i = k; i < rows; i++) norm += w[i * cols + k] * w[i * cols + k];
    norm = Math.sqrt(norm);
    const v = new Float64Array(rows);
    if (norm === 0) {
      vs.push(v); // zero reflector: the identity
      continue;
    }
    const alpha = w[k * cols + k] > 0 ? -norm : norm;
    for (let i = k; i < rows; i++) v[i] = w[i * cols + k];
    v[k] -= alpha;
    const vnorm2 = dot(v, v);
    if (vnorm2 > 0) {
      for (let j = k; j < cols; j++) {
        let s = 0;
        for (let i = k; i < rows; i++) s += v[i] * w[i * cols + j];
        const f = (2 * s) / vnorm2;
        for (let i = k; i < rows; i++) w[i * cols + j] -= f * v[i];
      }
    }
    vs.push(v);
  }
  const r = new Float64Array(cols * cols);
  for (let i = 0; i < cols; i++) for (let j = i; j < cols; j++) r[i * cols + j] = w[i * cols + j];
  // Q = H_0 H_1 … H_{cols−1} applied to the first `cols` columns of the identity.
  const q = new Float64Array(rows * cols);
  for (let j = 0; j < cols; j++) q[j * cols + j] = 1;
  for (let k = cols - 1; k >= 0; k--) {
    const v = vs[k];
    const vnorm2 = dot(v, v);
    if (vnorm2 === 0) continue;
    for (let j = 0; j < cols; j++) {
      let s = 0;
      for (let i = k; i < rows; i++) s += v[i] * q[i * cols + j];
      const f = (2 * s) / vnorm2;
      for (let i = k; i < rows; i++) q[i * cols + j] -= f * v[i];
    }
  }
  return { q, r };
}
