import { quantile } from '../diagnostics/quantile.js';

export type QueryKind = 'observational' | 'interventional' | 'counterfactual';

/** A query's answer: the target's value in every draw and its summary. */
export interface QueryAnswer {
  readonly kind: QueryKind;
  /** How the draws were made: forward sampling, posterior draws reused, or abduction. */
  readonly method: string;
  /** One value of the target per draw (for `vs`: the per-draw contrast). */
  readonly draws: Float64Array;
  readonly mean: number;
  readonly sd: number;
  readonly q5: number;
  readonly q50: number;
  readonly q95: number;
}

export function summariseDraws(kind: QueryKind, method: string, draws: Float64Array): QueryAnswer {
  const n = draws.length;
  let s = 0;
  for (let i = 0; i < n; i++) s += draws[i];
  const mean = s / n;
  let ss = 0;
  for (let i = 0; i < n; i++) ss += (draws[i] - mean) ** 2;
  const sd = n > 1 ? Math.sqrt(ss / (n - 1)) : 0;
  const q = (p: number) => quantile(draws, p);
  return { kind, method, draws, mean, sd, q5: q(0.05), q50: q(0.5), q95: q(0.95) };
}
