import { DoplError } from '../../errors.js';
import { call, constant, type Expr } from '../../graph/expr.js';
import { formatShape, type Shape, size, tensor } from '../../tensor/index.js';
import type { Bijector } from '../../transforms/bijector.js';

// Cholesky factors of correlation matrices from unconstrained reals, by Stan's canonical partial
// correlations (CPCs). Row i of L (0-based) takes the next i unconstrained values u_i0 … u_i,i−1
// (row-major order over the strict lower triangle), z = tanh(u) and
//
//   L_ij = z_ij · w_ij,  w_ij = Π_{k<j} sech(u_ik) = sqrt(1 − Σ_{k<j} L_ik²),  L_ii = w_ii,  L_00 = 1,
//
// so every row has unit norm and a positive diagonal. The map from the u's to the strict lower
// triangle is triangular within each row with diagonal dL_ij/du_ij = sech²(u_ij)·w_ij, hence
//
//   log|J| = Σ_i Σ_{k<i} (i + 1 − k) · log sech(u_ik),
//
// with log sech u = log 2 − |u| − log1p(exp(−2|u|)), finite for any u.

const LN2 = Math.LN2;
const c = (v: number) => constant({ shape: [], data: Float64Array.of(v) });

/** K from the number M = K(K − 1)/2 of unconstrained values. */
export function dimensionOfCount(M: number): number {
  const K = Math.round((1 + Math.sqrt(1 + 8 * M)) / 2);
  if (K * (K - 1) !== 2 * M)
    throw new DoplError(`${M} is not the number of correlations of any matrix (K(K − 1)/2)`);
  return K;
}

function exprShape(u: Expr): Shape {
  if (u.kind === 'param') return u.shape;
  if (u.kind === 'const') return u.value.shape;
  throw new DoplError(
    'the Cholesky-correlation transform needs an unconstrained parameter slice of known shape',
  );
}

function checkShape(s: Shape): number {
  const K = s[s.length - 1];
  if (s.length < 2 || s[s.length - 2] !== K) {
    throw new DoplError(
      `Cholesky factors of correlation matrices need a declared shape [..., K, K] (e.g. L[K, K] ~ LKJCholeskyCorr(eta)), got ${formatShape(s)}`,
    );
  }
  return K;
}

/** Zeros (or a first unit entry) shaped [...batch, n]. */
function filled(batch: Shape, n: number, first = 0): Expr {
  const data = new Float64Array(size(batch) * n);
  if (first !== 0) for (let b = 0; b < size(batch); b++) data[b * n] = first;
  return constant(tensor(data, [...batch, n]));
}

/** Weights (i + 1 − k) of log sech(u_ik) in log|J|, in the order of the unconstrained vector. */
export function logJacobianWeights(K: number): Float64Array {
  const w = new Float64Array((K * (K - 1)) / 2);
  let m = 0;
  for (let i = 1; i < K; i++) for (let k = 0; k < i; k++) w[m++] = i + 1 - k;
  return w;
}

/** Stan's canonical-partial-correlation transform to Cholesky factors of correlation matrices. */
export const choleskyCorr: Bijector = {
  name: 'cholesky_corr',
  unconstrainedShape: (s) => {
    const K = checkShape(s);
    return [...s.slice(0, -2), (K * (K - 1)) / 2];
  },
  forward: (u) => {
    const s = exprShape(u);
    const M = s[s.length - 1];
    const batch = s.slice(0, -1);
    const K = dimensionOfCount(M);
    const slice = (e: Expr, start: number, stop: number) =>
      call('slice', [e], { axis: -1, start, stop, step: 1 });
    const concat = (es: Expr[]) => (es.length === 1 ? es[0] : call('concat', es, { axis: -1 }));
    if (K === 1)
      return {
        value: constant(tensor(new Float64Array(size(batch)).fill(1), [...batch, 1, 1])),
        logJac: c(0),
      };
    const absU = call('abs', [u]);
    const logSech = call('sub', [
      c(LN2),
      call('add', [absU, call('log1p', [call('exp', [call('mul', [c(-2), absU])])])]),
    ]);
    const z = call('tanh', [u]);
    const weights = constant(tensor(logJacobianWeights(K), [M]));
    const logJac = call('sum', [call('mul', [logSech, weights])]);
    const rows: Expr[] = [filled(batch, K, 1)];
    for (let i = 1; i < K; i++) {
      const start = (i * (i - 1)) / 2;
      const zi = slice(z, start, start + i);
      // cs_j = Σ_{k≤j} log sech(u_ik): log w_i,j+1, and log L_ii at j = i − 1.
      const cs = call('cumsum', [slice(logSech, start, start + i)], { axis: -1 });
      const offDiagonal =
        i === 1 ? zi : call('mul', [zi, call('exp', [concat([filled(batch, 1), slice(cs, 0, i - 1)])])]);
      const parts: Expr[] = [offDiagonal, call('exp', [slice(cs, i - 1, i)])];
      if (i < K - 1) parts.push(filled(batch, K - 1 - i));
      rows.push(concat(parts));
    }
    return { value: call('reshape', [concat(rows)], { shape: [...batch, K, K] }), logJac };
  },
  inverse: (x, shape) => {
    const K = checkShape(shape);
    const M = (K * (K - 1)) / 2;
    const n = size(shape.slice(0, -2));
    const out = new Float64Array(n * M);
    for (let b = 0; b < n; b++) {
      const base = b * K * K;
      if (!isCholeskyCorr(x, base, K, 1e-8)) {
        out.fill(Number.NaN, b * M, (b + 1) * M);
        continue;
      }
      let m = b * M;
      for (let i = 1; i < K; i++) {
        let rest = 1;
        for (let j = 0; j < i; j++) {
          const v = x[base + i * K + j];
          out[m++] = Math.atanh(v / Math.sqrt(rest));
          rest -= v * v;
        }
      }
    }
    return out;
  },
};

/** Lower triangular, positive diagonal, rows of unit norm (within `tol`). */
export function isCholeskyCorr(x: ArrayLike<number>, base: number, K: number, tol: number): boolean {
  for (let i = 0; i < K; i++) {
    let s = 0;
    for (let j = 0; j < K; j++) {
      const v = x[base + i * K + j];
      if (j > i ? v !== 0 : !Number.isFinite(v)) return false;
      s += v * v;
    }
    if (!(x[base + i * K + i] > 0) || !(Math.abs(s - 1) <= tol)) return false;
  }
  return true;
}
