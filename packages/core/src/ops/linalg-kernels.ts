/**
 * Dense linear-algebra kernels over row-major Float64Arrays, called from generated code. They
 * never allocate: callers pass scratch space. A matrix that is not positive definite yields NaN
 * in L, which the compiled model reports as a failure of the node that asked for it.
 */

/** Lower Cholesky factor L of a symmetric positive-definite A (n×n): A = L Lᵀ. */
export function cholesky(A: Float64Array, aOff: number, L: Float64Array, lOff: number, n: number): void {
  for (let i = 0; i < n * n; i++) L[lOff + i] = 0;
  for (let j = 0; j < n; j++) {
    let d = A[aOff + j * n + j];
    for (let k = 0; k < j; k++) d -= L[lOff + j * n + k] * L[lOff + j * n + k];
    if (!(d > 0)) {
      for (let i = 0; i < n * n; i++) L[lOff + i] = Number.NaN;
      return;
    }
    const ljj = Math.sqrt(d);
    L[lOff + j * n + j] = ljj;
    for (let i = j + 1; i < n; i++) {
      let s = A[aOff + i * n + j];
      for (let k = 0; k < j; k++) s -= L[lOff + i * n + k] * L[lOff + j * n + k];
      L[lOff + i * n + j] = s / ljj;
    }
  }
}

/**
 * Adjoint of the Cholesky factorisation (Murray 2016, eq. 10): with P = Φ(Lᵀ L̄) (lower triangle,
 * halved diagonal), Ā = sym(L⁻ᵀ P L⁻¹). Adds Ā into gA. `work` needs 2·n² entries.
 */
export function choleskyVjp(
  L: Float64Array,
  lOff: number,
  gL: Float64Array,
  gOff: number,
  gA: Float64Array,
  gaOff: number,
  n: number,
  work: Float64Array,
): void {
  const P = work; // n×n at 0
  const S = work; // reused in place below, offset n²
  const so = n * n;
  // P = Lᵀ L̄, keep lower triangle, halve the diagonal.
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < n; j++) {
      let s = 0;
      if (j <= i) for (let k = i; k < n; k++) s += L[lOff + k * n + i] * gL[gOff + k * n + j];
      P[i * n + j] = j < i ? s : j === i ? 0.5 * s : 0;
    }
  }
  // S = L⁻ᵀ P: solve Lᵀ S = P column by column (back substitution).
  for (let c = 0; c < n; c++) {
    for (let i = n - 1; i >= 0; i--) {
      let s = P[i * n + c];
      for (let k = i + 1; k < n; k++) s -= L[lOff + k * n + i] * S[so + k * n + c];
      S[so + i * n + c] = s / L[lOff + i * n + i];
    }
  }
  // T = S L⁻¹: solve T L = S row by row, i.e. Lᵀ Tᵀ = Sᵀ; write T into P's space.
  for (let r = 0; r < n; r++) {
    for (let j = n - 1; j >= 0; j--) {
      let s = S[so + r * n + j];
      for (let k = j + 1; k < n; k++) s -= P[r * n + k] * L[lOff + k * n + j];
      P[r * n + j] = s / L[lOff + j * n + j];
    }
  }
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < n; j++) gA[gaOff + i * n + j] += 0.5 * (P[i * n + j] + P[j * n + i]);
  }
}

/** X = L⁻¹ B for lower-triangular L (n×n) and B (n×m), by forward substitution. */
export function trisolveLower(
  L: Float64Array,
  lOff: number,
  B: Float64Array,
  bOff: number,
  X: Float64Array,
  xOff: number,
  n: number,
  m: number,
): void {
  for (let c = 0; c < m; c++) {
    for (let i = 0; i < n; i++) {
      let s = B[bOff + i * m + c];
      for (let k = 0; k < i; k++) s -= L[lOff + i * n + k] * X[xOff + k * m + c];
      X[xOff + i * m + c] = s / L[lOff + i * n + i];
    }
  }
}

/**
 * Adjoint of X = L⁻¹B: B̄ = L⁻ᵀ X̄ and L̄ = −tril(B̄ Xᵀ). `work` needs n·m entries (it receives B̄).
 * Adds into gB and gL (either may be absent).
 */
export function trisolveLowerVjp(
  L: Float64Array,
  lOff: number,
  X: Float64Array,
  xOff: number,
  gX: Float64Array,
  gxOff: number,
  gL: Float64Array | null,
  glOff: number,
  gB: Float64Array | null,
  gbOff: number,
  n: number,
  m: number,
  work: Float64Array,
): void {
  for (let c = 0; c < m; c++) {
    for (let i = n - 1; i >= 0; i--) {
      let s = gX[gxOff + i * m + c];
      for (let k = i + 1; k < n; k++) s -= L[lOff + k * n + i] * work[k * m + c];
      work[i * m + c] = s / L[lOff + i * n + i];
    }
  }
  if (gB) for (let i = 0; i < n * m; i++) gB[gbOff + i] += work[i];
  if (gL) {
    for (let i = 0; i < n; i++) {
      for (let j = 0; j <= i; j++) {
        let s = 0;
        for (let c = 0; c < m; c++) s += work[i * m + c] * X[xOff + j * m + c];
        gL[glOff + i * n + j] -= s;
      }
    }
  }
}
