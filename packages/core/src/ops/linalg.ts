import { ShapeError } from '../errors.js';
import { formatShape, type Shape, size } from '../tensor/index.js';
import type { Buf, Emit } from './op.js';
import { defineOp } from './registry.js';

// Matrix products, transpose, diagonal, Cholesky and triangular solves.

/** matmul dims: [m, k] @ [k, n]; a vector on the left is a row, on the right a column. */
const mmDims = (a: Shape, b: Shape): [number, number, number] => {
  if (a.length === 0 || b.length === 0 || a.length > 2 || b.length > 2) {
    throw new ShapeError(`matmul needs vectors or matrices, got ${formatShape(a)} @ ${formatShape(b)}`);
  }
  const [m, k] = a.length === 1 ? [1, a[0]] : [a[0], a[1]];
  const [k2, n] = b.length === 1 ? [b[0], 1] : [b[0], b[1]];
  if (k !== k2)
    throw new ShapeError(`matmul: inner dimensions differ, ${formatShape(a)} @ ${formatShape(b)}`);
  return [m, k, n];
};

export const matmul = defineOp({
  name: 'matmul',
  arity: 2,
  shape: ([a, b]) => {
    mmDims(a, b);
    const out: number[] = [];
    if (a.length === 2) out.push(a[0]);
    if (b.length === 2) out.push(b[1]);
    return out;
  },
  emit: (e, out, [a, b]) => {
    const [m, k, n] = mmDims(a.shape, b.shape);
    e.loop(m, (i) =>
      e.loop(n, (j) => {
        const acc = e.fresh('acc');
        e.line(`let ${acc} = 0;`);
        e.loop(k, (p) =>
          e.line(`${acc} += ${e.at(a, `${i} * ${k} + ${p}`)} * ${e.at(b, `${p} * ${n} + ${j}`)};`),
        );
        e.line(`${e.at(out, `${i} * ${n} + ${j}`)} = ${acc};`);
      }),
    );
  },
  vjp: (e, { g, args: [a, b], gArgs: [ga, gb] }) => {
    const [m, k, n] = mmDims(a.shape, b.shape);
    // Loops ordered so the inner index walks rows of the (usually large, constant) left matrix.
    e.loop(m, (i) =>
      e.loop(n, (j) => {
        const gv = e.fresh('g');
        e.line(`const ${gv} = ${e.at(g, `${i} * ${n} + ${j}`)};`);
        e.loop(k, (p) => {
          if (ga) e.line(`${e.at(ga, `${i} * ${k} + ${p}`)} += ${gv} * ${e.at(b, `${p} * ${n} + ${j}`)};`);
          if (gb) e.line(`${e.at(gb, `${p} * ${n} + ${j}`)} += ${gv} * ${e.at(a, `${i} * ${k} + ${p}`)};`);
        });
      }),
    );
  },
  tf: (tf, [a, b]) => {
    const a2 = a.rank === 1 ? a.expandDims(0) : a;
    const b2 = b.rank === 1 ? b.expandDims(1) : b;
    let r = tf.matMul(a2, b2);
    if (b.rank === 1) r = r.squeeze([1]);
    if (a.rank === 1) r = r.squeeze([0]);
    return r;
  },
});

export const transpose = defineOp({
  name: 'transpose',
  arity: 1,
  shape: ([a]) => {
    if (a.length !== 2) throw new ShapeError(`transpose needs a matrix, got ${formatShape(a)}`);
    return [a[1], a[0]];
  },
  emit: (e, out, [a]) =>
    e.loop(a.shape[0], (i) =>
      e.loop(a.shape[1], (j) =>
        e.line(`${e.at(out, `${j} * ${a.shape[0]} + ${i}`)} = ${e.at(a, `${i} * ${a.shape[1]} + ${j}`)};`),
      ),
    ),
  vjp: (e, { g, args: [a], gArgs: [ga] }) => {
    if (!ga) return;
    e.loop(a.shape[0], (i) =>
      e.loop(a.shape[1], (j) =>
        e.line(`${e.at(ga, `${i} * ${a.shape[1]} + ${j}`)} += ${e.at(g, `${j} * ${a.shape[0]} + ${i}`)};`),
      ),
    );
  },
  tf: (tf, [a]) => tf.transpose(a),
});

const square = (name: string, s: Shape): number => {
  if (s.length !== 2 || s[0] !== s[1])
    throw new ShapeError(`${name} needs a square matrix, got ${formatShape(s)}`);
  return s[0];
};

/** The diagonal of a square matrix, as a vector. */
export const diag = defineOp({
  name: 'diag',
  arity: 1,
  shape: ([a]) => [square('diag', a)],
  emit: (e, out, [a]) => {
    const n = a.shape[0];
    e.loop(n, (i) => e.line(`${e.at(out, i)} = ${e.at(a, `${i} * ${n + 1}`)};`));
  },
  vjp: (e, { g, args: [a], gArgs: [ga] }) => {
    if (!ga) return;
    const n = a.shape[0];
    e.loop(n, (i) => e.line(`${e.at(ga, `${i} * ${n + 1}`)} += ${e.at(g, i)};`));
  },
  tf: (tf, [a]) => tf.sum(tf.mul(a, tf.eye(a.shape[0])), 1),
});

// Views into arrays are passed to kernels as (array, offset).
const arr = (b: Buf): string => b.base?.id ?? b.id;
const off = (b: Buf): string => b.offset ?? '0';
const needArray = (name: string, b: Buf): void => {
  if (b.scalar) throw new ShapeError(`${name} needs an array argument`);
};

export const cholesky = defineOp({
  name: 'cholesky',
  arity: 1,
  shape: ([a]) => {
    square('cholesky', a);
    return a;
  },
  emit: (e, out, [a]) => {
    needArray('cholesky', a);
    e.line(`rt.cholesky(${arr(a)}, ${off(a)}, ${arr(out)}, ${off(out)}, ${a.shape[0]});`);
  },
  vjp: (e, { g, out, gArgs: [ga] }) => {
    if (!ga) return;
    const n = out.shape[0];
    const work = e.scratch([2 * n * n]);
    e.line(
      `rt.choleskyVjp(${arr(out)}, ${off(out)}, ${arr(g)}, ${off(g)}, ${arr(ga)}, ${off(ga)}, ${n}, ${work.id});`,
    );
  },
  tf: (tf, [a]) => tfCholesky(tf, a),
});

/** L⁻¹ b for lower-triangular L; b a vector or a matrix. */
export const trisolve = defineOp({
  name: 'trisolve',
  arity: 2,
  shape: ([l, b]) => {
    const n = square('trisolve', l);
    if (b.length === 0 || b.length > 2 || b[0] !== n) {
      throw new ShapeError(`trisolve: right-hand side ${formatShape(b)} does not match ${formatShape(l)}`);
    }
    return b;
  },
  emit: (e, out, [l, b]) => {
    needArray('trisolve', l);
    needArray('trisolve', b);
    const n = l.shape[0];
    const m = b.shape.length === 2 ? b.shape[1] : 1;
    e.line(
      `rt.trisolveLower(${arr(l)}, ${off(l)}, ${arr(b)}, ${off(b)}, ${arr(out)}, ${off(out)}, ${n}, ${m});`,
    );
  },
  vjp: (e, { g, out, args: [l, b], gArgs: [gl, gb] }) => {
    if (!gl && !gb) return;
    const n = l.shape[0];
    const m = b.shape.length === 2 ? b.shape[1] : 1;
    const work = e.scratch([n * m]);
    e.line(
      `rt.trisolveLowerVjp(${arr(l)}, ${off(l)}, ${arr(out)}, ${off(out)}, ${arr(g)}, ${off(g)}, ${gl ? arr(gl) : 'null'}, ${gl ? off(gl) : 0}, ${gb ? arr(gb) : 'null'}, ${gb ? off(gb) : 0}, ${n}, ${m}, ${work.id});`,
    );
  },
  tf: (tf, [l, b]) => {
    const b2 = b.rank === 1 ? b.expandDims(1) : b;
    const x = tfTrisolve(tf, l, b2);
    return b.rank === 1 ? x.squeeze([1]) : x;
  },
});

// tfjs has no Cholesky; this column-by-column version is differentiable by tf.grad (oracle use).
// biome-ignore lint/suspicious/noExplicitAny: tfjs is loaded dynamically
function tfCholesky(tf: any, a: any): any {
  const n = a.shape[0];
  const cols: any[] = [];
  for (let j = 0; j < n; j++) {
    const ajj = a.slice([j, j], [1, 1]).reshape([]);
    let d = ajj;
    for (let k = 0; k < j; k++) d = tf.sub(d, tf.square(cols[k].slice([j], [1]).reshape([])));
    const ljj = tf.sqrt(d);
    let col = a.slice([0, j], [n, 1]).reshape([n]);
    for (let k = 0; k < j; k++) col = tf.sub(col, tf.mul(cols[k], cols[k].slice([j], [1]).reshape([])));
    const mask = tf.tensor1d(Array.from({ length: n }, (_, i) => (i > j ? 1 : 0)));
    const onehot = tf.tensor1d(Array.from({ length: n }, (_, i) => (i === j ? 1 : 0)));
    cols.push(tf.add(tf.mul(tf.div(col, ljj), mask), tf.mul(onehot, ljj)));
  }
  return tf.stack(cols, 1);
}

// biome-ignore lint/suspicious/noExplicitAny: tfjs is loaded dynamically
function tfTrisolve(tf: any, l: any, b: any): any {
  const n = l.shape[0];
  const rows: any[] = [];
  for (let i = 0; i < n; i++) {
    let s = b.slice([i, 0], [1, b.shape[1]]);
    for (let k = 0; k < i; k++) s = tf.sub(s, tf.mul(l.slice([i, k], [1, 1]), rows[k]));
    rows.push(tf.div(s, l.slice([i, i], [1, 1])));
  }
  return tf.concat(rows, 0);
}
