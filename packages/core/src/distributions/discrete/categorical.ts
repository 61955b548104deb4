import { DoplError, ShapeError } from '../../errors.js';
import { call } from '../../graph/expr.js';
import { emitBroadcastLoop } from '../../ops/broadcast.js';
import type { Buf, Emit } from '../../ops/op.js';
import { defineOp } from '../../ops/registry.js';
import { categorical } from '../../random/index.js';
import { broadcastShapes, formatShape, type Shape, size } from '../../tensor/index.js';
import { registerDistribution, type StructuralVectors } from '../distribution.js';

// The category axis is the last axis of the parameter; the value has no event axes.

const batchOf = (s: Shape): Shape => s.slice(0, -1);
const asBatch = (b: Buf): Buf => ({ ...b, shape: batchOf(b.shape) });

/** Emits lse[r] = log Σ_k exp(logits[r, k]) for every row r of the logits. */
function emitRowLogSumExp(e: Emit, logits: Buf, lse: Buf, rows: number, K: number): void {
  e.loop(rows, (r) => {
    const m = e.fresh('m');
    const s = e.fresh('s');
    const at = (k: string) => e.at(logits, `${r} * ${K} + ${k}`);
    e.line(`let ${m} = -Infinity, ${s} = 0;`);
    e.loop(K, (k) => e.line(`if (${at(k)} > ${m}) ${m} = ${at(k)};`));
    e.line(`if (${m} === -Infinity || ${m} === Infinity) ${e.at(lse, r)} = ${m}; else {`);
    e.loop(K, (k) => e.line(`${s} += Math.exp(${at(k)} - ${m});`));
    e.line(`${e.at(lse, r)} = ${m} + Math.log(${s}); }`);
  });
}

/**
 * categorical_logits_lpdf(x, logits) = logits[…, x] − log Σ_k exp(logits[…, k]): the log-mass of
 * 0-based categories x under softmax(logits), the category axis last. The batch axes of logits
 * broadcast against x. −Infinity for x outside {0, …, K − 1} or non-integer, and wherever the
 * result would be NaN (e.g. negative probabilities passed through log).
 */
export const categoricalLogitsLpdf = defineOp({
  name: 'categorical_logits_lpdf',
  arity: 2,
  nondiff: [0],
  shape: ([x, l]) => {
    if (l.length === 0)
      throw new ShapeError('Categorical: the probabilities need a category axis, got a scalar');
    try {
      return broadcastShapes(x, batchOf(l));
    } catch {
      throw new ShapeError(
        `Categorical: values ${formatShape(x)} do not broadcast against probabilities ${formatShape(l)}`,
      );
    }
  },
  emit: (e, out, [x, l]) => {
    const K = l.shape[l.shape.length - 1];
    const rows = size(batchOf(l.shape));
    const lse = e.scratch([rows]);
    emitRowLogSumExp(e, l, lse, rows, K);
    emitBroadcastLoop(e, out.shape, [out, x, asBatch(l)], ([o, ix, ir]) => {
      const v = e.fresh('v');
      const r = e.fresh('r');
      e.line(`const ${v} = ${e.at(x, ix)}, ${r} = ${ir};`);
      e.line(
        `${e.at(out, o)} = Number.isInteger(${v}) && ${v} >= 0 && ${v} < ${K} ? ${e.at(l, `${r} * ${K} + ${v}`)} - ${e.at(lse, r)} : -Infinity;`,
      );
      e.line(`if (${e.at(out, o)} !== ${e.at(out, o)}) ${e.at(out, o)} = -Infinity;`);
    });
  },
  vjp: (e, { g, out, args: [x, l], gArgs: [, gl] }) => {
    if (!gl) return;
    const K = l.shape[l.shape.length - 1];
    const rows = size(batchOf(l.shape));
    const lse = e.scratch([rows]);
    const total = e.scratch([rows]);
    emitRowLogSumExp(e, l, lse, rows, K);
    e.line(`${total.id}.fill(0);`);
    // ∂/∂logits[r, k] = 1[k = x] − softmax(logits[r])_k, weighted by the output adjoint.
    emitBroadcastLoop(e, out.shape, [g, out, x, asBatch(l)], ([ig, io, ix, ir]) => {
      const r = e.fresh('r');
      e.line(`if (${e.at(out, io)} > -Infinity) { const ${r} = ${ir};`);
      e.line(
        `${e.at(gl, `${r} * ${K} + ${e.at(x, ix)}`)} += ${e.at(g, ig)}; ${e.at(total, r)} += ${e.at(g, ig)}; }`,
      );
    });
    e.loop(rows, (r) => {
      e.line(`if (${e.at(total, r)} !== 0) {`);
      e.loop(K, (k) => {
        const idx = `${r} * ${K} + ${k}`;
        e.line(`${e.at(gl, idx)} -= ${e.at(total, r)} * Math.exp(${e.at(l, idx)} - ${e.at(lse, r)});`);
      });
      e.line('}');
    });
  },
  // Batched: x is [bx, ...xs], logits [bl, ...lb, K]; the value's last axis is the tensor's.
  tf: (tf, [x, l]) => {
    const K = l.shape[l.rank - 1];
    const logp = tf.sub(l, tf.logSumExp(l, l.rank - 1, true));
    const r = Math.max(x.rank + 1, l.rank);
    // Rank-align [b, ...s] to rank r by unit axes after the batch axis.
    const align = (t: any) =>
      t.rank === r ? t : tf.reshape(t, [t.shape[0], ...new Array(r - t.rank).fill(1), ...t.shape.slice(1)]);
    const hit = tf.equal(align(tf.expandDims(x, x.rank)), tf.range(0, K, 1, 'float32'));
    // Unselected entries (possibly −∞ or NaN) are zeroed before the sum.
    const picked = tf.sum(tf.where(hit, align(logp), 0), r - 1);
    const inRange = tf.greater(tf.sum(tf.cast(hit, 'float32'), r - 1), 0);
    return tf.where(
      tf.logicalAnd(inRange, tf.logicalNot(tf.isNaN(picked))),
      picked,
      Number.NEGATIVE_INFINITY,
    );
  },
});

/** P(X ≤ x) for probabilities p over 0-based categories. */
export function categoricalCdf(x: number, p: ArrayLike<number>): number {
  if (Number.isNaN(x)) return Number.NaN;
  if (x < 0) return 0;
  let total = 0;
  for (let k = 0; k < p.length; k++) total += p[k];
  let s = 0;
  const top = Math.min(Math.floor(x), p.length - 1);
  for (let k = 0; k <= top; k++) s += p[k];
  return top === p.length - 1 ? 1 : s / total;
}

/** Probabilities from logits (softmax). */
export function softmax(logits: ArrayLike<number>, out = new Float64Array(logits.length)): Float64Array {
  let m = Number.NEGATIVE_INFINITY;
  for (let k = 0; k < logits.length; k++) if (logits[k] > m) m = logits[k];
  let s = 0;
  for (let k = 0; k < logits.length; k++) {
    out[k] = Math.exp(logits[k] - m);
    s += out[k];
  }
  for (let k = 0; k < logits.length; k++) out[k] /= s;
  return out;
}

/**
 * The structural form of a Categorical with probability vector p (the Structural interface only
 * carries scalar parameters): inverse-CDF coupling x = min{k : F(k) > u}, abduct(x) = [F(x − 1), F(x)).
 */
export const categoricalStructural = {
  base: 'uniform' as const,
  apply: (p: ArrayLike<number>, u: number): number => {
    if (!(u >= 0 && u < 1)) return Number.NaN;
    for (let k = 0; k < p.length - 1; k++) if (categoricalCdf(k, p) > u) return k;
    return p.length - 1;
  },
  abduct: (p: ArrayLike<number>, x: number): readonly [number, number] => {
    if (!(Number.isInteger(x) && x >= 0 && x < p.length)) {
      throw new DoplError(
        `Categorical: cannot abduct the noise of ${x}, which is not a category of ${p.length}`,
      );
    }
    return [x === 0 ? 0 : categoricalCdf(x - 1, p), categoricalCdf(x, p)];
  },
};

/** The element's probabilities: its p, or softmax of its logits. */
function probabilitiesOf(vectors: StructuralVectors | undefined): ArrayLike<number> {
  const p = vectors?.p ?? (vectors?.logits && softmax(vectors.logits));
  if (!p) throw new DoplError('Categorical: the structural form needs the probability vector p or logits');
  return p;
}

/**
 * Categorical(p) or Categorical(logits) over 0-based categories {0, …, K − 1}; the category axis
 * is the parameter's last axis (so a [N, K] parameter gives N draws). p is rescaled to sum to one
 * (PyMC does the same); logits go through log-softmax.
 *
 * log p(x) = logits[x] − log Σ exp(logits), with logits = log p for the p parametrization.
 */
export const Categorical = registerDistribution({
  name: 'Categorical',
  params: ['p'],
  parametrizations: [['p'], ['logits']],
  defaults: {},
  eventRank: 0,
  support: { kind: 'integer', lower: 0 },
  discrete: true,
  checks: { p: 'simplex', logits: 'real' },
  shapes: (args, where) => {
    const p = args.p ?? args.logits;
    if (p === undefined) throw new ShapeError('Categorical needs p or logits', { node: where });
    if (p.length === 0) {
      throw new ShapeError('Categorical: the probabilities need a category axis (a vector), got a scalar', {
        node: where,
      });
    }
    return { batch: batchOf(p), event: [] };
  },
  logp: (x, args) => {
    if ('p' in args) return call('categorical_logits_lpdf', [x, call('log', [args.p])]);
    if ('logits' in args) return call('categorical_logits_lpdf', [x, args.logits]);
    throw new DoplError('Categorical: missing parameters (p or logits)');
  },
  /** One draw; `p.p` or `p.logits` holds one probability (logit) vector. */
  sampleEvent: (rng, p, out, offset) => {
    out[offset] = categorical(rng, 'p' in p ? p.p : softmax(p.logits));
  },
  // Inverse-CDF coupling over the category order, as Bernoulli's and Poisson's: a category's
  // noise is the interval [F(k − 1), F(k)) of a Uniform(0, 1).
  structural: {
    base: 'uniform',
    vectorParams: ['p', 'logits'],
    apply: (_p, u, vectors) => categoricalStructural.apply(probabilitiesOf(vectors), u),
    abduct: (_p, x, vectors) => categoricalStructural.abduct(probabilitiesOf(vectors), x),
  },
});
