import { call, constant, type Expr, mapExpr, ref } from '../graph/expr.js';

/**
 * For the log-density, the elements t ≥ k of a random recurrence `x[t] ~ D(f(x[t-1], t))` are
 * known, so the step vectorises: x[t-lag] becomes the slice x[k-lag : T-lag] and t the constant
 * vector k…T-1 (shaped to broadcast against the element shape). No loop is needed.
 */
export function vectoriseStep(e: Expr, name: string, k: number, T: number, elemRank: number): Expr {
  const steps = new Float64Array(T - k).map((_, i) => k + i);
  const stepConst = constant({ shape: [T - k, ...new Array(elemRank).fill(1)], data: steps });
  return mapExpr(e, (x) => {
    if (x.kind === 'step') return stepConst;
    if (x.kind === 'self') return call('slice', [ref(name)], { axis: 0, start: k - x.lag, stop: T - x.lag });
    return undefined;
  });
}
