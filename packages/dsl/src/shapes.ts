import {
  broadcastShapes,
  DoplError,
  type Expr,
  type Graph,
  getDistribution,
  nodeRefs,
  type RandomNode,
  type Tensor,
} from '@dopl/core';
import { checkValue } from './dist-args.js';
import type { Diagnostics } from './errors.js';
import { evaluate, fixed } from './known-values.js';
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
      // Core shapes a factor as [], a recurrence by its first row, and an observed node by its
      // value: every other expression of the definition is shaped here, so that its errors are
      // found before inference.
      for (const { e, elem } of parts(g, n.name)) g.exprShape(e, elem);
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
      continue;
    }
    const misfit = fitProblem(g, n.name);
    if (misfit) {
      failed.add(n.name);
      diags.at(map.exprs.get(misfit.at) ?? map.nodes.get(n.name)!, misfit.message);
    }
  }
  return failed;
}

const same = (a: Shape, b: Shape) => a.length === b.length && a.every((d, i) => d === b[i]);

/**
 * Shapes that are each fine but do not fit together: a recurrence's rows (initial rows and step
 * alike), and an observed value against its distribution's arguments.
 */
function fitProblem(g: Graph, name: string): { at: object; message: string } | undefined {
  const n = g.get(name);
  if (n.kind === 'deterministic' && n.recurrence) {
    const [first, ...rest] = n.recurrence.init;
    const elem = first ? g.exprShape(first) : [];
    for (const [j, e] of rest.entries()) {
      const s = g.exprShape(e);
      if (!same(s, elem))
        return {
          at: e,
          message: `row ${name}[${j + 1}] has shape ${fmt(s)}, but ${name}[0] has ${fmt(elem)}`,
        };
    }
    const step = g.exprShape(n.expr, elem);
    if (!same(step, elem)) {
      return {
        at: n.expr,
        message: `the step ${name}[t] has shape ${fmt(step)}, but the initial rows have shape ${fmt(elem)}`,
      };
    }
  }
  if (n.kind === 'random' && n.observed && !n.dims && !n.recurrence) {
    const dist = getDistribution(n.dist.name);
    const args = Object.fromEntries(
      Object.entries(n.dist.args).map(([k, v]) => [k, g.exprShape(v)] as const),
    );
    const { batch, event } = dist.shapes(args, name);
    const observed = g.exprShape(n.observed);
    const obsBatch = observed.slice(0, observed.length - event.length);
    let fits = same(observed.slice(obsBatch.length), event);
    try {
      fits &&= same(broadcastShapes(obsBatch, batch), obsBatch);
    } catch {
      fits = false;
    }
    if (!fits) {
      return {
        at: n.dist,
        message: `${dist.name}: its arguments have shape ${fmt([...batch, ...event])}, which does not fit the observed value's shape ${fmt(observed)}`,
      };
    }
  }
  return undefined;
}

const fmt = (s: Shape) => `[${s.join(', ')}]`;

/** Arguments that are bound data must be valid parameter values (a scale of data must be > 0). */
export function checkDataArguments(
  g: Graph,
  map: SourceMap,
  diags: Diagnostics,
  skip: ReadonlySet<string>,
): void {
  /** The value of data, or of arithmetic on data and constants; undefined if it reads parameters. */
  const knownTensor = (e: Expr | undefined): Tensor | undefined => {
    const fixedExpr = e && fixed(g, e, undefined);
    return fixedExpr && evaluate(fixedExpr);
  };
  for (const n of g.nodes) {
    if (n.kind !== 'random' || skip.has(n.name)) continue;
    // A constrained parameter's interval must not be empty (`real<lower=0, upper=1 - 1>`).
    if (n.constraint?.kind === 'interval' && n.constraint.lower && n.constraint.upper) {
      const [lo, hi] = [knownTensor(n.constraint.lower), knownTensor(n.constraint.upper)];
      const bad = lo && hi && firstNotBelow(lo, hi);
      const pos = map.exprs.get(n.constraint.upper);
      if (bad && pos)
        diags.at(pos, `the upper bound ${bad[1]} must be greater than the lower bound ${bad[0]}`);
    }
    for (const call of [n.dist, ...((n as RandomNode).recurrence?.init ?? [])]) {
      const dist = getDistribution(call.name);
      const values = new Map<string, Tensor>();
      for (const [p, e] of Object.entries(call.args)) {
        // Constants were checked with the program; data, and arithmetic on data (`T - 13`), here.
        if (e.kind === 'const') values.set(p, e.value);
        if (e.kind === 'const') continue;
        const src = e.kind === 'ref' ? g.get(e.name) : undefined;
        let value: Tensor | undefined;
        if (src) value = src.kind === 'data' ? src.value : undefined;
        else value = knownTensor(e);
        if (!value) continue;
        values.set(p, value);
        const problem = checkValue(dist, p, value.data, value.shape);
        const pos = map.exprs.get(e);
        const from = src ? `in data '${src.name}'` : 'computed from data';
        if (problem && pos) diags.at(pos, `${problem} (${from})`);
      }
      // Uniform(lower, upper): an empty interval has no density anywhere.
      const support = dist.support;
      if (
        support.kind === 'interval' &&
        typeof support.lower === 'string' &&
        typeof support.upper === 'string'
      ) {
        const lo = values.get(support.lower);
        const hi = values.get(support.upper);
        const pos = map.exprs.get(call.args[support.upper]);
        const bad = lo && hi && firstNotBelow(lo, hi);
        if (bad && pos)
          diags.at(
            pos,
            `${dist.name}: ${support.upper} must be greater than ${support.lower}, got ${support.lower} = ${bad[0]} and ${support.upper} = ${bad[1]}`,
          );
      }
    }
  }
}

/** The first pair (a, b) with a ≥ b, comparing a scalar with every element or equal shapes. */
function firstNotBelow(a: Tensor, b: Tensor): [number, number] | undefined {
  const n = Math.max(a.data.length, b.data.length);
  if (a.data.length !== n && a.data.length !== 1) return undefined;
  if (b.data.length !== n && b.data.length !== 1) return undefined;
  for (let i = 0; i < n; i++) {
    const x = a.data[a.data.length === 1 ? 0 : i];
    const y = b.data[b.data.length === 1 ? 0 : i];
    if (!(x < y)) return [x, y];
  }
  return undefined;
}
