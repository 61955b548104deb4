import type { Tensor } from '../tensor/index.js';

/** Static attributes of an op application (axes, slice bounds, l_max, …). */
export type AttrValue = number | boolean | string | null | readonly (number | null)[];
export type Attrs = Readonly<Record<string, AttrValue>>;

/**
 * The expression DAG inside node arguments. Expressions are plain immutable data: they can be
 * compared, printed, serialised and rewritten by the causal transformations.
 */
export type Expr = ConstExpr | RefExpr | CallExpr | SelfExpr | StepExpr | ParamExpr;

export interface ConstExpr {
  readonly kind: 'const';
  readonly value: Tensor;
}
/** A reference to a named node of the graph. */
export interface RefExpr {
  readonly kind: 'ref';
  readonly name: string;
}
/** An op applied to arguments; the op's semantics live in the op registry (`ops/`). */
export interface CallExpr {
  readonly kind: 'call';
  readonly op: string;
  readonly args: readonly Expr[];
  readonly attrs?: Attrs;
}
/** Inside a recurrence step: the node's own element `x[t - lag]`. */
export interface SelfExpr {
  readonly kind: 'self';
  readonly lag: number;
}
/** Inside a recurrence step: the index `t` (a scalar). */
export interface StepExpr {
  readonly kind: 'step';
}
/** A slice of the unconstrained parameter vector; only the compiler creates these. */
export interface ParamExpr {
  readonly kind: 'param';
  readonly offset: number;
  readonly shape: readonly number[];
}

export const constant = (value: Tensor): ConstExpr => ({ kind: 'const', value });
export const ref = (name: string): RefExpr => ({ kind: 'ref', name });
export const call = (op: string, args: readonly Expr[], attrs?: Attrs): CallExpr =>
  attrs === undefined ? { kind: 'call', op, args } : { kind: 'call', op, args, attrs };
export const self = (lag = 1): SelfExpr => ({ kind: 'self', lag });
export const step = (): StepExpr => ({ kind: 'step' });

/** Names of the nodes an expression reads. */
export function refsOf(e: Expr, out: Set<string> = new Set()): Set<string> {
  if (e.kind === 'ref') out.add(e.name);
  else if (e.kind === 'call') for (const a of e.args) refsOf(a, out);
  return out;
}

/** Rewrites an expression bottom-up; `f` returns a replacement or undefined to keep the node. */
export function mapExpr(e: Expr, f: (e: Expr) => Expr | undefined): Expr {
  const direct = f(e);
  if (direct !== undefined) return direct;
  if (e.kind !== 'call') return e;
  let changed = false;
  const args = e.args.map((a) => {
    const b = mapExpr(a, f);
    if (b !== a) changed = true;
    return b;
  });
  return changed ? { ...e, args } : e;
}

/** Replaces references by name (used by do(), observe() and the compiler). */
export const substitute = (e: Expr, bindings: ReadonlyMap<string, Expr>): Expr =>
  mapExpr(e, (x) => (x.kind === 'ref' ? bindings.get(x.name) : undefined));

export function usesSelfOrStep(e: Expr): boolean {
  if (e.kind === 'self' || e.kind === 'step') return true;
  return e.kind === 'call' && e.args.some(usesSelfOrStep);
}

const tensorIds = new WeakMap<Tensor, number>();
let nextTensorId = 0;
const tensorKey = (t: Tensor): string => {
  if (t.data.length <= 16) return `c[${t.shape}](${t.data.join(',')})`;
  // Large constants (data) are keyed by identity: comparing them element by element buys nothing.
  let id = tensorIds.get(t);
  if (id === undefined) {
    id = nextTensorId++;
    tensorIds.set(t, id);
  }
  return `c#${id}`;
};

/** A stable structural key, used for common-subexpression elimination and equality. */
export function exprKey(e: Expr): string {
  switch (e.kind) {
    case 'const':
      return e.value.shape.length === 0 ? `${e.value.data[0]}` : tensorKey(e.value);
    case 'ref':
      return `$${e.name}`;
    case 'self':
      return `@self${e.lag}`;
    case 'step':
      return '@t';
    case 'param':
      return `@p${e.offset}[${e.shape}]`;
    case 'call':
      return `${e.op}(${e.args.map(exprKey).join(',')}${e.attrs ? `;${JSON.stringify(e.attrs)}` : ''})`;
  }
}

export const exprEqual = (a: Expr, b: Expr): boolean => exprKey(a) === exprKey(b);
