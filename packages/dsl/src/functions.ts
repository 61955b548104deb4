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
