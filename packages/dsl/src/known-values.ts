import { constant, type Expr, Graph, mapExpr, sampleForward, scalar, type Tensor } from '@dopl/core';

// Values known before inference: constants, bound data, and structural equations of them (a
// recurrence's `t` given). Checks that need numbers — an index in range, a scale > 0, a lower
// bound below an upper — evaluate such expressions with core's own forward evaluator.

/**
 * A node as an expression of constants: bound data, observed data, or a structural equation of
 * them (`gi := group - 1`); undefined for anything known only during inference.
 */
function knownValue(g: Graph, name: string): Expr | undefined {
  // Memoised: a chain of equations each reading the one before twice would otherwise be
  // expanded exponentially.
  let memo = known.get(g);
  if (!memo) {
    memo = new Map();
    known.set(g, memo);
  }
  if (memo.has(name)) return memo.get(name) ?? undefined;
  const n = g.get(name);
  let out: Expr | undefined;
  if (n.kind === 'data') out = n.value && constant(n.value);
  else if (n.kind === 'random' && n.observed?.kind === 'const') out = n.observed;
  else if (n.kind === 'deterministic' && !n.recurrence) out = fixed(g, n.expr, undefined);
  memo.set(name, out ?? null);
  return out;
}

const known = new WeakMap<Graph, Map<string, Expr | null>>();

/** The expression with data and `t` replaced by their values, or undefined if it reads parameters. */
export function fixed(g: Graph, e: Expr, t: number | undefined): Expr | undefined {
  let ok = true;
  const out = mapExpr(e, (x) => {
    if (x.kind === 'ref') {
      const v = ok ? knownValue(g, x.name) : undefined;
      if (!v) ok = false;
      return v ?? x;
    }
    if (x.kind === 'step') {
      if (t === undefined) ok = false;
      return constant(scalar(t ?? 0));
    }
    if (x.kind === 'self' || x.kind === 'param') ok = false;
    return undefined;
  });
  return ok ? out : undefined;
}

/** The value of an expression of constants (core's forward evaluator, one draw). */
export function evaluate(e: Expr): Tensor {
  if (e.kind === 'const') return e.value;
  const g = new Graph([{ kind: 'deterministic', name: 'value', expr: e }]);
  const drawn = sampleForward(g, { draws: 1, seed: 0 }).value;
  return { shape: drawn.shape.slice(1), data: drawn.data };
}
