import { type DistCall, DoplError, type Graph, getDistribution } from '@dopl/core';
import type { Diagnostics } from './errors.js';
import type { SourceMap } from './lower.js';

// A random recurrence `x[t in 1:T] ~ Dist(…)` holds one number per row: core gives the node the
// shape [T] and draws and scores row by row. A row whose distribution draws more — a vector
// argument (`x[0] ~ Normal([0, 0], 1)`) or a multivariate family (MvNormal) — would be cut to
// its first element without a word, so it is reported at the row's distribution.

/** Reports every row of a random recurrence whose distribution is not one number. */
export function checkRecurrenceRows(
  g: Graph,
  map: SourceMap,
  diags: Diagnostics,
  skip: ReadonlySet<string>,
): void {
  for (const n of g.nodes) {
    if (n.kind !== 'random' || !n.recurrence || skip.has(n.name)) continue;
    const rows: { call: DistCall; row: string; elem?: readonly number[] }[] = [
      ...n.recurrence.init.map((call, j) => ({ call, row: `${n.name}[${j}]` })),
      { call: n.dist, row: `${n.name}[t]`, elem: [] },
    ];
    for (const { call, row, elem } of rows) {
      const dist = getDistribution(call.name);
      let shape: readonly number[];
      try {
        const argShapes = Object.fromEntries(
          Object.entries(call.args).map(([k, v]) => [k, g.exprShape(v, elem)] as const),
        );
        const s = dist.shapes(argShapes, n.name);
        shape = [...s.batch, ...s.event];
      } catch (err) {
        if (err instanceof DoplError) continue; // a shape error of its own, reported elsewhere
        throw err;
      }
      const pos = map.exprs.get(call) ?? map.dists.get(n.name);
      if (shape.length === 0 || !pos) continue;
      diags.at(
        pos,
        `each row of the random recurrence '${n.name}' is one number, but ${row} ~ ${call.name}(…) has shape [${shape.join(', ')}]; ` +
          'write a vector-valued series as one vectorised statement (observed: y_next ~ Dist(… y[:-1] …) observes y[1:])',
      );
    }
  }
}
