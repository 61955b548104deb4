import { DoplError, type Expr, type Graph, getDistribution, nodeRefs, type RandomNode } from '@dopl/core';
import { checkValue } from './dist-args.js';
import type { Diagnostics } from './errors.js';
import type { SourceMap } from './lower.js';

// Shapes once data is bound, by core's own rules: ask the Graph for every node's shape, and when
// it refuses, find the smallest expression whose shape fails and point at it.

type Shape = readonly number[];

/** The parts of a node to search for a failing expression; `elem` is a recurrence row's shape. */
function parts(g: Graph, name: string): { e: Expr; elem?: Shape }[] {
  const n = g.get(name);
  switch (n.kind) {
    case 'data':
      return [];
    case 'factor':
      return [{ e: n.expr }];
    case 'deterministic': {
      if (!n.recurrence) return [{ e: n.expr }];
      const init = n.recurrence.init.map((e) => ({ e }));
      let elem: Shape | undefined;
      try {
        elem = n.recurrence.init.length ? g.exprShape(n.recurrence.init[0]) : [];
      } catch {
        return init;
      }
      return [...init, { e: n.expr, elem }];
    }
    case 'random': {
      const elem: Shape | undefined = n.recurrence ? [] : undefined;
      const args = Object.values(n.dist.args).map((e) => ({ e, elem }));
      const init = (n.recurrence?.init ?? []).flatMap((d) => Object.values(d.args).map((e) => ({ e })));
      const c = n.constraint?.kind === 'interval' ? [n.constraint.lower, n.constraint.upper] : [];
      const bounds = c.filter((e): e is Expr => e !== undefined).map((e) => ({ e }));
      return [...init, ...args, ...(n.observed ? [{ e: n.observed }] : []), ...bounds];
    }
  }
}

/** The innermost sub-expression whose own shape rule fails (its arguments being fine). */
function innermost(g: Graph, e: Expr, elem: Shape | undefined): { e: Expr; err: DoplError } | undefined {
  if (e.kind === 'call') {
    for (const a of e.args) {
      const r = innermost(g, a, elem);
      if (r) return r;
    }
  }
  if (e.kind === 'ref') return undefined; // a node's own failure is reported at that node
  try {
    g.exprShape(e, elem);
  } catch (err) {
    if (err instanceof DoplError && err.node === undefined) return { e, err };
  }
  return undefined;
}

/**
 * Checks every node's shape, reporting each failure once, at the place it arises. Nodes reading
 * `skip` (data that could not be bound) are not checked. Returns the nodes that failed.
 */
export function checkShapes(
  g: Graph,
  map: SourceMap,
  diags: Diagnostics,
  skip: ReadonlySet<string>,
): Set<string> {
  const failed = new Set<string>(skip);
  const text = (pos: { start: number; end: number }) => {
    const t = diags.source.text.slice(pos.start, pos.end).replace(/\s+/g, ' ');
    return t.length > 50 ? `${t.slice(0, 47)}…` : t;
  };
  for (const n of g.nodes) {
    if (failed.has(n.name)) continue;
    if ([...nodeRefs(n)].some((r) => failed.has(r))) {
      failed.add(n.name);
      continue;
    }
    try {
      g.shapeOf(n.name);
    } catch (err) {
      if (!(err instanceof DoplError)) throw err;
      failed.add(n.name);
      if (err.node !== undefined && err.node !== n.name) continue;
      const found = parts(g, n.name)
        .map(({ e, elem }) => innermost(g, e, elem))
        .find((r) => r !== undefined);
      const pos = found && map.exprs.get(found.e);
      if (found && pos) {
        diags.at(pos, `${found.err.message} in '${text(pos)}'`);
        continue;
      }
      const dist = n.kind === 'random' ? n.dist.name : undefined;
      const msg = err.message.startsWith(`${n.name}: `) ? err.message.slice(n.name.length + 2) : err.message;
      if (dist && msg.startsWith(`${dist}:`)) diags.at(map.dists.get(n.name)!, msg);
      else diags.at(map.nodes.get(n.name)!, `${n.name}: ${msg}`);
    }
  }
  return failed;
}

/** Arguments that are bound data must be valid parameter values (a scale of data must be > 0). */
export function checkDataArguments(
  g: Graph,
  map: SourceMap,
  diags: Diagnostics,
  skip: ReadonlySet<string>,
): void {
  for (const n of g.nodes) {
    if (n.kind !== 'random' || skip.has(n.name)) continue;
    for (const call of [n.dist, ...((n as RandomNode).recurrence?.init ?? [])]) {
      const dist = getDistribution(call.name);
      for (const [p, e] of Object.entries(call.args)) {
        if (e.kind !== 'ref') continue;
        const src = g.get(e.name);
        if (src.kind !== 'data' || !src.value) continue;
        const problem = checkValue(dist, p, src.value.data, src.value.shape);
        const pos = map.exprs.get(e);
        if (problem && pos) diags.at(pos, `${problem} (in data '${e.name}')`);
      }
    }
  }
}
