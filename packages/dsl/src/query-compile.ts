import {
  bind,
  type DistSpec,
  DoplError,
  doIntervention,
  type Expr,
  exprEqual,
  formatShape,
  Graph,
  type Intervention,
  isTensor,
  mapExpr,
  type Node,
  refsOf,
  type Shape,
  type SliceIntervention,
  sampleForward,
  size,
  type Tensor,
  Term,
  unobserve,
} from '@dopl/core';
import type * as A from './ast.js';
import { check } from './check.js';
import { staticAttr } from './constants.js';
import { type Diagnostic, DiagnosticError, Diagnostics, SourceFile } from './errors.js';
import { lower, type SourceMap } from './lower.js';
import { parse } from './parse.js';
import { parseQueryClauses, parseQueryTarget, type QueryClause } from './query-clauses.js';
import { closest } from './suggest.js';
import { namesIn } from './walk.js';

// The meaning of a causal query's option texts, against a model compiled with its data. Each text
// is lowered by the language itself: its expressions become extra statements of the model program
// (under reserved names that clash with nothing), checked and lowered with the model's scope, so a
// target or an intervention reads exactly as a line of the model would. The target becomes a
// deterministic node added to the Graph — so it exists in every world of a query, the
// counterfactual one included — and the clauses become evidence and interventions for core's do().

/** What one node is set to: core's do() argument (a value, a shift, a distribution, or slices). */
export type QueryIntervention = Intervention;

export interface QueryModel {
  /** The model's source text and file name (for its scope) and its Graph with the data bound. */
  readonly source: string;
  readonly file: string;
  readonly graph: Graph;
}

export interface QueryTexts {
  readonly target: string;
  readonly given?: string;
  readonly do?: string;
  readonly vs?: string;
  /**
   * A counterfactual query intervenes on the factual world's evidence, observed nodes included;
   * otherwise each intervention is checked with core's do() here, so its errors point at the clause.
   */
  readonly counterfactual?: boolean;
}

export interface CompiledQuery {
  /** The model with the target added as a deterministic node. */
  readonly graph: Graph;
  /** The target node's (reserved) name. */
  readonly target: string;
  readonly given?: Record<string, Tensor>;
  readonly do?: Record<string, QueryIntervention>;
  readonly vs?: Record<string, QueryIntervention>;
  /**
   * Core's error about a node of the query (a clause's node, or the target), raised later by the
   * query itself, as a diagnostic at the clause that names it; undefined when none does.
   */
  locate(err: DoplError): DiagnosticError | undefined;
}

const OPTIONS = { target: '--target', given: '--given', do: '--do', vs: '--vs' } as const;

/** A name no node of the graph has and none starts with: `__q`, `__q_`, … */
function reservedPrefix(graph: Graph): string {
  let p = '__q';
  while (graph.names.some((n) => n.startsWith(p))) p += '_';
  return p;
}

const target = (name: string, pos: A.Pos): A.Target => ({ name: { kind: 'name', name, pos }, pos });

interface Extra {
  readonly name: string;
  readonly stmt: A.DefineStmt | A.RandomStmt;
}

/** Lowers extra statements in the model's scope; diagnostics point into the option text. */
function lowerExtras(
  model: QueryModel,
  program: A.Program,
  extras: readonly Extra[],
  diags: Diagnostics,
): { nodes: Map<string, Node>; sourceMap: SourceMap } | undefined {
  const checked = check(
    { ...program, statements: [...program.statements, ...extras.map((e) => e.stmt)] },
    diags,
  );
  if (diags.count) return undefined;
  const ints = new Map<string, number>();
  for (const n of model.graph.nodes) {
    if (n.kind === 'data' && n.dtype === 'int' && n.value && n.value.shape.length === 0)
      ints.set(n.name, n.value.data[0]);
  }
  const { graph, sourceMap } = lower(checked, diags, ints);
  if (diags.count) return undefined;
  return { nodes: new Map(extras.map((e) => [e.name, graph.get(e.name)])), sourceMap };
}

/** The shape of an expression in `g`, or a diagnostic at its innermost failing part. */
function shapeOrReport(g: Graph, e: Expr, map: SourceMap, diags: Diagnostics): Shape | undefined {
  try {
    return g.exprShape(e);
  } catch (err) {
    if (!(err instanceof DoplError)) throw err;
    let at: Expr = e;
    let message = err.message;
    const descend = (x: Expr): boolean => {
      if (x.kind === 'call') for (const a of x.args) if (descend(a)) return true;
      if (x.kind === 'ref') return false;
      try {
        g.exprShape(x);
        return false;
      } catch (inner) {
        if (!(inner instanceof DoplError)) throw inner;
        at = x;
        message = inner.message;
        return true;
      }
    };
    descend(e);
    const pos = map.exprs.get(at) ?? map.exprs.get(e);
    if (!pos) {
      diags.at({ line: 1, col: 1 }, message);
      return undefined;
    }
    const text = diags.source.text.slice(pos.start, pos.end).replace(/\s+/g, ' ');
    diags.at(pos, `${message} in '${text.length > 50 ? `${text.slice(0, 47)}…` : text}'`);
    return undefined;
  }
}

/** A constant expression's value (no node read), evaluated by core. */
function evaluate(e: Expr): Tensor {
  const out = sampleForward(new Graph([{ kind: 'deterministic', name: 'value', expr: e }]), {
    draws: 1,
    seed: 0,
  }).value;
  return { shape: out.shape.slice(1), data: out.data } as Tensor;
}

/** "unknown node 'sepnd' (did you mean 'spend'?)" */
function unknownNode(graph: Graph, n: A.Name, diags: Diagnostics): void {
  const near = closest(n.name, graph.names);
  diags.at(n.pos, `unknown node '${n.name}'${near ? ` (did you mean '${near}'?)` : ''}`);
}

/**
 * Compiles a query's texts against a model: the target as a node of the returned Graph, the
 * evidence as values, the interventions as core's do() arguments (slices as SliceIntervention).
 * All errors are DiagnosticErrors whose file is the option (`--do:1:7: …`).
 *
 * ```ts
 * const q = compileQuery(model, { target: 'y - x', do: 'x = 1' });
 * q.graph.get(q.target).kind === 'deterministic';
 * ```
 */
export function compileQuery(model: QueryModel, texts: QueryTexts): CompiledQuery {
  const program = parse(model.source, { file: model.file });
  const prefix = reservedPrefix(model.graph);
  const places: { option: string; node: string; d: Diagnostic }[] = [];

  // --target
  const targetName = `${prefix}_target`;
  const tsrc = new SourceFile(OPTIONS.target, texts.target);
  const tdiags = new Diagnostics(tsrc);
  const texpr = parseQueryTarget(texts.target, OPTIONS.target);
  const lowered = lowerExtras(
    model,
    program,
    [
      {
        name: targetName,
        stmt: { kind: 'define', target: target(targetName, texpr.pos), expr: texpr, pos: texpr.pos },
      },
    ],
    tdiags,
  );
  tdiags.throwIfAny();
  const targetNode = lowered!.nodes.get(targetName)!;
  const graph = new Graph([...model.graph.nodes, targetNode]);
  const shape = shapeOrReport(graph, (targetNode as { expr: Expr }).expr, lowered!.sourceMap, tdiags);
  tdiags.throwIfAny();
  if (size(shape!) !== 1 || shape!.length > 0) {
    const written = texts.target.trim();
    const text = /^[A-Za-z_]\w*$/.test(written) ? written : `(${written})`;
    tdiags.at(
      tsrc.position(texpr.pos.start),
      `the target is an array of shape ${formatShape(shape!)}; a query answers a number: take sum(${written}), mean(${written}) or an element such as ${text}[0]`,
    );
    tdiags.throwIfAny();
  }
  places.push({
    option: OPTIONS.target,
    node: targetName,
    d: tsrc.diagnostic(texpr.pos.line, texpr.pos.col, ''),
  });

  const given =
    texts.given === undefined ? undefined : compileGiven(model, program, prefix, texts.given, places);
  // Actions on the units of the evidence: data it gives (new units, new sizes) shapes them.
  const acting = withGivenData(model, given);
  const act = (key: 'do' | 'vs') => {
    const text = texts[key];
    if (text === undefined) return undefined;
    return compileInterventions(
      acting,
      program,
      prefix,
      OPTIONS[key],
      text,
      texts.counterfactual ?? false,
      places,
    );
  };

  return {
    graph,
    target: targetName,
    given,
    do: act('do'),
    vs: act('vs'),
    locate(err) {
      if (err.node === undefined) return undefined;
      // Core names the intervened node, or its shifted mechanism `x_natural`.
      const node = err.node.replace(/_natural$/, '');
      // A node may be in several options (given and acted on in a counterfactual): the query's
      // message says which one it refuses ('do(x): …', 'vs(x): …', 'query: evidence …').
      const m = err.message;
      // A message about the inference rather than a clause (a method that does not fit the
      // model) names a node it is about, but not as a clause names it: left unlocated.
      if (!m.includes(`'${err.node}'`) && !m.includes(`'${node}'`) && !/^(do|vs)\(|^query: evidence/.test(m))
        return undefined;
      const option = m.startsWith('do(')
        ? OPTIONS.do
        : m.startsWith('vs(')
          ? OPTIONS.vs
          : m.startsWith('query: evidence')
            ? OPTIONS.given
            : undefined;
      const at = (x: { option: string; node: string }, n: string) =>
        x.node === n && (option === undefined || x.option === option);
      const p =
        places.find((x) => at(x, err.node!)) ??
        places.find((x) => at(x, node)) ??
        places.find((x) => x.node === err.node) ??
        places.find((x) => x.node === node);
      if (!p) return undefined;
      const message = err.message.split(targetName).join('the target');
      return new DiagnosticError([{ ...p.d, message }]);
    },
  };
}

function compileGiven(
  model: QueryModel,
  program: A.Program,
  prefix: string,
  text: string,
  places: { option: string; node: string; d: Diagnostic }[],
): Record<string, Tensor> {
  const file = OPTIONS.given;
  const source = new SourceFile(file, text);
  const diags = new Diagnostics(source);
  const clauses = parseQueryClauses(text, { file, distributions: false });
  const extras: Extra[] = [];
  const kept: QueryClause[] = [];
  clauses.forEach((c, k) => {
    if (!model.graph.has(c.node.name)) return unknownNode(model.graph, c.node, diags);
    if (c.index) {
      diags.at(
        c.node.pos,
        `evidence is given for a whole node: write ${c.node.name} = [ … ] with all its values`,
      );
      return;
    }
    const expr = (c.value as { expr: A.Expr }).expr;
    const reads = namesIn(expr).find((n) => model.graph.has(n.name));
    if (reads) {
      diags.at(reads.pos, `evidence is a constant, but '${reads.name}' is a node: give numbers or arrays`);
      return;
    }
    const name = `${prefix}_given${k}`;
    extras.push({ name, stmt: { kind: 'define', target: target(name, expr.pos), expr, pos: expr.pos } });
    kept.push(c);
  });
  diags.throwIfAny();
  const lowered = lowerExtras(model, program, extras, diags);
  diags.throwIfAny();
  const out: Record<string, Tensor> = {};
  const values = kept.map((_, k) => evaluate((lowered!.nodes.get(extras[k].name) as { expr: Expr }).expr));
  const shapeOf = givenShapes(model.graph, kept, values);
  kept.forEach((c, k) => {
    const expr = (c.value as { expr: A.Expr }).expr;
    const value = values[k];
    const want = shapeOf(c.node.name);
    const same = value.shape.length === want.length && value.shape.every((d, i) => d === want[i]);
    if (!same && !(size(value.shape) === 1 && size(want) === 1)) {
      diags.at(
        expr.pos,
        `'${c.node.name}' has shape ${formatShape(want)}, but this value has shape ${formatShape(value.shape)}`,
      );
    } else if (c.node.name in out) {
      diags.at(c.node.pos, `'${c.node.name}' is given twice`);
    } else {
      out[c.node.name] = { shape: [...want], data: value.data } as Tensor;
      places.push({
        option: file,
        node: c.node.name,
        d: source.diagnostic(c.node.pos.line, c.node.pos.col, ''),
      });
    }
  });
  diags.throwIfAny();
  return out;
}

/** The model with the data nodes of the evidence bound, when they bind (else as it is). */
function withGivenData(model: QueryModel, given: Record<string, Tensor> | undefined): QueryModel {
  const data = Object.entries(given ?? {}).filter(([name]) => model.graph.get(name).kind === 'data');
  if (data.length === 0) return model;
  try {
    return { ...model, graph: bind(model.graph, Object.fromEntries(data)) };
  } catch (err) {
    // Evidence that does not bind (a new size without the arrays it sizes) is refused by the
    // query itself, by name; the actions are read against the model as it is until then.
    if (err instanceof DoplError) return model;
    throw err;
  }
}

/**
 * Node shapes as the evidence sets them: evidence may give a dimension (an int data scalar) a new
 * value — a query about other units — and then the nodes declared with it take the new size.
 */
function givenShapes(
  graph: Graph,
  clauses: readonly QueryClause[],
  values: readonly Tensor[],
): (name: string) => Shape {
  const dims = new Map<string, number>();
  clauses.forEach((c, k) => {
    const n = graph.get(c.node.name);
    if (n.kind === 'data' && n.dtype === 'int' && values[k].data.length === 1)
      dims.set(c.node.name, values[k].data[0]);
  });
  return (name) => {
    const n = graph.get(name);
    const declared = n.kind === 'data' || n.kind === 'random' ? n.dims : undefined;
    if (!declared?.some((d) => typeof d === 'string' && dims.has(d))) return graph.shapeOf(name);
    return declared.map((d) => (typeof d === 'string' && dims.has(d) ? dims.get(d)! : graph.dim(d, name)));
  };
}

/** Index items of `node[…]` on a left side → SliceIntervention's slice (0-based, half-open). */
function sliceOf(
  c: QueryClause,
  shape: Shape,
  ints: (name: string) => number | undefined,
  diags: Diagnostics,
): (number | readonly [number, number] | null)[] | undefined {
  const items = c.index!;
  const x = c.node.name;
  if (items.length > shape.length) {
    diags.at(
      items[shape.length].pos,
      `'${x}' has ${shape.length} ${shape.length === 1 ? 'axis' : 'axes'} (shape ${formatShape(shape)}), but ${items.length} indices are given`,
    );
    return undefined;
  }
  const whole = (e: A.Expr): number | undefined => {
    const v = staticAttr(e);
    if (typeof v === 'number' && Number.isInteger(v)) return v;
    if (e.kind === 'name') return ints(e.name);
    return undefined;
  };
  const out: (number | readonly [number, number] | null)[] = [];
  for (const [axis, it] of items.entries()) {
    const n = shape[axis];
    if (it.kind === 'all') {
      out.push(null);
      continue;
    }
    if (it.kind === 'index') {
      const i = whole(it.expr);
      if (i === undefined || i < 0 || i >= n) {
        diags.at(
          it.pos,
          i === undefined
            ? 'an index here must be a whole number or int data'
            : `index ${i} is out of range for axis ${axis} of '${x}' (size ${n}: 0 to ${n - 1})`,
        );
        return undefined;
      }
      out.push(i);
      continue;
    }
    if (it.step && whole(it.step) !== 1) {
      diags.at(it.step.pos, 'an intervened slice is contiguous: give start:stop without a step');
      return undefined;
    }
    const start = it.start ? whole(it.start) : 0;
    const stop = it.stop ? whole(it.stop) : n;
    if (start === undefined || stop === undefined) {
      diags.at(it.pos, 'slice bounds here must be whole numbers or int data');
      return undefined;
    }
    if (start < 0 || stop > n || start >= stop) {
      diags.at(
        it.pos,
        `slice ${start}:${stop} is not within axis ${axis} of '${x}' (size ${n}); slices are 0-based and half-open, as in the language`,
      );
      return undefined;
    }
    out.push([start, stop]);
  }
  while (out.length < shape.length) out.push(null);
  return out;
}

function compileInterventions(
  model: QueryModel,
  program: A.Program,
  prefix: string,
  file: string,
  text: string,
  counterfactual: boolean,
  places: { option: string; node: string; d: Diagnostic }[],
): Record<string, QueryIntervention> {
  const source = new SourceFile(file, text);
  const diags = new Diagnostics(source);
  const clauses = parseQueryClauses(text, { file, distributions: true });
  const g = model.graph;
  const extras: Extra[] = [];
  const kept: QueryClause[] = [];
  clauses.forEach((c, k) => {
    if (!g.has(c.node.name)) return unknownNode(g, c.node, diags);
    const tag = `${prefix}_${file.replace(/\W/g, '')}${k}`;
    extras.push({
      name: `${tag}_left`,
      stmt: { kind: 'define', target: target(`${tag}_left`, c.left.pos), expr: c.left, pos: c.left.pos },
    });
    const rhs: A.DefineStmt | A.RandomStmt =
      c.value.kind === 'expr'
        ? {
            kind: 'define',
            target: target(`${tag}_right`, c.value.expr.pos),
            expr: c.value.expr,
            pos: c.value.expr.pos,
          }
        : {
            kind: 'random',
            target: target(`${tag}_right`, c.value.dist.pos),
            dist: c.value.dist,
            pos: c.value.dist.pos,
          };
    extras.push({ name: `${tag}_right`, stmt: rhs });
    kept.push(c);
  });
  diags.throwIfAny();
  const lowered = lowerExtras(model, program, extras, diags);
  diags.throwIfAny();
  const ints = (name: string) => {
    const n = g.has(name) ? g.get(name) : undefined;
    return n?.kind === 'data' && n.dtype === 'int' && n.value?.shape.length === 0
      ? n.value.data[0]
      : undefined;
  };

  const whole = new Map<string, Intervention>();
  const parts = new Map<string, SliceIntervention[]>();
  const first = new Map<string, A.Pos>();
  kept.forEach((c, k) => {
    const x = c.node.name;
    const left = (lowered!.nodes.get(extras[2 * k].name) as { expr: Expr }).expr;
    const right = lowered!.nodes.get(extras[2 * k + 1].name)!;
    const shape = g.shapeOf(x);
    const slice = c.index ? sliceOf(c, shape, ints, diags) : undefined;
    if (c.index && !slice) return;
    const value = interventionOf(c, left, right, g, lowered!.sourceMap, diags, source.text);
    if (value === undefined) return;
    const prior = first.get(x);
    if (prior && (!slice || whole.has(x))) {
      diags.at(c.node.pos, `'${x}' is set twice in ${file} (first at column ${prior.col})`);
      return;
    }
    if (!prior) first.set(x, c.node.pos);
    places.push({ option: file, node: x, d: source.diagnostic(c.node.pos.line, c.node.pos.col, '') });
    if (!slice) {
      // A value is checked against the node's shape here, where the clause can be pointed at.
      if (isTensor(value)) {
        const v = value;
        const same = v.shape.length === shape.length && v.shape.every((d, i) => d === shape[i]);
        if (!same && size(v.shape) !== 1) {
          diags.at(
            c.value.kind === 'expr' ? c.value.expr.pos : c.pos,
            `'${x}' has shape ${formatShape(shape)}, but this value has shape ${formatShape(v.shape)}`,
          );
          return;
        }
      }
      whole.set(x, value);
      return;
    }
    if (isTensor(value)) {
      const v = value;
      const want = slice.flatMap((s, axis) =>
        typeof s === 'number' ? [] : s === null ? [shape[axis]] : [s[1] - s[0]],
      );
      const same = v.shape.length === want.length && v.shape.every((d, i) => d === want[i]);
      if (!same && size(v.shape) !== 1) {
        diags.at(
          c.value.kind === 'expr' ? c.value.expr.pos : c.pos,
          `${source.text.slice(c.left.pos.start, c.left.pos.end)} has shape ${formatShape(want)}, but this value has shape ${formatShape(v.shape)}`,
        );
        return;
      }
    }
    const list = parts.get(x) ?? [];
    list.push({ slice, value });
    parts.set(x, list);
  });
  diags.throwIfAny();

  const out: Record<string, QueryIntervention> = {};
  for (const [x, v] of whole) out[x] = v;
  for (const [x, list] of parts) out[x] = list.length === 1 ? list[0] : list;
  if (!counterfactual) {
    // Core's do() on each node alone: its refusals (a cycle, a bad value) at the clause. An
    // observed node may be acted on: the query re-draws it in the predictive world of the data.
    for (const [x, v] of Object.entries(out)) {
      let base: Graph;
      try {
        base = unobserve(g, [x]);
      } catch {
        // An observed node read before its line (as data): the query re-orders the model when
        // it re-draws the node, and reports what it refuses there.
        continue;
      }
      try {
        doIntervention(base, { [x]: v });
      } catch (err) {
        if (!(err instanceof DoplError)) throw err;
        const pos = first.get(x)!;
        diags.at(pos, err.message);
      }
    }
    diags.throwIfAny();
  }
  return out;
}

/**
 * The intervention a clause's right side means: a constant → its value; an expression that reads
 * the left side (`x * 1.1`, `spend[60:81, 2] * 1.2`) → a shift of the natural value; any other
 * expression → a new mechanism; `~ Dist(…)` → a stochastic intervention.
 */
function interventionOf(
  c: QueryClause,
  left: Expr,
  right: Node,
  g: Graph,
  map: SourceMap,
  diags: Diagnostics,
  text: string,
): Intervention | undefined {
  const x = c.node.name;
  const selfRefs = (e: A.Expr) => namesIn(e).filter((n) => n.name === x);
  if (right.kind === 'random') {
    const dist: DistSpec = { call: right.dist };
    const own = c.value.kind === 'dist' ? c.value.dist : undefined;
    const self = own ? [...own.args, ...own.kwargs.map((k) => k.value)].flatMap(selfRefs)[0] : undefined;
    if (self) {
      diags.at(
        self.pos,
        `a distribution set on '${x}' cannot read '${x}' itself; to move its natural value write ${x} = ${x} + …`,
      );
      return undefined;
    }
    for (const e of Object.values(right.dist.args)) if (!shapeOrReport(g, e, map, diags)) return undefined;
    return dist;
  }
  const expr = (right as { expr: Expr }).expr;
  const rhs = (c.value as { expr: A.Expr }).expr;
  if (refsOf(expr).size === 0) {
    if (!shapeOrReport(g, expr, map, diags)) return undefined;
    return evaluate(expr);
  }
  // Every mention of the left side becomes the natural value; no other mention of x may remain.
  const shifted = mapExpr(expr, (e) =>
    exprEqual(e, left) ? { kind: 'ref', name: '\u0000natural' } : undefined,
  );
  if (refsOf(shifted).has(x)) {
    const at = selfRefs(rhs)[0];
    diags.at(
      at?.pos ?? rhs.pos,
      c.index
        ? `the right side may read '${x}' only as ${text.slice(c.left.pos.start, c.left.pos.end)}, the part being set`
        : `the right side reads '${x}' in a way that is not its natural value`,
    );
    return undefined;
  }
  if (!shapeOrReport(g, expr, map, diags)) return undefined;
  return (natural: Term) =>
    new Term(
      mapExpr(shifted, (e) => (e.kind === 'ref' && e.name === '\u0000natural' ? natural.expr : undefined)),
    );
}
