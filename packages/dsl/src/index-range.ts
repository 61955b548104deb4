import { DoplError, type Expr, type Graph, type Node } from '@dopl/core';
import type { Diagnostics } from './errors.js';
import { evaluate, fixed } from './known-values.js';
import type { SourceMap } from './lower.js';

// Indices known before inference — whole numbers, data, and a recurrence's `t` at either end of
// its range — must fall inside the axis they index. Core's `take` reads memory unchecked (its hot
// loop must not branch), so an index past the end would give a silent NaN, and a negative one
// another element: both are reported here, at the bracket, with the index's value.

type Shape = readonly number[];

interface Part {
  readonly e: Expr;
  /** The shape of one row, inside a recurrence step (for `x[t - k]`). */
  readonly elem?: Shape;
  /** The values `t` takes, inside a recurrence step: first and last. */
  readonly steps?: readonly [number, number];
}

function parts(g: Graph, n: Node): Part[] {
  switch (n.kind) {
    case 'data':
      return [];
    case 'factor':
      return [{ e: n.expr }];
    case 'deterministic': {
      if (!n.recurrence) return [{ e: n.expr }];
      const init = n.recurrence.init.map((e) => ({ e }));
      const start = init.length;
      const T = g.shapeOf(n.name)[0];
      const elem = g.shapeOf(n.name).slice(1);
      return [...init, ...(T > start ? [{ e: n.expr, elem, steps: [start, T - 1] as const }] : [])];
    }
    case 'random': {
      const init = (n.recurrence?.init ?? []).flatMap((d) => Object.values(d.args).map((e) => ({ e })));
      const T = n.recurrence ? g.shapeOf(n.name)[0] : 0;
      const start = n.recurrence?.init.length ?? 0;
      const steps = n.recurrence ? ([start, T - 1] as const) : undefined;
      const args = Object.values(n.dist.args)
        .filter(() => !n.recurrence || T > start)
        .map((e) => ({ e, elem: n.recurrence ? [] : undefined, steps }));
      const c = n.constraint?.kind === 'interval' ? [n.constraint.lower, n.constraint.upper] : [];
      const bounds = c.filter((e): e is Expr => e !== undefined).map((e) => ({ e }));
      return [...init, ...args, ...(n.observed ? [{ e: n.observed }] : []), ...bounds];
    }
  }
}

/**
 * Reports each `take` (indexing) whose index is known now and falls outside its axis. Nodes in
 * `skip` (whose shapes failed) are not checked.
 */
export function checkIndexRanges(
  g: Graph,
  map: SourceMap,
  diags: Diagnostics,
  skip: ReadonlySet<string>,
): void {
  const visit = (e: Expr, part: Part): void => {
    if (e.kind !== 'call') return;
    for (const a of e.args) visit(a, part);
    if (e.op !== 'take') return;
    const pos = map.exprs.get(e);
    if (!pos) return;
    const [x, idx] = e.args;
    const shape = g.exprShape(x, part.elem);
    const axis = (e.attrs?.axis as number | undefined) ?? 0;
    const n = shape[axis < 0 ? shape.length + axis : axis];
    for (const t of part.steps ?? [undefined]) {
      const known = fixed(g, idx, t);
      if (!known) return;
      const values = evaluate(known).data;
      const k = values.findIndex((i) => !(i >= 0 && i < n));
      if (k < 0) continue;
      const bad = values[k];
      // A computed index says where the bad value came from: 'g - 1'[2] = -1.
      const at = map.exprs.get(idx);
      const text = at && idx.kind !== 'const' ? diags.source.text.slice(at.start, at.end) : undefined;
      const many = values.length > 1;
      const shown = many && /\s/.test(text ?? '') ? `(${text})` : text;
      const what = text === undefined ? `${bad}` : `${shown}${many ? `[${k}]` : ''} = ${bad}`;
      const when = t === undefined || idx.kind === 'step' ? '' : ` when t = ${t}`;
      const range = n === 0 ? 'the axis is empty' : `indices run 0 … ${n - 1}`;
      const hint = bad < 0 ? '; negative indices do not count from the end (a slice x[-1:] does)' : '';
      diags.at(pos, `index ${what} is out of range for an axis of length ${n}${when}: ${range}${hint}`);
      return;
    }
  };
  for (const n of g.nodes) {
    if (skip.has(n.name)) continue;
    try {
      for (const part of parts(g, n)) visit(part.e, part);
    } catch (err) {
      // Shapes that fail are checkShapes' to report.
      if (!(err instanceof DoplError)) throw err;
    }
  }
}
