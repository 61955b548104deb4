import type { DimNode, Expr, Name } from './ast.js';

// Dimensions as integer arithmetic (`K - 1`, `N * (K + 1)`): the names they read, how they read
// in messages, and their value once the int data they name is known.

/** Every data name a dimension reads. */
export function dimNames(d: DimNode, out: Name[] = []): Name[] {
  switch (d.kind) {
    case 'name':
      out.push(d);
      break;
    case 'unary':
      dimNames(d.operand, out);
      break;
    case 'binary':
      dimNames(d.left, out);
      dimNames(d.right, out);
      break;
  }
  return out;
}

/** A number or a name, which the Graph keeps as written; anything else is arithmetic to resolve. */
export const isPlainDim = (d: DimNode): d is Extract<DimNode, { kind: 'number' | 'name' }> =>
  d.kind === 'number' || d.kind === 'name';

const rank = (d: DimNode): number =>
  d.kind === 'binary' ? (d.op === '*' ? 2 : 1) : d.kind === 'unary' ? 3 : 4;

/** A dimension as the language writes it, with the parentheses its meaning needs: `N * (K + 1)`. */
export function dimText(d: DimNode): string {
  switch (d.kind) {
    case 'number':
      return `${d.value}`;
    case 'name':
      return d.name;
    case 'unary':
      return `-${rank(d.operand) < 3 ? `(${dimText(d.operand)})` : dimText(d.operand)}`;
    case 'binary': {
      const r = rank(d);
      const left = rank(d.left) < r ? `(${dimText(d.left)})` : dimText(d.left);
      // Left-associative: a - (b - c) keeps its parentheses, a + (b + c) would too.
      const right = rank(d.right) <= r ? `(${dimText(d.right)})` : dimText(d.right);
      return `${left} ${d.op} ${right}`;
    }
  }
}

/**
 * The value of a dimension, `value` giving each name's; undefined when a name has none.
 *
 * ```ts
 * const [d] = (parse('z[N * (K + 1)] ~ Normal()\n').statements[0] as RandomStmt).target.dims!;
 * evalDim(d, (n) => ({ N: 2, K: 3 })[n]);   // 8
 * ```
 */
export function evalDim(d: DimNode, value: (name: string) => number | undefined): number | undefined {
  switch (d.kind) {
    case 'number':
      return d.value;
    case 'name':
      return value(d.name);
    case 'unary': {
      const v = evalDim(d.operand, value);
      return v === undefined ? undefined : 0 - v; // not -v: never -0
    }
    case 'binary': {
      const a = evalDim(d.left, value);
      const b = evalDim(d.right, value);
      if (a === undefined || b === undefined) return undefined;
      return d.op === '+' ? a + b : d.op === '-' ? a - b : a * b + 0; // + 0: never -0
    }
  }
}

/** " (K = 4, N = 2)": the values a dimension was computed from, for messages. */
export function dimInputs(d: DimNode, value: (name: string) => number | undefined): string {
  const seen = new Set<string>();
  const parts: string[] = [];
  for (const n of dimNames(d)) {
    if (seen.has(n.name)) continue;
    seen.add(n.name);
    parts.push(`${n.name} = ${value(n.name)}`);
  }
  return parts.length ? ` (${parts.join(', ')})` : '';
}

/**
 * An expression that is integer arithmetic (whole numbers and names joined by + - *, as in a
 * dimension), as a dimension; undefined for anything else. Slice bounds and static attributes
 * such as `shape=[N, K - 1]` are read this way.
 */
export function exprAsDim(e: Expr): DimNode | undefined {
  switch (e.kind) {
    case 'number':
      return Number.isInteger(e.value) ? e : undefined;
    case 'name':
      return e;
    case 'unary': {
      const operand = e.op === '-' ? exprAsDim(e.operand) : undefined;
      return operand && { kind: 'unary', op: '-', operand, pos: e.pos };
    }
    case 'binary': {
      if (e.op !== '+' && e.op !== '-' && e.op !== '*') return undefined;
      const left = exprAsDim(e.left);
      const right = exprAsDim(e.right);
      return left && right && { kind: 'binary', op: e.op, left, right, opPos: e.opPos, pos: e.pos };
    }
    default:
      return undefined;
  }
}
