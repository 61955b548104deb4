import type { Expr } from './ast.js';

// Values written as literals: static attributes (axis=1, shape=[2, 3]) and constant arrays.

/** The value of a static attribute written as a literal, or undefined. */
export function staticAttr(e: Expr): number | boolean | null | (number | null)[] | undefined {
  if (e.kind === 'number') return e.value;
  if (e.kind === 'keyword') return e.value;
  if (e.kind === 'unary' && e.op === '-' && e.operand.kind === 'number') return -e.operand.value;
  if (e.kind === 'array') {
    const out: (number | null)[] = [];
    for (const x of e.items) {
      const v = staticAttr(x);
      if (typeof v !== 'number' && v !== null) return undefined;
      out.push(v);
    }
    return out;
  }
  return undefined;
}

/** A constant written as numbers: a scalar or a rectangular nested array. */
export function constantOf(e: Expr): { values: number[]; shape: number[] } | undefined {
  if (e.kind === 'number') return { values: [e.value], shape: [] };
  if (e.kind === 'keyword' && e.value !== null) return { values: [e.value ? 1 : 0], shape: [] };
  if (e.kind === 'unary' && e.op === '-') {
    const c = constantOf(e.operand);
    return c && { values: c.values.map((v) => -v), shape: c.shape };
  }
  if (e.kind === 'array') {
    const parts = e.items.map(constantOf);
    if (parts.some((p) => p === undefined)) return undefined;
    const ps = parts as { values: number[]; shape: number[] }[];
    const inner = ps[0]?.shape ?? [];
    if (ps.some((p) => p.shape.join() !== inner.join())) return undefined;
    return { values: ps.flatMap((p) => p.values), shape: [ps.length, ...inner] };
  }
  return undefined;
}
