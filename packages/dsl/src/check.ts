import { distributionNames, getDistribution } from '@dopl/core';
import type { DimNode, DistCall, Expr, Name, Program, RandomStmt, TypeSpec } from './ast.js';
import { dataType, ExprChecker, type Type, type Where } from './check-expr.js';
import { constantOf } from './constants.js';
import { dimNames, dimText, evalDim, exprAsDim } from './dims.js';
import { checkValue, matchArgs } from './dist-args.js';
import type { Diagnostics } from './errors.js';
import { functionSig } from './functions.js';
import { graphOrder } from './order.js';
import { collectDefinitions, type Definition } from './scope.js';
import { didYouMean } from './suggest.js';

// Semantic checks of a parsed program, before any data: definitions, names, calls, recurrences,
// types, constant arguments, bounds, and cycles. The result orders the definitions so that each
// node comes after what it reads, which is the order of the Graph.

export interface CheckedProgram {
  readonly program: Program;
  readonly defs: ReadonlyMap<string, Definition>;
  /** Definitions in graph order (source order, moved only where a node reads a later one). */
  readonly order: readonly Definition[];
}

const dataTypes = ['int', 'real', 'bool'];

/** A recurrence's length covers its initial rows, which its step starts after. */
export const lengthRule = (name: string, start: number): [min: number, what: string] => [
  start,
  `recurrence '${name}' has ${start} initial row${start === 1 ? '' : 's'}, so its length`,
];

/** The least size a parameter's dimensions may have, by its type: a simplex of no element sums to 0. */
export const sizeRule = (type: TypeSpec | undefined): [min: number, what: string] =>
  type?.name.name === 'simplex' ? [1, 'the size of a simplex'] : [0, 'a dimension'];
const constraintTypes = ['real', 'ordered', 'positive_ordered', 'simplex', 'cholesky_corr'];

export function check(program: Program, diags: Diagnostics): CheckedProgram {
  const defs = collectDefinitions(program, diags);
  const types = new Map<string, Type>();
  const started = new Set<string>();
  const typeOf = (name: string): Type => {
    const def = defs.get(name);
    if (def && !started.has(name)) checkDef(def);
    return types.get(name) ?? 'real';
  };
  const ex = new ExprChecker(defs, diags, typeOf);

  function checkDef(def: Definition): void {
    started.add(def.name);
    if (def.data) checkDataDecl(def.data.type);
    const s = def.stmt;
    let type: Type = (def.data && (dataType(def) as Type)) || 'real';
    if (s?.kind === 'factor') {
      ex.check(s.expr, { def });
    } else if (s?.kind === 'random') {
      const discrete = checkRandom(def, s);
      if (discrete) type = 'int';
    } else if (s?.kind === 'define') {
      const t = s.target;
      const step = t.step;
      if (t.type)
        diags.at(t.type.pos, `only a random node (~) takes a type; ${def.name}'s comes from its expression`);
      if (step) {
        checkDim(step.end, ...lengthRule(def.name, step.start.value));
        const init = def.init.map((row, j) => {
          if (row.target.type)
            diags.at(row.target.type.pos, `the initial row ${def.name}[${j}] takes no type`);
          return ex.check((row as { expr: Expr }).expr, { def, row: j });
        });
        type = [
          ...init,
          ex.check(s.expr, { def, step: { index: step.index.name, start: step.start.value } }),
        ].reduce((a, b) => (a === 'real' || b === 'real' ? 'real' : 'int'));
      } else {
        if (t.dims && !(t.dims.length === 1 && t.dims[0].kind === 'number')) {
          diags.at(
            t.dims[0].pos,
            `${def.name}[…] := declares a shape, but a := definition takes its shape from its expression`,
          );
        }
        type = ex.check(s.expr, { def });
      }
    }
    if (dataTypes.includes(type)) types.set(def.name, type);
  }

  /** Checks a `~` statement; true when its distribution is discrete. */
  function checkRandom(def: Definition, s: RandomStmt): boolean {
    const t = s.target;
    if (t.step) {
      checkDim(t.step.end, ...lengthRule(def.name, t.step.start.value));
      if (t.type) diags.at(t.type.pos, 'a recurrence takes no type: its rows follow their distributions');
      def.init.forEach((row, j) => {
        const r = row as RandomStmt;
        if (r.target.type) diags.at(r.target.type.pos, `the initial row ${def.name}[${j}] takes no type`);
        if (r.observes)
          diags.at(r.observes.pos, `'observes' belongs on the step ${def.name}[t in …], not on a row`);
        checkDist(r.dist, { def, row: j });
      });
    } else {
      const [min, what] = sizeRule(t.type);
      for (const d of t.dims ?? []) checkDim(d, min, what);
      if (t.type) checkConstraint(t.type, def, t.dims);
    }
    if (s.observes) ex.check(s.observes, { def, observes: true });
    const step = t.step && { index: t.step.index.name, start: t.step.start.value };
    return checkDist(s.dist, { def, step }) ?? false;
  }

  /** Checks a distribution call; returns whether the family is discrete (undefined if unknown). */
  function checkDist(d: DistCall, w: Where): boolean | undefined {
    const name = d.name.name;
    const all: Expr[] = [...d.args, ...d.kwargs.map((k) => k.value)];
    if (!distributionNames().includes(name)) {
      if (functionSig(name)) diags.at(d.name.pos, `'${name}' is a function, not a distribution`);
      else diags.at(d.name.pos, `unknown distribution '${name}'${didYouMean(name, distributionNames())}`);
      for (const a of all) ex.check(a, w);
      return undefined;
    }
    const dist = getDistribution(name);
    const m = matchArgs(
      dist,
      d.args.length,
      d.kwargs.map((k) => k.name.name),
    );
    for (const a of all) ex.check(a, w);
    if (!m.ok) {
      const at =
        typeof m.at === 'number'
          ? d.args[m.at]?.pos
          : typeof m.at === 'string'
            ? d.kwargs.find((k) => k.name.name === m.at)?.name.pos
            : undefined;
      diags.at(at ?? d.name.pos, m.message);
      return dist.discrete;
    }
    const named: [string, Expr][] = [
      ...d.args.map((a, i) => [m.positional[i], a] as [string, Expr]),
      ...d.kwargs.map((k) => [k.name.name, k.value] as [string, Expr]),
    ];
    for (const [p, e] of named) {
      const c = constantOf(e);
      const problem = c && checkValue(dist, p, c.values, c.shape);
      if (problem) diags.at(e.pos, problem);
    }
    return dist.discrete;
  }

  /** A dimension: whole numbers, scalar int data, + - * of them; `min` 1 where zero is no size. */
  function checkDim(d: DimNode, min = 0, what = 'a dimension'): void {
    if (d.kind === 'number' || (d.kind === 'unary' && d.operand.kind === 'number')) {
      const v = evalDim(d, () => undefined)!;
      if (!Number.isInteger(v) || v < min)
        diags.at(d.pos, `${what} must be a whole number ≥ ${min}, got ${v}`);
      return;
    }
    if (d.kind === 'name') {
      checkDimName(d);
      return;
    }
    let whole = true;
    const leaves = (x: DimNode): void => {
      if (x.kind === 'binary') {
        leaves(x.left);
        leaves(x.right);
      } else if (x.kind === 'unary') {
        leaves(x.operand);
      } else if (x.kind === 'name') {
        checkDimName(x);
      } else if (!Number.isInteger(x.value)) {
        diags.at(x.pos, `a dimension is integer arithmetic, but ${x.value} is not a whole number`);
        whole = false;
      }
    };
    leaves(d);
    // Without names the value is known now; with names, once the data is (lower.ts).
    const v = whole ? evalDim(d, () => undefined) : undefined;
    if (v !== undefined && v < min) diags.at(d.pos, `${what} must be ≥ ${min}, but ${dimText(d)} = ${v}`);
  }

  function checkDimName(d: Name): void {
    const def = defs.get(d.name);
    if (!def) {
      diags.at(d.pos, `unknown dimension '${d.name}'${didYouMean(d.name, defs.keys())}`);
    } else if (def.kind !== 'data' || dataType(def) !== 'int') {
      const is = def.data ? `declared ${def.data.type.name.name}` : `a ${def.kind} node`;
      diags.at(d.pos, `dimension '${d.name}' must be int data, but '${d.name}' is ${is}`);
    } else if (def.data!.type.dims.length) {
      diags.at(
        d.pos,
        `dimension '${d.name}' must be a single int, but '${d.name}' is declared with dimensions`,
      );
    }
  }

  function checkDataDecl(type: TypeSpec): void {
    const n = type.name.name;
    if (!dataTypes.includes(n)) {
      const msg = constraintTypes.includes(n)
        ? `'${n}' constrains parameters; data is int, real or bool`
        : `unknown data type '${n}'${didYouMean(n, dataTypes)}; data is int, real or bool`;
      diags.at(type.name.pos, msg);
    }
    for (const d of type.dims) checkDim(d);
    checkBounds(type, (e) => {
      if (constantOf(e)?.shape.length === 0) return true;
      // Stan's `int<lower=1, upper=J> group[N]`: a bound may be scalar data, or arithmetic on it
      // as in a dimension, read when the data is bound.
      const d = exprAsDim(e);
      if (!d) {
        diags.at(
          e.pos,
          'the bounds of data must be numbers, or scalar data joined by +, - and * with whole numbers (K - 1)',
        );
        return false;
      }
      let ok = true;
      for (const n of dimNames(d)) {
        const def = defs.get(n.name);
        const scalar = def?.kind === 'data' && dataType(def) !== 'bool' && !def.data!.type.dims.length;
        if (scalar) continue;
        ok = false;
        if (!def) {
          diags.at(n.pos, `unknown name '${n.name}'${didYouMean(n.name, defs.keys())}`);
          continue;
        }
        const t = def.data?.type;
        const is = t
          ? `declared ${t.name.name}${t.dims.length ? ' with dimensions' : ''}`
          : `a ${def.kind} node`;
        diags.at(n.pos, `a bound of data must be a number or scalar data, but '${n.name}' is ${is}`);
      }
      return ok;
    });
  }

  function checkConstraint(type: TypeSpec, def: Definition, targetDims?: readonly DimNode[]): void {
    const n = type.name.name;
    if (!constraintTypes.includes(n)) {
      const msg = dataTypes.includes(n)
        ? `'${n}' is a data type; a parameter's type is real<…>, ordered, positive_ordered, simplex or cholesky_corr`
        : `unknown type '${n}'${didYouMean(n, constraintTypes)}`;
      diags.at(type.name.pos, msg);
    }
    if (type.bounds && n !== 'real') diags.at(type.name.pos, `only real<…> takes bounds, not ${n}`);
    if (targetDims && type.dims.length)
      diags.at(type.dims[0].pos, `give ${def.name}'s shape once: ${def.name}[…] or ${def.name}: ${n}[…]`);
    // What core's transforms take: ordered vectors, square Cholesky factors, simplexes along the
    // last axis (a matrix is a batch of them).
    const dims = type.dims.length ? type.dims : (targetDims ?? []);
    const at = dims[0]?.pos ?? type.name.pos;
    if ((n === 'ordered' || n === 'positive_ordered') && dims.length > 1)
      diags.at(at, `${n} is a vector: give one dimension, ${n}[K], not ${dims.length}`);
    if (n === 'cholesky_corr' && dims.length > 0) {
      if (dims.length !== 2)
        diags.at(at, `cholesky_corr is a square matrix: give two equal dimensions, cholesky_corr[K, K]`);
      else if (dimText(dims[0]) !== dimText(dims[1]))
        diags.at(
          dims[1].pos,
          `cholesky_corr is a square matrix, but its dimensions differ: [${dims.map(dimText).join(', ')}]`,
        );
    }
    const [min, what] = sizeRule(type);
    for (const d of type.dims) checkDim(d, min, what);
    checkBounds(type, (e) => {
      ex.check(e, { def });
      return true;
    });
  }

  /** lower=/upper= only, each once, and a constant upper above a constant lower. */
  function checkBounds(type: TypeSpec, value: (e: Expr) => boolean): void {
    const seen = new Map<string, Expr>();
    for (const b of type.bounds ?? []) {
      const k = b.name.name;
      if (k !== 'lower' && k !== 'upper') {
        diags.at(
          b.name.pos,
          `unknown bound '${k}'${didYouMean(k, ['lower', 'upper'])}; bounds are lower= and upper=`,
        );
      } else if (seen.has(k)) {
        diags.at(b.name.pos, `${k} is given twice`);
      }
      if (value(b.value)) seen.set(k, b.value);
    }
    const lo = seen.get('lower');
    const hi = seen.get('upper');
    const l = lo && constantOf(lo);
    const u = hi && constantOf(hi);
    if (l && u && l.shape.length === 0 && u.shape.length === 0 && !(u.values[0] > l.values[0])) {
      diags.at(hi!.pos, `the upper bound ${u.values[0]} must be greater than the lower bound ${l.values[0]}`);
    }
  }

  const byOrder = [...defs.values()].sort((a, b) => a.order - b.order);
  for (const def of byOrder) if (!started.has(def.name)) checkDef(def);
  return { program, defs, order: graphOrder(byOrder, defs, diags) };
}
