import { DoplError, ShapeError } from '../../errors.js';
import { call } from '../../graph/expr.js';
import { emitBroadcastLoop } from '../../ops/broadcast.js';
import { cholesky } from '../../ops/linalg-kernels.js';
import type { Buf } from '../../ops/op.js';
import { defineOp } from '../../ops/registry.js';
import { broadcastShapes, formatShape, type Shape } from '../../tensor/index.js';
import { registerDistribution } from '../distribution.js';

const HALF_LOG_2PI = 0.9189385332046728;

// Views into arrays are passed to the runtime kernels as (array, offset).
const arr = (b: Buf): string => b.base?.id ?? b.id;
const off = (b: Buf): string => b.offset ?? '0';
const asBatch = (b: Buf): Buf => ({ ...b, shape: b.shape.slice(0, -1) });

function mvnShape([x, mu, L]: readonly Shape[]): Shape {
  if (L.length !== 2 || L[0] !== L[1])
    throw new ShapeError(`MvNormal: the covariance must be a square matrix, got ${formatShape(L)}`);
  const k = L[0];
  for (const [what, s] of [
    ['value', x],
    ['mu', mu],
  ] as const) {
    if (s.length === 0 || s[s.length - 1] !== k) {
      throw new ShapeError(
        `MvNormal: ${what} ${formatShape(s)} does not end in the dimension ${k} of the covariance`,
      );
    }
  }
  try {
    return broadcastShapes(x.slice(0, -1), mu.slice(0, -1));
  } catch {
    throw new ShapeError(`MvNormal: value ${formatShape(x)} and mu ${formatShape(mu)} do not broadcast`);
  }
}

/**
 * mvnormal_cholesky_lpdf(x, mu, L) = −½‖L⁻¹(x − μ)‖² − Σ log L_ii − (k/2)·log 2π per event, with L
 * the lower Cholesky factor of the covariance (only its lower triangle is read). x and mu carry the
 * event on their last axis and broadcast over the others. −Infinity when a diagonal entry of L is
 * not positive (a covariance that is not positive definite gives a NaN factor, so the same).
 */
export const mvnormalCholeskyLpdf = defineOp({
  name: 'mvnormal_cholesky_lpdf',
  arity: 3,
  shape: mvnShape,
  emit: (e, out, [x, mu, L]) => {
    const k = L.shape[0];
    const d = e.scratch([k]);
    const z = e.scratch([k]);
    const c = e.fresh('c');
    e.line(`let ${c} = ${k * HALF_LOG_2PI};`);
    e.loop(k, (i) => {
      const lii = e.at(L, `${i} * ${k + 1}`);
      e.line(`${c} += ${lii} > 0 ? Math.log(${lii}) : Infinity;`);
    });
    emitBroadcastLoop(e, out.shape, [out, asBatch(x), asBatch(mu)], ([o, ix, im]) => {
      e.line(`if (${c} === Infinity) ${e.at(out, o)} = -Infinity; else {`);
      e.loop(k, (j) =>
        e.line(`${e.at(d, j)} = ${e.at(x, `(${ix}) * ${k} + ${j}`)} - ${e.at(mu, `(${im}) * ${k} + ${j}`)};`),
      );
      e.line(`rt.trisolveLower(${arr(L)}, ${off(L)}, ${d.id}, 0, ${z.id}, 0, ${k}, 1);`);
      const q = e.fresh('q');
      e.line(`let ${q} = 0;`);
      e.loop(k, (j) => e.line(`${q} += ${e.at(z, j)} * ${e.at(z, j)};`));
      e.line(`${e.at(out, o)} = -0.5 * ${q} - ${c}; }`);
    });
  },
  vjp: (e, { g, out, args: [x, mu, L], gArgs: [gx, gmu, gL] }) => {
    const k = L.shape[0];
    const d = e.scratch([k]);
    const z = e.scratch([k]);
    const gz = e.scratch([k]);
    const gd = e.scratch([k]);
    const total = e.fresh('G');
    e.line(`let ${total} = 0;`);
    emitBroadcastLoop(e, out.shape, [g, out, asBatch(x), asBatch(mu)], ([ig, io, ix, im]) => {
      const gv = e.fresh('g');
      e.line(`const ${gv} = ${e.at(g, ig)};`);
      e.line(`if (${gv} !== 0 && ${e.at(out, io)} > -Infinity) {`);
      e.line(`${total} += ${gv};`);
      e.loop(k, (j) =>
        e.line(`${e.at(d, j)} = ${e.at(x, `(${ix}) * ${k} + ${j}`)} - ${e.at(mu, `(${im}) * ${k} + ${j}`)};`),
      );
      e.line(`rt.trisolveLower(${arr(L)}, ${off(L)}, ${d.id}, 0, ${z.id}, 0, ${k}, 1);`);
      // z = L⁻¹d and lp = −½ zᵀz: z̄ = −g·z; the kernel turns z̄ into d̄ = L⁻ᵀz̄ (left in gd) and
      // adds L̄ −= tril(d̄ zᵀ).
      e.loop(k, (j) => e.line(`${e.at(gz, j)} = -${gv} * ${e.at(z, j)};`));
      e.line(
        `rt.trisolveLowerVjp(${arr(L)}, ${off(L)}, ${z.id}, 0, ${gz.id}, 0, ${gL ? arr(gL) : 'null'}, ${gL ? off(gL) : 0}, null, 0, ${k}, 1, ${gd.id});`,
      );
      e.loop(k, (j) => {
        if (gx) e.line(`${e.at(gx, `(${ix}) * ${k} + ${j}`)} += ${e.at(gd, j)};`);
        if (gmu) e.line(`${e.at(gmu, `(${im}) * ${k} + ${j}`)} -= ${e.at(gd, j)};`);
      });
      e.line('}');
    });
    // −Σ log L_ii, once per event.
    if (gL)
      e.loop(k, (i) => e.line(`${e.at(gL, `${i} * ${k + 1}`)} -= ${total} / ${e.at(L, `${i} * ${k + 1}`)};`));
  },
  // Batched: x [bx, ...xs, k], mu [bm, ...ms, k], L [bL, k, k]. Forward substitution z = L⁻¹(x − μ)
  // one component at a time along the last axis; a non-positive (or NaN) diagonal is replaced by 1
  // before its log and the divisions, and the result masked to −Infinity.
  tf: (tf, [x, mu, L]) => tfMvnormalCholesky(tf, x, mu, L),
});

function tfMvnormalCholesky(tf: any, x: any, mu: any, L: any): any {
  const k = L.shape[2];
  const bL = L.shape[0];
  const r = Math.max(x.rank, mu.rank);
  const ones = (n: number): number[] => new Array(n).fill(1);
  const align = (t: any) =>
    t.rank === r ? t : tf.reshape(t, [t.shape[0], ...ones(r - t.rank), ...t.shape.slice(1)]);
  const d = tf.sub(align(x), align(mu)); // [b, ...batch, k]
  // The diagonal: entries i·(k + 1) of the flattened matrix, by padding it to k·(k + 1) entries
  // (not by masking with an identity, where 0 · NaN off the diagonal would poison it; tf.gather's
  // gradient needs a kernel the wasm backend lacks).
  const flat = tf.pad(tf.reshape(L, [bL, k * k]), [
    [0, 0],
    [0, k],
  ]);
  const diag = tf.reshape(tf.slice(tf.reshape(flat, [bL, k, k + 1]), [0, 0, 0], [bL, k, 1]), [bL, k]);
  const positive = tf.greater(diag, 0);
  const safeDiag = tf.where(positive, diag, 1);
  // Per-event values of L, shaped to broadcast against [b, ...batch, ·].
  const asEvent = (t: any, n: number) => tf.reshape(t, [bL, ...ones(r - 2), n]);
  const ds = tf.split(d, k, r - 1);
  const zs: any[] = [];
  for (let i = 0; i < k; i++) {
    let s = ds[i];
    if (i > 0) {
      const row = asEvent(tf.slice(L, [0, i, 0], [bL, 1, i]), i);
      s = tf.sub(s, tf.sum(tf.mul(tf.concat(zs, r - 1), row), r - 1, true));
    }
    zs.push(tf.div(s, asEvent(tf.slice(safeDiag, [0, i], [bL, 1]), 1)));
  }
  const q = tf.sum(tf.square(k === 1 ? zs[0] : tf.concat(zs, r - 1)), r - 1); // [b', ...batch]
  const c = tf.add(tf.sum(tf.log(safeDiag), 1), k * HALF_LOG_2PI); // [bL]
  const lp = tf.sub(tf.mul(-0.5, q), tf.reshape(c, [bL, ...ones(r - 2)]));
  // Every diagonal entry positive: no failure counted (comparisons and sums carry gradients in tfjs, `all` does not).
  const ok = tf.equal(tf.sum(tf.cast(tf.logicalNot(positive), 'float32'), 1), 0);
  return tf.where(tf.reshape(ok, [bL, ...ones(r - 2)]), lp, Number.NEGATIVE_INFINITY);
}

/** Lower Cholesky factors of the last few covariances seen by the sampler. */
let cachedCov: Float64Array | undefined;
let cachedChol: Float64Array | undefined;
function choleskyOf(cov: Float64Array, k: number): Float64Array {
  if (cachedCov && cachedChol && cachedCov.length === cov.length && cachedCov.every((v, i) => v === cov[i])) {
    return cachedChol;
  }
  const L = new Float64Array(k * k);
  cholesky(cov, 0, L, 0, k);
  cachedCov = Float64Array.from(cov);
  cachedChol = L;
  return L;
}

/**
 * MvNormal(mu, cov) or MvNormal(mu, chol) with chol the lower Cholesky factor of the covariance
 * (its upper triangle is ignored). The event is the last axis of mu; cov/chol is one k×k matrix
 * shared by every batch element.
 *
 * log p(x) = −½‖L⁻¹(x − μ)‖² − Σ log L_ii − (k/2)·log 2π, L = cholesky(cov).
 */
export const MvNormal = registerDistribution({
  name: 'MvNormal',
  params: ['mu', 'cov'],
  parametrizations: [
    ['mu', 'cov'],
    ['mu', 'chol'],
  ],
  defaults: {},
  eventRank: 1,
  support: { kind: 'real_vector' },
  discrete: false,
  checks: { mu: 'real', cov: 'real', chol: 'real' },
  shapes: (args, where) => {
    const L = args.cov ?? args.chol;
    const mu = args.mu;
    if (L === undefined || mu === undefined)
      throw new ShapeError('MvNormal needs mu and cov (or chol)', { node: where });
    try {
      const batch = mvnShape([mu, mu, L]);
      return { batch, event: [L[0]] };
    } catch (err) {
      if (err instanceof ShapeError) throw new ShapeError(err.message, { node: where });
      throw err;
    }
  },
  logp: (x, args) => {
    if ('chol' in args) return call('mvnormal_cholesky_lpdf', [x, args.mu, args.chol]);
    if ('cov' in args) return call('mvnormal_cholesky_lpdf', [x, args.mu, call('cholesky', [args.cov])]);
    throw new DoplError('MvNormal: missing parameters (mu and cov, or mu and chol)');
  },
  /** One draw μ + L·z; `p.mu` holds one mean vector, `p.cov` / `p.chol` one k×k matrix. */
  sampleEvent: (rng, p, out, offset) => {
    const mu = p.mu;
    const k = mu.length;
    const L = 'chol' in p ? p.chol : choleskyOf(p.cov, k);
    const z = new Float64Array(k);
    for (let i = 0; i < k; i++) z[i] = rng.normal();
    for (let i = 0; i < k; i++) {
      let s = mu[i];
      for (let j = 0; j <= i; j++) s += L[i * k + j] * z[j];
      out[offset + i] = s;
    }
  },
});
