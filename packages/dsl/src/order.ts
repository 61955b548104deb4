import type { Name } from './ast.js';
import { isDataLike } from './check-expr.js';
import type { Diagnostics } from './errors.js';
import type { Definition } from './scope.js';
import { definitionReads } from './walk.js';

// The order of the Graph: statements may come in any order, and each node is placed after the
// nodes it reads. Observed nodes are data, so reading them imposes no order.

/** A node observed from data may be read before its statement (an autoregression's lagged y). */
const readsFreely = (def: Definition): boolean => def.kind === 'random' && isDataLike(def);

/**
 * Source order, except that a node moves after the nodes it reads; a cycle (outside a
 * recurrence) is an error that names the loop.
 */
export function graphOrder(
  byOrder: readonly Definition[],
  defs: ReadonlyMap<string, Definition>,
  diags: Diagnostics,
): Definition[] {
  const needs = new Map<string, Name[]>();
  for (const def of byOrder) {
    needs.set(
      def.name,
      definitionReads(def).filter((n) => {
        const d = defs.get(n.name);
        return d !== undefined && d !== def && !readsFreely(d);
      }),
    );
  }
  const out: Definition[] = [];
  const placed = new Set<string>();
  const remaining = [...byOrder];
  while (remaining.length) {
    const i = remaining.findIndex((d) => needs.get(d.name)!.every((n) => placed.has(n.name)));
    if (i >= 0) {
      out.push(remaining[i]);
      placed.add(remaining[i].name);
      remaining.splice(i, 1);
      continue;
    }
    // Every remaining node waits for another: follow the waits from the first until one repeats.
    const path: Definition[] = [];
    let at = remaining[0];
    while (!path.includes(at)) {
      path.push(at);
      const next = needs.get(at.name)!.find((n) => !placed.has(n.name))!;
      at = defs.get(next.name)!;
    }
    const loop = path.slice(path.indexOf(at));
    const first = loop.reduce((a, b) => (b.order < a.order ? b : a));
    const k = loop.indexOf(first);
    const cycle = [...loop.slice(k), ...loop.slice(0, k), first];
    const read = needs.get(first.name)!.find((n) => n.name === cycle[1].name)!;
    // Stan's ARMA writes nu[t] from err[t-1] and err[t] from nu[t]: two recurrences in a loop.
    const recurrences = loop.every((d) => d.stmt?.kind !== 'factor' && d.stmt?.target.step !== undefined);
    const why = recurrences
      ? 'recurrences cannot read each other: substitute one into the other to make one recurrence'
      : 'only a recurrence may read its own earlier rows';
    diags.at(read.pos, `cycle: ${cycle.map((d) => d.name).join(' → ')} (${why})`);
    for (const d of loop) {
      out.push(d);
      placed.add(d.name);
      remaining.splice(remaining.indexOf(d), 1);
    }
  }
  return out;
}
