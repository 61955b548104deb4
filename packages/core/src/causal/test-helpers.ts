import { Normal } from '../builder/distributions.js';
import { ModelBuilder } from '../builder/model.js';
import { type Term, term } from '../builder/term.js';
import type { Graph } from '../graph/graph.js';

// Helpers shared by the causal tests.

/** A linear-Gaussian model whose causal DAG is `spec` (each node with its parents), in that order. */
export function dagModel(spec: readonly (readonly [string, readonly string[]])[]): Graph {
  const m = new ModelBuilder();
  const t: Record<string, Term> = {};
  for (const [n, ps] of spec)
    t[n] = m.random(
      n,
      Normal(
        ps.reduce((acc: Term, p) => acc.add(t[p]), term(0)),
        1,
      ),
    );
  return m.build();
}

/** Mean of an array. */
export const meanOf = (xs: ArrayLike<number>): number => {
  let s = 0;
  for (let i = 0; i < xs.length; i++) s += xs[i];
  return s / xs.length;
};

/**
 * P(f(u) = 1) for u ~ Uniform[lo, hi), exactly: the cuts split the interval into cells on which f
 * is constant (every threshold of the structural forms involved), and each cell counts by length.
 */
export function uniformProbability(
  lo: number,
  hi: number,
  cuts: readonly number[],
  f: (u: number) => number,
): number {
  const pts = [lo, ...cuts.filter((c) => c > lo && c < hi).sort((a, b) => a - b), hi];
  let s = 0;
  for (let i = 0; i + 1 < pts.length; i++) s += (pts[i + 1] - pts[i]) * f((pts[i] + pts[i + 1]) / 2);
  return s / (hi - lo);
}
