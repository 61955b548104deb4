// Maps the natural-scale values of our nodes to posteriordb's parameter names: `name` for scalars,
// `name[i]` (1-based) for vectors, `name[i,j]` for matrices (Stan's row-major spelling).
import type { Tensor } from '@dopl/core';

/** posteriordb names of the elements of a node of the given shape, in row-major order. */
export function posteriordbNames(name: string, shape: readonly number[]): string[] {
  if (shape.length === 0) return [name];
  const out: string[] = [];
  const idx = new Array<number>(shape.length).fill(0);
  const total = shape.reduce((a, b) => a * b, 1);
  for (let k = 0; k < total; k++) {
    out.push(`${name}[${idx.map((i) => i + 1).join(',')}]`);
    for (let d = shape.length - 1; d >= 0; d--) {
      if (++idx[d] < shape[d]) break;
      idx[d] = 0;
    }
  }
  return out;
}

/**
 * One draw as posteriordb names it: `values` is what `CompiledModel.constrain` returns, `reported`
 * the node names the reference contains (each model file exports them as `reported`), in order.
 */
export function toPosteriordb(
  values: Readonly<Record<string, Tensor>>,
  reported: readonly string[],
): Record<string, number> {
  const out: Record<string, number> = {};
  for (const name of reported) {
    const v = values[name];
    if (v === undefined) throw new Error(`posteriordb names: no value for '${name}'`);
    posteriordbNames(name, v.shape).forEach((n, i) => {
      out[n] = v.data[i];
    });
  }
  return out;
}

/** The posteriordb names of the reported quantities, given their shapes (e.g. from `constrain`). */
export function reportedNames(
  shapes: Readonly<Record<string, { readonly shape: readonly number[] }>>,
  reported: readonly string[],
): string[] {
  return reported.flatMap((name) => {
    const s = shapes[name];
    if (s === undefined) throw new Error(`posteriordb names: no value for '${name}'`);
    return posteriordbNames(name, s.shape);
  });
}
