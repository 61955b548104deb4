import { type AttrValue, getOp, opNames } from '@dopl/core';

// The language's functions: every core op by its own name, a few friendly aliases, and for the ops
// that take static attributes (axes, l_max, shapes) their names, order and defaults — the same
// defaults the TypeScript builder fills in, so `sum(x)` in text and `sum(x)` in TS are one Graph.

/** Friendlier names for core ops (documented in docs/language.md). */
export const aliases: Readonly<Record<string, string>> = {
  softplus: 'log1p_exp',
  dot: 'matmul',
  min: 'minimum',
  max: 'maximum',
  // Stan's names for the same functions, so translated models read as written.
  cumulative_sum: 'cumsum',
  dot_product: 'matmul',
  fabs: 'abs',
  fmin: 'minimum',
  fmax: 'maximum',
  diagonal: 'diag',
  cholesky_decompose: 'cholesky',
  mdivide_left_tri_low: 'trisolve',
  append_row: 'concat',
};

/**
 * Stan functions that are no single op here, and how dopl writes them: named when a model calls
 * one (documented in docs/language.md, and each compiles — functions.test.ts).
 */
export const stanEquivalents: Readonly<Record<string, readonly [stan: string, dopl: string]>> = {
  rep_vector: ['rep_vector(x, N)', 'broadcast_to(x, shape=[N])'],
  rep_array: ['rep_array(x, N)', 'broadcast_to(x, shape=[N])'],
  rep_matrix: ['rep_matrix(x, M, N)', 'broadcast_to(x, shape=[M, N])'],
  softmax: ['softmax(x)', 'exp(log_softmax(x))'],
  dot_self: ['dot_self(x)', 'sum(square(x))'],
  rows_dot_product: ['rows_dot_product(A, B)', 'sum(A * B, axis=1)'],
  columns_dot_product: ['columns_dot_product(A, B)', 'sum(A * B, axis=0)'],
  append_col: ['append_col(A, B)', 'concat(A, B, axis=1)'],
  inv: ['inv(x)', '1 / x'],
  inv_sqrt: ['inv_sqrt(x)', '1 / sqrt(x)'],
  inv_square: ['inv_square(x)', '1 / square(x)'],
  diag_pre_multiply: ['diag_pre_multiply(v, A)', 'reshape(v, shape=[N, 1]) * A'],
  diag_post_multiply: ['diag_post_multiply(A, v)', 'A * v'],
  multiply_lower_tri_self_transpose: ['multiply_lower_tri_self_transpose(L)', 'L @ transpose(L)'],
  tcrossprod: ['tcrossprod(A)', 'A @ transpose(A)'],
  crossprod: ['crossprod(A)', 'transpose(A) @ A'],
  quad_form: ['quad_form(A, B)', 'transpose(B) @ A @ B'],
  // A counter k = 1 … N compared with its own transpose marks the diagonal.
  diag_matrix: ['diag_matrix(v)', 'where(transpose(stack(cumsum(0 * v + 1))) == cumsum(0 * v + 1), v, 0)'],
  identity_matrix: [
    'identity_matrix(N)',
    'where(transpose(stack(cumsum(broadcast_to(1, shape=[N])))) == cumsum(broadcast_to(1, shape=[N])), 1, 0)',
  ],
};

/** A static attribute: its name and default (`required` when it has none). */
export type AttrSpec = readonly [name: string, fallback: AttrValue | 'required'];

/** Ops with attributes; after the op's tensor arguments, extra positional arguments fill these in order. */
const attrTable: Readonly<Record<string, readonly AttrSpec[]>> = {
  sum: [['axis', null]],
  mean: [['axis', null]],
  log_sum_exp: [['axis', null]],
  cumsum: [['axis', 0]],
  concat: [['axis', 0]],
  take: [['axis', 0]],
  slice: [
    ['axis', 0],
    ['start', null],
    ['stop', null],
    ['step', 1],
  ],
  reshape: [['shape', 'required']],
  broadcast_to: [['shape', 'required']],
  adstock_geometric: [
    ['l_max', 'required'],
    ['normalize', true],
  ],
  adstock_delayed: [
    ['l_max', 'required'],
    ['normalize', true],
  ],
};

export interface FunctionSig {
  readonly op: string;
  /** Tensor arguments: [min, max]. */
  readonly arity: readonly [number, number];
  readonly attrs: readonly AttrSpec[];
  /** Variadic ops (concat, stack) take their attributes by keyword only. */
  readonly variadic: boolean;
}

/** The signature of a function name (op or alias), or undefined when there is no such function. */
export function functionSig(name: string): FunctionSig | undefined {
  const op = Object.hasOwn(aliases, name) ? aliases[name] : name;
  if (!opNames().includes(op)) return undefined;
  const a = getOp(op).arity;
  const arity: [number, number] = typeof a === 'number' ? [a, a] : [a[0], a[1]];
  return { op, arity, attrs: attrTable[op] ?? [], variadic: arity[1] > 64 };
}

/** Every name a program may call, for suggestions. */
export const functionNames = (): string[] => [...opNames(), ...Object.keys(aliases)];
