import { ShapeError } from '../errors.js';
import { formatShape, type Shape } from '../tensor/index.js';
import type { Buf } from './op.js';
import { defineOp } from './registry.js';

// Matrix products, transpose, diagonal, Cholesky and triangular solves.

/** Inner products at least this long are unrolled by four. */
const UNROLL_FROM = 8;

/** Rows of the left matrix per block in the gradient of its right factor (the sum below has four terms). */
const ROWS_PER_BLOCK = 4;

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
        if (k >= UNROLL_FROM) {
          // Four independent accumulators let the CPU overlap the multiply-adds of long rows.
          const acc4 = [0, 1, 2, 3].map(() => e.fresh('acc'));
          const p = e.fresh('p');
          e.line(`let ${acc4.map((x) => `${x} = 0`).join(', ')}, ${p} = 0;`);
          e.line(`for (; ${p} + 3 < ${k}; ${p} += 4) {`);
          acc4.forEach((x, u) =>
            e.line(
              `  ${x} += ${e.at(a, `${i} * ${k} + ${p} + ${u}`)} * ${e.at(b, `(${p} + ${u}) * ${n} + ${j}`)};`,
            ),
          );
          e.line('}');
          e.line(
            `for (; ${p} < ${k}; ${p}++) ${acc4[0]} += ${e.at(a, `${i} * ${k} + ${p}`)} * ${e.at(b, `${p} * ${n} + ${j}`)};`,
          );
          e.line(`const ${acc} = (${acc4[0]} + ${acc4[1]}) + (${acc4[2]} + ${acc4[3]});`);
        } else {
          e.line(`let ${acc} = 0;`);
          e.loop(k, (p) =>
            e.line(`${acc} += ${e.at(a, `${i} * ${k} + ${p}`)} * ${e.at(b, `${p} * ${n} + ${j}`)};`),
          );
        }
        e.line(`${e.at(out, `${i} * ${n} + ${j}`)} = ${acc};`);
      }),
    );
  },
  vjp: (e, { g, args: [a, b], gArgs: [ga, gb] }) => {
    const [m, k, n] = mmDims(a.shape, b.shape);
    const row = (i: string) =>
      e.loop(n, (j) => {
        const gv = e.fresh('g');
        e.line(`const ${gv} = ${e.at(g, `${i} * ${n} + ${j}`)};`);
        e.line(`if (${gv} !== 0) {`);
        e.loop(k, (p) => {
          if (ga) e.line(`${e.at(ga, `${i} * ${k} + ${p}`)} += ${gv} * ${e.at(b, `${p} * ${n} + ${j}`)};`);
          if (gb) e.line(`${e.at(gb, `${p} * ${n} + ${j}`)} += ${gv} * ${e.at(a, `${i} * ${k} + ${p}`)};`);
        });
        e.line('}');
      });
    if (gb && !ga && m >= 2 * ROWS_PER_BLOCK) {
      // Only the right factor needs a gradient (a data matrix times parameters, as in every
      // regression): Aᵀg summed over blocks of rows, so each element of gb is loaded and stored
      // once per block rather than once per row — the loads and stores, not the multiplies, bound
      // this loop.
      const blocks = Math.floor(m / ROWS_PER_BLOCK);
      e.loop(blocks, (q) => {
        const rows = Array.from({ length: ROWS_PER_BLOCK }, () => e.fresh('r'));
        e.line(`const ${rows.map((r, u) => `${r} = (${q} * ${ROWS_PER_BLOCK} + ${u}) * ${k}`).join(', ')};`);
        e.loop(n, (j) => {
          const gs = rows.map(() => e.fresh('g'));
          e.line(
            `const ${gs.map((x, u) => `${x} = ${e.at(g, `(${q} * ${ROWS_PER_BLOCK} + ${u}) * ${n} + ${j}`)}`).join(', ')};`,
          );
          const term = (u: number, p: string) => `${gs[u]} * ${e.at(a, `${rows[u]} + ${p}`)}`;
          e.loop(k, (p) =>
            e.line(
              `${e.at(gb, `${p} * ${n} + ${j}`)} += (${term(0, p)} + ${term(1, p)}) + (${term(2, p)} + ${term(3, p)});`,
            ),
          );
        });
      });
      for (let i = blocks * ROWS_PER_BLOCK; i < m; i++) row(String(i));
      return;
    }
    // Loops ordered so the inner index walks rows of the (usually large, constant) left matrix.
    e.loop(m, row);
  },
  tf: (tf, [a, b]) => tfMatmul(tf, a, b),
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
  tf: (tf, [a]) => tf.transpose(a, [0, 2, 1]),
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
  tf: (tf, [a]) => tf.sum(tf.mul(a, tf.eye(a.shape[1])), 2),
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
  tf: (tf, [l, b]) => tfTrisolve(tf, l, b),
});

// tfjs forwards receive batched tensors [b, ...shape] (ops/op.ts), b = 1 for constants.

/** Batched matmul; a constant (b = 1) operand becomes one plain 2-D product with the batch folded in. */
function tfMatmul(tf: any, a: any, b: any): any {
  const [ba, bb] = [a.shape[0], b.shape[0]];
  const va = a.rank === 2;
  const vb = b.rank === 2;
  if (va && vb) return tf.sum(tf.mul(a, b), 1);
  if (!va && vb) {
    // [ba, m, k] @ [bb, k]
    if (ba === 1) return tf.matMul(b, tf.reshape(a, a.shape.slice(1)), false, true);
    return tf.reshape(tf.matMul(a, tf.reshape(b, [bb, b.shape[1], 1])), [Math.max(ba, bb), a.shape[1]]);
  }
  if (va && !vb) {
    // [ba, k] @ [bb, k, n]
    if (bb === 1) return tf.matMul(a, tf.reshape(b, b.shape.slice(1)));
    return tf.reshape(tf.matMul(tf.reshape(a, [ba, 1, a.shape[1]]), b), [Math.max(ba, bb), b.shape[2]]);
  }
  // [ba, m, k] @ [bb, k, n]
  const [m, k] = a.shape.slice(1);
  const n = b.shape[2];
  if (ba === 1 && bb !== 1) {
    const bt = tf.reshape(tf.transpose(b, [1, 0, 2]), [k, bb * n]);
    const r = tf.matMul(tf.reshape(a, [m, k]), bt);
    return tf.transpose(tf.reshape(r, [m, bb, n]), [1, 0, 2]);
  }
  if (bb === 1) {
    const r = tf.matMul(tf.reshape(a, [ba * m, k]), tf.reshape(b, [k, n]));
    return tf.reshape(r, [ba, m, n]);
  }
  return tf.matMul(a, b);
}

// tfjs has no Cholesky; this column-by-column version is differentiable by tf.grad (oracle use).
function tfCholesky(tf: any, a: any): any {
  const [B, n] = a.shape;
  const cols: any[] = [];
  const entry = (c: any, j: number) => tf.slice(c, [0, j], [B, 1]); // [B, 1]
  for (let j = 0; j < n; j++) {
    let d = tf.reshape(tf.slice(a, [0, j, j], [B, 1, 1]), [B, 1]);
    let col = tf.reshape(tf.slice(a, [0, 0, j], [B, n, 1]), [B, n]);
    for (let k = 0; k < j; k++) {
      const ljk = entry(cols[k], j);
      d = tf.sub(d, tf.square(ljk));
      col = tf.sub(col, tf.mul(cols[k], ljk));
    }
    const ljj = tf.sqrt(d);
    const below = tf.tensor2d(
      Array.from({ length: n }, (_, i) => (i > j ? 1 : 0)),
      [1, n],
    );
    const onehot = tf.tensor2d(
      Array.from({ length: n }, (_, i) => (i === j ? 1 : 0)),
      [1, n],
    );
    cols.push(tf.add(tf.mul(tf.div(col, ljj), below), tf.mul(onehot, ljj)));
  }
  return tf.stack(cols, 2);
}

/** Forward substitution L x = b, row by row; b is [B, n] or [B, n, m]. */
function tfTrisolve(tf: any, l: any, b: any): any {
  const n = l.shape[1];
  const vec = b.rank === 2;
  const b3 = vec ? tf.reshape(b, [b.shape[0], n, 1]) : b;
  const m = b3.shape[2];
  const rows: any[] = [];
  const lij = (i: number, j: number) => tf.slice(l, [0, i, j], [l.shape[0], 1, 1]);
  for (let i = 0; i < n; i++) {
    let s = tf.slice(b3, [0, i, 0], [b3.shape[0], 1, m]);
    for (let k = 0; k < i; k++) s = tf.sub(s, tf.mul(lij(i, k), rows[k]));
    rows.push(tf.div(s, lij(i, i)));
  }
  const x = tf.concat(rows, 1);
  return vec ? tf.reshape(x, [x.shape[0], n]) : x;
}
