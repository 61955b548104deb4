import { DoplError, ShapeError } from '../../errors.js';
import { call } from '../../graph/expr.js';
import { emitBroadcastLoop } from '../../ops/broadcast.js';
import type { Buf } from '../../ops/op.js';
import { defineOp } from '../../ops/registry.js';
import { beta, type Rng } from '../../random/index.js';
import { lgamma } from '../../special/index.js';
import { broadcastShapes, formatShape, type Shape } from '../../tensor/index.js';
import { registerCholeskyCorr } from '../../transforms/choose.js';
import { tfLbeta } from '../discrete/shared.js';
import { registerDistribution } from '../distribution.js';
import { choleskyCorr } from './cholesky-corr.js';

/** Tolerance on the unit row norms of an observed Cholesky factor. */
const ROW_TOLERANCE = 1e-8;
/**
 * The same tolerance in float32 (the tfjs forward), where a row norm computed from K rounded
 * entries is only good to about K·2⁻²⁴ (a factor 8 of margin).
 */
const rowToleranceF32 = (K: number): number => Math.max(ROW_TOLERANCE, 8 * K * 2 ** -24);
const LN2 = Math.LN2;

const asBatch = (b: Buf): Buf => ({ ...b, shape: b.shape.slice(0, -2) });

function lkjShape(args: readonly Shape[]): Shape {
  const [L, ...rest] = args;
  const K = L[L.length - 1];
  if (L.length < 2 || L[L.length - 2] !== K) {
    throw new ShapeError(
      `LKJCholeskyCorr: values must be K×K Cholesky factors (declare the shape, e.g. L[K, K] ~ LKJCholeskyCorr(eta)), got ${formatShape(L)}`,
    );
  }
  try {
    return broadcastShapes(L.slice(0, -2), ...rest);
  } catch {
    throw new ShapeError(
      `LKJCholeskyCorr: parameters ${rest.map(formatShape).join(', ')} do not broadcast against ${formatShape(L)}`,
    );
  }
}

/**
 * The log normalising constant of the LKJ density over K×K correlation matrices (Lewandowski,
 * Kurowicka & Joe 2009): ∫ det(R)^(η−1) dR = Π_{m=1}^{K−1} 2^((2η−2+m)·m) · B(b_m, b_m)^m with
 * b_m = η + (m − 1)/2. For K = 2 this is 2^(2η−1)·B(η, η); for K = 3, η = 1, the volume π²/2.
 */
export function lkjLogNormalizer(K: number, eta: number): number {
  let c = 0;
  for (let m = 1; m < K; m++) {
    const b = eta + (m - 1) / 2;
    c += (2 * eta - 2 + m) * m * LN2 + m * (2 * lgamma(b) - lgamma(2 * b));
  }
  return c;
}

/**
 * lkj_corr_cholesky_lpdf(L, eta[, n]) — Stan's lkj_corr_cholesky_lpdf with its normalising
 * constant: Σ_{i=1}^{K−1} (K − i − 3 + 2η)·log L_ii (0-based i) − log ∫ det(R)^(η−1) dR. L is
 * [..., K, K]; eta (and the optional dimension n, which must equal K) broadcast over the batch.
 * −Infinity when L is not lower triangular with positive diagonal and unit rows (1e-8), or η ≤ 0.
 */
export const lkjCorrCholeskyLpdf = defineOp({
  name: 'lkj_corr_cholesky_lpdf',
  arity: [2, 3],
  nondiff: [2],
  shape: lkjShape,
  emit: (e, out, [L, eta, n]) => {
    const K = L.shape[L.shape.length - 1];
    if (n?.literal && Number(n.id.replace(/[()]/g, '')) !== K) {
      throw new ShapeError(`LKJCholeskyCorr: n = ${n.id} but the value is ${K}×${K}`);
    }
    const bufs = n ? [out, asBatch(L), eta, n] : [out, asBatch(L), eta];
    emitBroadcastLoop(e, out.shape, bufs, ([o, il, ie, inn]) => {
      const b = e.fresh('b');
      const h = e.fresh('eta');
      const ok = e.fresh('ok');
      const lp = e.fresh('lp');
      const at = (i: string, j: string) => e.at(L, `${b} + ${i} * ${K} + ${j}`);
      e.line(`const ${b} = (${il}) * ${K * K}, ${h} = ${e.at(eta, ie)};`);
      e.line(`let ${ok} = ${h} > 0 && ${h} < Infinity${n ? ` && ${e.at(n, inn)} === ${K}` : ''}, ${lp} = 0;`);
      e.loop(K, (i) => {
        const s = e.fresh('s');
        e.line(`let ${s} = 0;`);
        e.loop(K, (j) =>
          e.line(
            `if (${j} > ${i}) { if (${at(i, j)} !== 0) ${ok} = false; } else ${s} += ${at(i, j)} * ${at(i, j)};`,
          ),
        );
        e.line(`if (!(${at(i, i)} > 0) || !(Math.abs(${s} - 1) <= ${ROW_TOLERANCE})) ${ok} = false;`);
      });
      e.line(`if (${ok}) {`);
      e.loop(K - 1, (i0) => {
        const i = `(${i0} + 1)`;
        e.line(`${lp} += (${K - 3} - ${i} + 2 * ${h}) * Math.log(${at(i, i)});`);
      });
      e.loop(K - 1, (m0) => {
        const m = `(${m0} + 1)`;
        const bm = e.fresh('bm');
        e.line(`const ${bm} = ${h} + (${m} - 1) / 2;`);
        e.line(
          `${lp} -= (2 * ${h} - 2 + ${m}) * ${m} * ${LN2} + ${m} * (2 * rt.lgamma(${bm}) - rt.lgamma(2 * ${bm}));`,
        );
      });
      e.line(`${e.at(out, o)} = ${lp}; } else ${e.at(out, o)} = -Infinity;`);
    });
  },
  vjp: (e, { g, out, args: [L, eta, n], gArgs: [gL, geta] }) => {
    if (!gL && !geta) return;
    const K = L.shape[L.shape.length - 1];
    const bufs = n ? [g, out, asBatch(L), eta, n] : [g, out, asBatch(L), eta];
    emitBroadcastLoop(e, out.shape, bufs, ([ig, io, il, ie]) => {
      const b = e.fresh('b');
      const h = e.fresh('eta');
      const gv = e.fresh('g');
      const d = e.fresh('d');
      const at = (i: string) => e.at(L, `${b} + ${i} * ${K + 1}`);
      e.line(`const ${gv} = ${e.at(g, ig)};`);
      e.line(`if (${gv} !== 0 && ${e.at(out, io)} > -Infinity) {`);
      e.line(`const ${b} = (${il}) * ${K * K}, ${h} = ${e.at(eta, ie)};`);
      e.line(`let ${d} = 0;`);
      e.loop(K - 1, (i0) => {
        const i = `(${i0} + 1)`;
        if (gL)
          e.line(`${e.at(gL, `${b} + ${i} * ${K + 1}`)} += ${gv} * (${K - 3} - ${i} + 2 * ${h}) / ${at(i)};`);
        e.line(`${d} += 2 * Math.log(${at(i)});`);
      });
      e.loop(K - 1, (m0) => {
        const m = `(${m0} + 1)`;
        const bm = e.fresh('bm');
        e.line(`const ${bm} = ${h} + (${m} - 1) / 2;`);
        e.line(`${d} -= 2 * ${m} * ${LN2} + 2 * ${m} * (rt.digamma(${bm}) - rt.digamma(2 * ${bm}));`);
      });
      if (geta) e.line(`${e.at(geta, ie)} += ${gv} * ${d};`);
      e.line('}');
    });
  },
  tf: (tf, [L, eta, n]) => tfLkjCorrCholesky(tf, L, eta, n),
});

/**
 * Batched forward: L [bL, ...Lb, K, K], eta [be, ...es] and n [bn, ...ns] broadcast over the
 * batch axes. Validity is counted with sums of casts (tfjs registers no gradient for `all`), and
 * a non-positive diagonal or η is replaced by 1 before its log/lgamma, then masked to −Infinity.
 */
function tfLkjCorrCholesky(tf: any, L: any, eta: any, n: any): any {
  const K = L.shape[L.rank - 1];
  const rL = L.rank - 2; // rank of [bL, ...Lb]
  const r = Math.max(rL, eta.rank, n?.rank ?? 0);
  const ones = (m: number): number[] => new Array(m).fill(1);
  const align = (t: any) =>
    t.rank === r ? t : tf.reshape(t, [t.shape[0], ...ones(r - t.rank), ...t.shape.slice(1)]);
  const none = (bad: any, axes: number | number[]) => tf.equal(tf.sum(tf.cast(bad, 'float32'), axes), 0);
  const mask = (f: (i: number, j: number) => boolean) =>
    tf.tensor2d(
      Array.from({ length: K * K }, (_, m) => (f(Math.floor(m / K), m % K) ? 1 : 0)),
      [K, K],
    );
  const lastTwo = [L.rank - 2, L.rank - 1];
  // Lower triangular (0 · NaN or 0 · ∞ above the diagonal also fails), positive diagonal, unit rows.
  const upperZero = none(
    tf.notEqual(
      tf.mul(
        L,
        mask((i, j) => j > i),
      ),
      0,
    ),
    lastTwo,
  );
  const lower = tf.mul(
    L,
    mask((i, j) => j <= i),
  );
  const rowsUnit = none(
    tf.logicalNot(tf.lessEqual(tf.abs(tf.sub(tf.sum(tf.square(lower), L.rank - 1), 1)), rowToleranceF32(K))),
    L.rank - 2,
  );
  const diag = tf.sum(tf.mul(L, tf.eye(K)), L.rank - 1); // [bL, ...Lb, K]
  const positive = tf.greater(diag, 0);
  const diagOk = none(tf.logicalNot(positive), L.rank - 2);
  const logDiag = tf.log(tf.where(positive, diag, 1));
  // Σ_{i≥1} (K − 3 − i)·log L_ii and Σ_{i≥1} log L_ii.
  const coef = tf.tensor1d(Array.from({ length: K }, (_, i) => (i === 0 ? 0 : K - 3 - i)));
  const first = tf.tensor1d(Array.from({ length: K }, (_, i) => (i === 0 ? 0 : 1)));
  const weighted = align(tf.sum(tf.mul(logDiag, coef), L.rank - 2));
  const logDet = align(tf.sum(tf.mul(logDiag, first), L.rank - 2));
  const e = align(eta);
  const etaOk = tf.logicalAnd(tf.greater(e, 0), tf.less(e, Infinity));
  const h = tf.where(etaOk, e, 1);
  let lp = tf.add(weighted, tf.mul(tf.mul(2, h), logDet));
  // 2·lgamma(b_m) − lgamma(2·b_m) = lbeta(b_m, b_m), without the cancellation of the lgammas.
  for (let m = 1; m < K; m++) {
    const bm = tf.add(h, (m - 1) / 2);
    const norm = tf.add(tf.mul(tf.add(tf.mul(2, h), m - 2), m * LN2), tf.mul(m, tfLbeta(tf, bm, bm)));
    lp = tf.sub(lp, norm);
  }
  let ok = tf.logicalAnd(align(tf.logicalAnd(tf.logicalAnd(upperZero, rowsUnit), diagOk)), etaOk);
  if (n) ok = tf.logicalAnd(ok, tf.equal(align(n), K));
  return tf.where(ok, lp, Number.NEGATIVE_INFINITY);
}

/**
 * A draw of the Cholesky factor of an LKJ(eta) correlation matrix, written row-major into
 * out[offset … offset + K²): its canonical partial correlations are independent, z_ij ~ 2·Beta(β_j,
 * β_j) − 1 with β_j = η + (K − 2 − j)/2, and L follows from them as in the CPC transform.
 */
export function sampleLkjCholesky(rng: Rng, K: number, eta: number, out: Float64Array, offset = 0): void {
  for (let i = 0; i < K * K; i++) out[offset + i] = 0;
  if (!(eta > 0) || !Number.isInteger(K) || K < 1) {
    for (let i = 0; i < K * K; i++) out[offset + i] = Number.NaN;
    return;
  }
  out[offset] = 1;
  for (let i = 1; i < K; i++) {
    let w = 1;
    for (let j = 0; j < i; j++) {
      const bj = eta + (K - 2 - j) / 2;
      const z = 2 * beta(rng, bj, bj) - 1;
      out[offset + i * K + j] = z * w;
      w *= Math.sqrt((1 - z) * (1 + z));
    }
    out[offset + i * K + i] = w;
  }
}

/**
 * LKJCholeskyCorr(eta): the lower Cholesky factor L of a K×K correlation matrix R = L Lᵀ whose
 * density is ∝ det(R)^(η − 1) (PyMC's LKJCorr / Stan's lkj_corr_cholesky). K comes from the
 * node's declared shape (`L[K, K] ~ LKJCholeskyCorr(eta)`); the optional n, if given, must equal K.
 * Latent values use the canonical-partial-correlation transform (cholesky-corr.ts).
 */
export const LKJCholeskyCorr = registerDistribution({
  name: 'LKJCholeskyCorr',
  params: ['n', 'eta'],
  parametrizations: [['eta'], ['n', 'eta']],
  defaults: {},
  eventRank: 2,
  support: { kind: 'cholesky_corr' },
  discrete: false,
  checks: { n: 'count', eta: 'positive' },
  // The event shape [K, K] cannot be read off argument shapes: it is the node's declared shape.
  shapes: (args, where) => {
    try {
      return { batch: broadcastShapes(...Object.values(args)), event: [] };
    } catch {
      throw new ShapeError('LKJCholeskyCorr: argument shapes do not broadcast', { node: where });
    }
  },
  logp: (x, args) => {
    if (!('eta' in args)) throw new DoplError('LKJCholeskyCorr: missing parameter eta');
    return call('lkj_corr_cholesky_lpdf', 'n' in args ? [x, args.eta, args.n] : [x, args.eta]);
  },
  /** One draw; K from `p.n` or from the node's event shape. */
  sampleEvent: (rng, p, out, offset, eventShape) => {
    const K = p.n?.[0] ?? eventShape?.[0];
    if (K === undefined) {
      throw new DoplError('LKJCholeskyCorr: sampling needs the dimension n (LKJCholeskyCorr(n, eta))');
    }
    sampleLkjCholesky(rng, K, p.eta[0], out, offset);
  },
});

registerCholeskyCorr(choleskyCorr);
