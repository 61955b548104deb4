import { DoplError, formatShape, type Tensor } from '@dopl/core';

type Target = string | ((values: Readonly<Record<string, Float64Array>>) => number);

/**
 * The label of a target: its node name, or 'f(…)' for a function (a function's `name` is not
 * used: JavaScript names an arrow after the property it is written in, `target`).
 */
export const targetLabel = (t: Target, label?: string): string =>
  label ?? (typeof t === 'string' ? t : 'f(…)');

/** The target's value in every row of a world. */
export function targetDraws(values: Readonly<Record<string, Tensor>>, target: Target): Float64Array {
  if (typeof target === 'string') {
    const v = values[target];
    if (!v) throw new DoplError(`query: target '${target}' is not a node of the model`, { node: target });
    const n = v.shape[0];
    if (v.data.length !== n) {
      const shape = v.shape.slice(1);
      const first = shape.map(() => 0).join(', ');
      throw new DoplError(
        `query: target '${target}' is an array of shape ${formatShape(shape)}, not a number; ask about one element (${target}[${first}]) or a summary (sum(${target}))`,
        { node: target },
      );
    }
    return Float64Array.from(v.data);
  }
  const names = Object.keys(values);
  const n = values[names[0]].shape[0];
  const out = new Float64Array(n);
  const row: Record<string, Float64Array> = {};
  for (let d = 0; d < n; d++) {
    for (const k of names) {
      const v = values[k];
      const m = v.data.length / v.shape[0];
      row[k] = v.data.subarray(d * m, (d + 1) * m);
    }
    out[d] = target(row);
  }
  return out;
}
