import { type Shape, size, strides } from '../tensor/index.js';
import type { Buf, Emit } from './op.js';

/**
 * Emits a loop over `shape` in which every buffer is indexed with NumPy broadcasting; `body`
 * receives each buffer's element index expression. Buffers shaped like the loop share the flat
 * index; scalars read element 0; only genuinely broadcast shapes pay for nested loops.
 */
export function emitBroadcastLoop(
  e: Emit,
  shape: Shape,
  bufs: readonly Buf[],
  body: (index: readonly string[]) => void,
): void {
  const n = size(shape);
  if (shape.length === 0) {
    body(bufs.map(() => '0'));
    return;
  }
  const simple = bufs.every((b) => size(b.shape) === 1 || sameTrailing(b.shape, shape));
  if (simple) {
    e.loop(n, (i) => body(bufs.map((b) => (size(b.shape) === 1 ? '0' : i))));
    return;
  }
  // Nested loops, one per axis; a broadcast axis contributes nothing to that buffer's index.
  const rank = shape.length;
  const vars: string[] = [];
  const open = (axis: number): void => {
    if (axis === rank) {
      body(
        bufs.map((b) => {
          const st = strides(b.shape);
          const terms: string[] = [];
          for (let k = 0; k < b.shape.length; k++) {
            const axisInLoop = rank - b.shape.length + k;
            if (b.shape[k] !== 1)
              terms.push(st[k] === 1 ? vars[axisInLoop] : `${vars[axisInLoop]} * ${st[k]}`);
          }
          return terms.length === 0 ? '0' : terms.join(' + ');
        }),
      );
      return;
    }
    e.loop(shape[axis], (v) => {
      vars[axis] = v;
      open(axis + 1);
    });
  };
  open(0);
}

// Same number of elements and same trailing layout: a flat index addresses both.
const sameTrailing = (a: Shape, loop: Shape): boolean => {
  const stripped = (s: Shape) => {
    let i = 0;
    while (i < s.length - 1 && s[i] === 1) i++;
    return s.slice(i);
  };
  const x = stripped(a);
  const y = stripped(loop);
  return x.length === y.length && x.every((d, i) => d === y[i]);
};
