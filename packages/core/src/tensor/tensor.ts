import { DoplError } from '../errors.js';
import { type Shape, size } from './shape.js';

/** A dense row-major float64 array with a static shape. Integers and booleans are stored as floats. */
export interface Tensor {
  readonly shape: Shape;
  readonly data: Float64Array;
}

/** Anything a user may pass where an array value is expected. */
export type NestedArray = number | boolean | readonly NestedArray[];
export type TensorLike = Tensor | NestedArray | Float64Array;

export const isTensor = (x: unknown): x is Tensor =>
  typeof x === 'object' && x !== null && 'shape' in x && (x as Tensor).data instanceof Float64Array;

export const scalar = (v: number): Tensor => ({ shape: [], data: Float64Array.of(v) });

export function tensor(data: ArrayLike<number>, shape: Shape): Tensor {
  if (data.length !== size(shape)) {
    throw new DoplError(
      `a tensor of shape [${shape.join(', ')}] needs ${size(shape)} values, got ${data.length}`,
    );
  }
  return { shape: [...shape], data: Float64Array.from(data) };
}

/** Reads numbers, nested arrays (rectangular) or Float64Arrays into a Tensor. */
export function toTensor(x: TensorLike, what = 'value'): Tensor {
  if (isTensor(x)) return x;
  if (x instanceof Float64Array) return { shape: [x.length], data: x };
  if (typeof x === 'number' || typeof x === 'boolean') return scalar(Number(x));
  const shape: number[] = [];
  let probe: NestedArray = x;
  while (Array.isArray(probe)) {
    shape.push(probe.length);
    probe = (probe as readonly NestedArray[])[0] as NestedArray;
    if (probe === undefined) break;
  }
  const out = new Float64Array(size(shape));
  let k = 0;
  const walk = (v: NestedArray, depth: number, path: string): void => {
    if (depth === shape.length) {
      if (typeof v === 'boolean') out[k++] = v ? 1 : 0;
      else if (typeof v === 'number') out[k++] = v;
      else throw new DoplError(`${what}${path}: expected a number, got ${JSON.stringify(v)}`);
      return;
    }
    if (!Array.isArray(v) || v.length !== shape[depth]) {
      throw new DoplError(`${what}${path}: ragged array (expected length ${shape[depth]} at depth ${depth})`);
    }
    for (let i = 0; i < v.length; i++) walk(v[i] as NestedArray, depth + 1, `${path}[${i}]`);
  };
  walk(x, 0, '');
  return { shape, data: out };
}

/** Nested plain arrays (numbers for scalars), for printing and JSON. */
export function toNested(t: Tensor): NestedArray {
  if (t.shape.length === 0) return t.data[0];
  const rec = (offset: number, dim: number): NestedArray => {
    const n = t.shape[dim];
    const stride = size(t.shape.slice(dim + 1));
    const out: NestedArray[] = [];
    for (let i = 0; i < n; i++) {
      out.push(dim === t.shape.length - 1 ? t.data[offset + i] : rec(offset + i * stride, dim + 1));
    }
    return out;
  };
  return rec(0, 0);
}

/** The first element that is NaN or ±Infinity, as an index path like "[3][1]"; undefined if none. */
export function firstNonFinite(t: Tensor): string | undefined {
  for (let i = 0; i < t.data.length; i++) {
    if (!Number.isFinite(t.data[i])) {
      const idx: number[] = [];
      let r = i;
      for (let d = t.shape.length - 1; d >= 0; d--) {
        idx.unshift(r % t.shape[d]);
        r = Math.floor(r / t.shape[d]);
      }
      return idx.map((j) => `[${j}]`).join('') || '(scalar)';
    }
  }
  return undefined;
}
