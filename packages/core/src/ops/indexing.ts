import { ShapeError } from '../errors.js';
import type { Attrs } from '../graph/expr.js';
import { formatShape, type Shape, sameShape, size } from '../tensor/index.js';
import { emitBroadcastLoop } from './broadcast.js';
import { defineOp } from './registry.js';

// Integer-array indexing (gather), slicing, concatenation, stacking and reshaping. Index values
// are 0-based integers stored as floats; they carry no gradient.

const axisIn = (shape: Shape, a: unknown, what: string): number => {
  const k = (a as number | undefined) ?? 0;
  const r = k < 0 ? shape.length + k : k;
  if (r < 0 || r >= shape.length)
    throw new ShapeError(`${what}: axis ${k} is out of range for ${formatShape(shape)}`);
  return r;
};

/** take(x, idx, axis): x's entries at integer positions idx along an axis; shape x[:axis] + idx + x[axis+1:]. */
export const take = defineOp({
  name: 'take',
  arity: 2,
  nondiff: [1],
  shape: ([x, idx], attrs) => {
    if (x.length === 0) throw new ShapeError('cannot index a scalar');
    const k = axisIn(x, attrs.axis, 'indexing');
    return [...x.slice(0, k), ...idx, ...x.slice(k + 1)];
  },
  emit: (e, out, [x, idx], attrs) => {
    const k = axisIn(x.shape, attrs.axis, 'indexing');
    const pre = size(x.shape.slice(0, k));
    const n = x.shape[k];
    const post = size(x.shape.slice(k + 1));
    const m = size(idx.shape);
    e.loop(pre, (p) =>
      e.loop(m, (q) => {
        const j = e.fresh('j');
        e.line(`const ${j} = ${e.at(idx, q)};`);
        e.loop(post, (r) =>
          e.line(
            `${e.at(out, `(${p} * ${m} + ${q}) * ${post} + ${r}`)} = ${e.at(x, `(${p} * ${n} + ${j}) * ${post} + ${r}`)};`,
          ),
        );
      }),
    );
  },
  vjp: (e, { g, args: [x, idx], gArgs: [gx], attrs }) => {
    if (!gx) return;
    const k = axisIn(x.shape, attrs.axis, 'indexing');
    const pre = size(x.shape.slice(0, k));
    const n = x.shape[k];
    const post = size(x.shape.slice(k + 1));
    const m = size(idx.shape);
    e.loop(pre, (p) =>
      e.loop(m, (q) => {
        const j = e.fresh('j');
        e.line(`const ${j} = ${e.at(idx, q)};`);
        e.loop(post, (r) =>
          e.line(
            `${e.at(gx, `(${p} * ${n} + ${j}) * ${post} + ${r}`)} += ${e.at(g, `(${p} * ${m} + ${q}) * ${post} + ${r}`)};`,
          ),
        );
      }),
    );
  },
  tf: (tf, [x, idx], attrs) => tfTake(tf, x, idx, axisIn(x.shape.slice(1), attrs.axis, 'indexing') + 1),
});

/** Python-style slice bounds, resolved against a length. */
export function sliceRange(n: number, attrs: Attrs): { start: number; count: number; step: number } {
  const step = (attrs.step as number | null | undefined) ?? 1;
  if (step === 0 || !Number.isInteger(step))
    throw new ShapeError(`slice step must be a non-zero integer, got ${step}`);
  const norm = (v: number | null | undefined, dflt: number) => {
    if (v === null || v === undefined) return dflt;
    const r = v < 0 ? v + n : v;
    return step > 0 ? Math.min(Math.max(r, 0), n) : Math.min(Math.max(r, -1), n - 1);
  };
  const start = norm(attrs.start as number | null, step > 0 ? 0 : n - 1);
  const stop = norm(attrs.stop as number | null, step > 0 ? n : -1);
  const count = Math.max(0, Math.ceil((stop - start) / step));
  return { start, count, step };
}

export const slice = defineOp({
  name: 'slice',
  arity: 1,
  shape: ([x], attrs) => {
    if (x.length === 0) throw new ShapeError('cannot slice a scalar');
    const k = axisIn(x, attrs.axis, 'slice');
    const { count } = sliceRange(x[k], attrs);
    return x.map((d, i) => (i === k ? count : d));
  },
  emit: (e, out, [x], attrs) => {
    const k = axisIn(x.shape, attrs.axis, 'slice');
    const { start, count, step } = sliceRange(x.shape[k], attrs);
    const pre = size(x.shape.slice(0, k));
    const n = x.shape[k];
    const post = size(x.shape.slice(k + 1));
    e.loop(pre, (p) =>
      e.loop(count, (q) =>
        e.loop(post, (r) =>
          e.line(
            `${e.at(out, `(${p} * ${count} + ${q}) * ${post} + ${r}`)} = ${e.at(x, `(${p} * ${n} + ${start} + ${q} * ${step}) * ${post} + ${r}`)};`,
          ),
        ),
      ),
    );
  },
  vjp: (e, { g, args: [x], gArgs: [gx], attrs }) => {
    if (!gx) return;
    const k = axisIn(x.shape, attrs.axis, 'slice');
    const { start, count, step } = sliceRange(x.shape[k], attrs);
    const pre = size(x.shape.slice(0, k));
    const n = x.shape[k];
    const post = size(x.shape.slice(k + 1));
    e.loop(pre, (p) =>
      e.loop(count, (q) =>
        e.loop(post, (r) =>
          e.line(
            `${e.at(gx, `(${p} * ${n} + ${start} + ${q} * ${step}) * ${post} + ${r}`)} += ${e.at(g, `(${p} * ${count} + ${q}) * ${post} + ${r}`)};`,
          ),
        ),
      ),
    );
  },
  tf: (tf, [x], attrs) => {
    const k = axisIn(x.shape.slice(1), attrs.axis, 'slice') + 1;
    const { start, count, step } = sliceRange(x.shape[k], attrs);
    if (step === 1)
      return tf.slice(
        x,
        x.shape.map((_: number, i: number) => (i === k ? start : 0)),
        x.shape.map((d: number, i: number) => (i === k ? count : d)),
      );
    const idx = tf.tensor1d(
      Array.from({ length: count }, (_, i) => start + i * step),
      'int32',
    );
    return tfGather(tf, x, idx, k);
  },
});

/** Concatenation of arrays along an existing axis (default 0). */
export const concat = defineOp({
  name: 'concat',
  arity: [1, 1 << 20],
  shape: (args, attrs) => {
    const first = args[0];
    if (first.length === 0) throw new ShapeError('concat needs arrays, got a scalar');
    const k = axisIn(first, attrs.axis, 'concat');
    let total = 0;
    for (const a of args) {
      if (a.length !== first.length || a.some((d, i) => i !== k && d !== first[i])) {
        throw new ShapeError(`concat: shapes ${args.map(formatShape).join(', ')} differ off axis ${k}`);
      }
      total += a[k];
    }
    return first.map((d, i) => (i === k ? total : d));
  },
  emit: (e, out, args, attrs) => {
    const k = axisIn(args[0].shape, attrs.axis, 'concat');
    const pre = size(out.shape.slice(0, k));
    const post = size(out.shape.slice(k + 1));
    const total = out.shape[k];
    let at = 0;
    for (const a of args) {
      const n = a.shape[k];
      const base = at;
      e.loop(pre, (p) =>
        e.loop(n * post, (q) =>
          e.line(
            `${e.at(out, `${p} * ${total * post} + ${base * post} + ${q}`)} = ${e.at(a, `${p} * ${n * post} + ${q}`)};`,
          ),
        ),
      );
      at += n;
    }
  },
  vjp: (e, { g, args, gArgs, attrs, out }) => {
    const k = axisIn(args[0].shape, attrs.axis, 'concat');
    const pre = size(out.shape.slice(0, k));
    const post = size(out.shape.slice(k + 1));
    const total = out.shape[k];
    let at = 0;
    args.forEach((a, i) => {
      const n = a.shape[k];
      const base = at;
      const ga = gArgs[i];
      if (ga) {
        e.loop(pre, (p) =>
          e.loop(n * post, (q) =>
            e.line(
              `${e.at(ga, `${p} * ${n * post} + ${q}`)} += ${e.at(g, `${p} * ${total * post} + ${base * post} + ${q}`)};`,
            ),
          ),
        );
      }
      at += n;
    });
  },
  tf: (tf, args, attrs) =>
    tf.concat(tfSameBatch(tf, args), axisIn(args[0].shape.slice(1), attrs.axis, 'concat') + 1),
});

/** Stacks equally shaped values along a new leading axis: [a, b, c] in the language. */
export const stack = defineOp({
  name: 'stack',
  arity: [1, 1 << 20],
  shape: (args) => {
    for (const a of args) {
      if (!sameShape(a, args[0]))
        throw new ShapeError(`cannot stack shapes ${args.map(formatShape).join(', ')}`);
    }
    return [args.length, ...args[0]];
  },
  emit: (e, out, args) => {
    const n = size(args[0].shape);
    args.forEach((a, i) => {
      e.loop(n, (q) => e.line(`${e.at(out, `${i * n} + ${q}`)} = ${e.at(a, q)};`));
    });
  },
  vjp: (e, { g, args, gArgs }) => {
    const n = size(args[0].shape);
    args.forEach((_, i) => {
      const ga = gArgs[i];
      if (ga) e.loop(n, (q) => e.line(`${e.at(ga, q)} += ${e.at(g, `${i * n} + ${q}`)};`));
    });
  },
  tf: (tf, args) => tf.stack(tfSameBatch(tf, args), 1),
});

export const reshape = defineOp({
  name: 'reshape',
  arity: 1,
  shape: ([x], attrs) => {
    const to = attrs.shape as number[];
    if (size(to) !== size(x)) throw new ShapeError(`cannot reshape ${formatShape(x)} to ${formatShape(to)}`);
    return to;
  },
  emit: (e, out, [x]) => e.loop(size(x.shape), (i) => e.line(`${e.at(out, i)} = ${e.at(x, i)};`)),
  vjp: (e, { g, args: [x], gArgs: [gx] }) => {
    if (gx) e.loop(size(x.shape), (i) => e.line(`${e.at(gx, i)} += ${e.at(g, i)};`));
  },
  tf: (tf, [x], attrs) => tf.reshape(x, [x.shape[0], ...(attrs.shape as number[])]),
});

/** Identity; the compiler uses it to copy a value into place (recurrence rows, outputs). */
export const copy = defineOp({
  name: 'copy',
  arity: 1,
  shape: ([x]) => x,
  emit: (e, out, [x]) => e.loop(size(x.shape), (i) => e.line(`${e.at(out, i)} = ${e.at(x, i)};`)),
  vjp: (e, { g, args: [x], gArgs: [gx] }) => {
    if (gx) e.loop(size(x.shape), (i) => e.line(`${e.at(gx, i)} += ${e.at(g, i)};`));
  },
  tf: (_tf, [x]) => x,
});

/** Broadcasts a value to a larger shape (a declared node shape, e.g. `z[J] ~ Normal(0, 1)`). */
export const broadcastTo = defineOp({
  name: 'broadcast_to',
  arity: 1,
  shape: ([x], attrs) => {
    const to = attrs.shape as number[];
    const off = to.length - x.length;
    if (off < 0 || x.some((d, i) => d !== 1 && d !== to[off + i])) {
      throw new ShapeError(`cannot broadcast ${formatShape(x)} to ${formatShape(to)}`);
    }
    return to;
  },
  emit: (e, out, [x]) =>
    emitBroadcastLoop(e, out.shape, [out, x], ([o, i]) => e.line(`${e.at(out, o)} = ${e.at(x, i)};`)),
  vjp: (e, { g, out, args: [x], gArgs: [gx] }) => {
    if (gx) emitBroadcastLoop(e, out.shape, [g, gx], ([o, i]) => e.line(`${e.at(gx, i)} += ${e.at(g, o)};`));
  },
  tf: (tf, [x], attrs) => {
    const to = attrs.shape as number[];
    const pad = new Array(to.length - (x.rank - 1)).fill(1);
    return tf.broadcastTo(tf.reshape(x, [x.shape[0], ...pad, ...x.shape.slice(1)]), [x.shape[0], ...to]);
  },
});

// tfjs forwards receive batched tensors [b, ...shape] (ops/op.ts): axis k of the value is axis k + 1,
// and b = 1 for constants. Indices arrive as floats and carry no gradient.

/** Broadcasts the leading (batch) axes of several tensors to a common size. */
function tfSameBatch(tf: any, ts: readonly any[]): any[] {
  const b = Math.max(...ts.map((t) => t.shape[0]));
  return ts.map((t) => (t.shape[0] === b ? t : tf.broadcastTo(t, [b, ...t.shape.slice(1)])));
}

/** take along batched axis `a`: shared indices gather; per-point indices use one-hot rows. */
function tfTake(tf: any, x: any, idx: any, a: number): any {
  const is: number[] = idx.shape.slice(1);
  if (idx.shape[0] === 1) return tfGather(tf, x, tf.cast(tf.reshape(idx, is), 'int32'), a);
  // Indices that differ between points (computed from parameters): [B, m, n] one-hot @ [b, n, rest].
  const r = x.rank;
  const n = x.shape[a];
  const m = is.reduce((p, d) => p * d, 1);
  const toFront = [0, a, ...Array.from({ length: r - 1 }, (_, i) => i + 1).filter((i) => i !== a)];
  const xt = tf.transpose(x, toFront); // [b, n, pre…, post…]
  const restShape: number[] = xt.shape.slice(2);
  const rest = restShape.reduce((p, d) => p * d, 1);
  const oh = tf.cast(tf.oneHot(tf.cast(tf.reshape(idx, [idx.shape[0], m]), 'int32'), n), 'float32');
  const y = tf.matMul(oh, tf.reshape(xt, [x.shape[0], n, rest])); // [B, m, rest]
  const B = y.shape[0];
  const yr = tf.reshape(y, [B, ...is, ...restShape]); // [B, is…, pre…, post…]
  const q = is.length;
  const pre = a - 1;
  // Back to [B, pre…, is…, post…].
  const perm = [
    0,
    ...Array.from({ length: pre }, (_, i) => 1 + q + i),
    ...Array.from({ length: q }, (_, i) => 1 + i),
    ...Array.from({ length: r - 1 - a }, (_, i) => 1 + q + pre + i),
  ];
  return tf.transpose(yr, perm);
}

/**
 * tf.gather along axis `a` with int32 indices, with its own gradient (a scatter-add): tfjs's
 * gather gradient needs UnsortedSegmentSum, which the wasm backend lacks.
 */
function tfGather(tf: any, x: any, ii: any, a: number): any {
  const xShape: number[] = x.shape;
  const f = tf.customGrad((xx: any, save: any) => {
    save([ii]);
    return {
      value: tf.gather(xx, ii, a),
      gradFunc: (dy: any, saved: any[]) => {
        const ind = saved[0];
        const r = xShape.length;
        const q = ind.rank;
        const m = ind.size;
        // dy is [pre…, is…, post…] (pre includes the batch axis): indexed axes first, then scatter-add.
        const perm = [
          ...Array.from({ length: q }, (_, i) => a + i),
          ...Array.from({ length: a }, (_, i) => i),
          ...Array.from({ length: r - a - 1 }, (_, i) => a + q + i),
        ];
        const restShape = [...xShape.slice(0, a), ...xShape.slice(a + 1)];
        const rest = restShape.reduce((p, d) => p * d, 1);
        const upd = tf.reshape(tf.transpose(dy, perm), [m, rest]);
        const g = tf.scatterND(tf.reshape(ind, [m, 1]), upd, [xShape[a], rest]);
        const back = [
          ...Array.from({ length: a }, (_, i) => i + 1),
          0,
          ...Array.from({ length: r - a - 1 }, (_, i) => a + 1 + i),
        ];
        return tf.transpose(tf.reshape(g, [xShape[a], ...restShape]), back);
      },
    };
  });
  return f(x);
}
