import { ShapeError } from '../errors.js';
import type { Attrs } from '../graph/expr.js';
import { type Shape, size } from '../tensor/index.js';
import type { Buf, Emit } from './op.js';
import { defineOp } from './registry.js';

// Reductions over all elements (axis = null) or one axis.

const axisOf = (shape: Shape, attrs: Attrs): number | null => {
  const a = attrs.axis;
  if (a === undefined || a === null) return null;
  const k = (a as number) < 0 ? shape.length + (a as number) : (a as number);
  if (k < 0 || k >= shape.length)
    throw new ShapeError(`axis ${a} is out of range for shape [${shape.join(', ')}]`);
  return k;
};

const reducedShape = (args: readonly Shape[], attrs: Attrs): Shape => {
  const k = axisOf(args[0], attrs);
  return k === null ? [] : args[0].filter((_, i) => i !== k);
};

/** Splits a shape around the reduced axis: [outer, n, inner]. */
const split = (shape: Shape, attrs: Attrs): [number, number, number] => {
  const k = axisOf(shape, attrs);
  if (k === null) return [1, size(shape), 1];
  return [size(shape.slice(0, k)), shape[k], size(shape.slice(k + 1))];
};

function reduceLoops(
  e: Emit,
  x: Buf,
  attrs: Attrs,
  body: (outIdx: string, inIdx: (i: string) => string) => void,
) {
  const [outer, n, inner] = split(x.shape, attrs);
  e.loop(outer, (o) =>
    e.loop(inner, (j) => {
      const outIdx = outer === 1 ? (inner === 1 ? '0' : j) : inner === 1 ? o : `${o} * ${inner} + ${j}`;
      body(outIdx, (i) =>
        inner === 1 ? (outer === 1 ? i : `${o} * ${n} + ${i}`) : `(${o} * ${n} + ${i}) * ${inner} + ${j}`,
      );
    }),
  );
  return n;
}

export const sum = defineOp({
  name: 'sum',
  arity: 1,
  shape: reducedShape,
  emit: (e, out, [x], attrs) => {
    const [outer, n, inner] = split(x.shape, attrs);
    if (outer === 1 && inner === 1) {
      const acc = e.fresh('acc');
      e.line(`let ${acc} = 0;`);
      e.loop(n, (i) => e.line(`${acc} += ${e.at(x, i)};`));
      e.line(`${e.at(out, 0)} = ${acc};`);
      return;
    }
    reduceLoops(e, x, attrs, (oi, ii) => {
      const acc = e.fresh('acc');
      e.line(`let ${acc} = 0;`);
      e.loop(n, (i) => e.line(`${acc} += ${e.at(x, ii(i))};`));
      e.line(`${e.at(out, oi)} = ${acc};`);
    });
  },
  vjp: (e, { g, args: [x], gArgs: [gx], attrs }) => {
    if (!gx) return;
    const [, n] = split(x.shape, attrs);
    reduceLoops(e, x, attrs, (oi, ii) => {
      const gv = e.fresh('g');
      e.line(`const ${gv} = ${e.at(g, oi)};`);
      e.loop(n, (i) => e.line(`${e.at(gx, ii(i))} += ${gv};`));
    });
  },
  tf: (tf, [x], attrs) => {
    const ax = tfAxes(x, attrs);
    return ax.length === 0 ? x : tf.sum(x, ax);
  },
});

/** log Σ exp(x), shifted by the maximum so it never overflows; all −∞ gives −∞. */
export const logSumExp = defineOp({
  name: 'log_sum_exp',
  arity: 1,
  shape: reducedShape,
  emit: (e, out, [x], attrs) => {
    const [, n] = split(x.shape, attrs);
    reduceLoops(e, x, attrs, (oi, ii) => {
      const m = e.fresh('m');
      const s = e.fresh('s');
      e.line(`let ${m} = -Infinity;`);
      e.loop(n, (i) => e.line(`if (${e.at(x, ii(i))} > ${m}) ${m} = ${e.at(x, ii(i))};`));
      e.line(`let ${s} = 0;`);
      e.line(`if (${m} === -Infinity || ${m} === Infinity) ${s} = 1; else {`);
      e.loop(n, (i) => e.line(`${s} += Math.exp(${e.at(x, ii(i))} - ${m});`));
      e.line('}');
      e.line(`${e.at(out, oi)} = ${m} + Math.log(${s});`);
    });
  },
  vjp: (e, { g, out, args: [x], gArgs: [gx], attrs }) => {
    if (!gx) return;
    const [, n] = split(x.shape, attrs);
    reduceLoops(e, x, attrs, (oi, ii) => {
      const gv = e.fresh('g');
      const y = e.fresh('y');
      e.line(`const ${gv} = ${e.at(g, oi)}, ${y} = ${e.at(out, oi)};`);
      e.line(`if (${y} !== -Infinity) {`);
      e.loop(n, (i) => e.line(`${e.at(gx, ii(i))} += ${gv} * Math.exp(${e.at(x, ii(i))} - ${y});`));
      e.line('}');
    });
  },
  tf: (tf, [x], attrs) => {
    const ax = tfAxes(x, attrs);
    if (ax.length === 0) return x;
    // Shifted by the maximum, with a non-finite maximum replaced by 0 so all −∞ gives −∞ (not NaN).
    const m = tf.max(x, ax, true);
    const shift = tf.where(tf.isFinite(m), m, tf.zerosLike(m));
    const s = tf.log(tf.sum(tf.exp(tf.sub(x, shift)), ax));
    return tf.add(s, tf.reshape(shift, s.shape));
  },
});

/** Log-softmax along the last axis: x − log Σ exp(x). */
export const logSoftmax = defineOp({
  name: 'log_softmax',
  arity: 1,
  shape: ([x]) => {
    if (x.length === 0) throw new ShapeError('log_softmax needs a vector, got a scalar');
    return x;
  },
  emit: (e, out, [x]) => {
    const n = x.shape[x.shape.length - 1];
    e.loop(size(x.shape) / n, (r) => {
      const m = e.fresh('m');
      const s = e.fresh('s');
      const base = `${r} * ${n}`;
      e.line(`let ${m} = -Infinity, ${s} = 0;`);
      e.loop(n, (i) =>
        e.line(`if (${e.at(x, `${base} + ${i}`)} > ${m}) ${m} = ${e.at(x, `${base} + ${i}`)};`),
      );
      e.loop(n, (i) => e.line(`${s} += Math.exp(${e.at(x, `${base} + ${i}`)} - ${m});`));
      e.line(`${s} = ${m} + Math.log(${s});`);
      e.loop(n, (i) => e.line(`${e.at(out, `${base} + ${i}`)} = ${e.at(x, `${base} + ${i}`)} - ${s};`));
    });
  },
  vjp: (e, { g, out, args: [x], gArgs: [gx] }) => {
    if (!gx) return;
    const n = x.shape[x.shape.length - 1];
    e.loop(size(x.shape) / n, (r) => {
      const gs = e.fresh('gs');
      const base = `${r} * ${n}`;
      e.line(`let ${gs} = 0;`);
      e.loop(n, (i) => e.line(`${gs} += ${e.at(g, `${base} + ${i}`)};`));
      e.loop(n, (i) =>
        e.line(
          `${e.at(gx, `${base} + ${i}`)} += ${e.at(g, `${base} + ${i}`)} - Math.exp(${e.at(out, `${base} + ${i}`)}) * ${gs};`,
        ),
      );
    });
  },
  tf: (tf, [x]) => tf.logSoftmax(x, -1),
});

/** Cumulative sum along an axis (default 0). */
export const cumsum = defineOp({
  name: 'cumsum',
  arity: 1,
  shape: ([x], attrs) => {
    if (x.length === 0) throw new ShapeError('cumsum needs an array, got a scalar');
    axisOf(x, { axis: attrs.axis ?? 0 });
    return x;
  },
  emit: (e, out, [x], attrs) => {
    const [outer, n, inner] = split(x.shape, { axis: attrs.axis ?? 0 });
    e.loop(outer, (o) =>
      e.loop(inner, (j) => {
        const acc = e.fresh('acc');
        e.line(`let ${acc} = 0;`);
        e.loop(n, (i) => {
          const idx = `(${o} * ${n} + ${i}) * ${inner} + ${j}`;
          e.line(`${acc} += ${e.at(x, idx)}; ${e.at(out, idx)} = ${acc};`);
        });
      }),
    );
  },
  vjp: (e, { g, args: [x], gArgs: [gx], attrs }) => {
    if (!gx) return;
    const [outer, n, inner] = split(x.shape, { axis: attrs.axis ?? 0 });
    e.loop(outer, (o) =>
      e.loop(inner, (j) => {
        const acc = e.fresh('acc');
        e.line(`let ${acc} = 0;`);
        e.line(`for (let i = ${n - 1}; i >= 0; i--) {`);
        const idx = `(${o} * ${n} + i) * ${inner} + ${j}`;
        e.line(`${acc} += ${e.at(g, idx)}; ${e.at(gx, idx)} += ${acc};`);
        e.line('}');
      }),
    );
  },
  tf: (tf, [x], attrs) => {
    // Along the last axis only: tfjs's cumsum gradient mis-shapes other axes.
    const k = axisOf(x.shape.slice(1), { axis: attrs.axis ?? 0 })! + 1;
    const last = x.rank - 1;
    if (k === last) return tf.cumsum(x, last);
    const perm = Array.from({ length: x.rank }, (_, i) => (i === k ? last : i === last ? k : i));
    return tf.transpose(tf.cumsum(tf.transpose(x, perm), last), perm);
  },
});

/** Mean over all elements or one axis. */
export const mean = defineOp({
  name: 'mean',
  arity: 1,
  shape: reducedShape,
  emit: (e, out, [x], attrs) => {
    const [, n] = split(x.shape, attrs);
    reduceLoops(e, x, attrs, (oi, ii) => {
      const acc = e.fresh('acc');
      e.line(`let ${acc} = 0;`);
      e.loop(n, (i) => e.line(`${acc} += ${e.at(x, ii(i))};`));
      e.line(`${e.at(out, oi)} = ${acc} / ${n};`);
    });
  },
  vjp: (e, { g, args: [x], gArgs: [gx], attrs }) => {
    if (!gx) return;
    const [, n] = split(x.shape, attrs);
    reduceLoops(e, x, attrs, (oi, ii) => {
      const gv = e.fresh('g');
      e.line(`const ${gv} = ${e.at(g, oi)} / ${n};`);
      e.loop(n, (i) => e.line(`${e.at(gx, ii(i))} += ${gv};`));
    });
  },
  tf: (tf, [x], attrs) => {
    const ax = tfAxes(x, attrs);
    return ax.length === 0 ? x : tf.mean(x, ax);
  },
});

// tfjs forwards receive batched tensors [b, ...shape] (ops/op.ts): axis k of the value is axis k + 1.
function tfAxes(x: any, attrs: Attrs): number[] {
  const k = axisOf(x.shape.slice(1), attrs);
  return k === null ? Array.from({ length: x.rank - 1 }, (_, i) => i + 1) : [k + 1];
}
