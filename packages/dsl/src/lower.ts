import {
  type AttrValue,
  type Constraint,
  call,
  constant,
  type Dim,
  type DistCall,
  DoplError,
  type Expr,
  Graph,
  getDistribution,
  type Node,
  type RandomNode,
  ref,
  scalar,
  self,
  step,
  tensor,
} from '@dopl/core';
import type * as A from './ast.js';
import { type CheckedProgram, lengthRule, sizeRule } from './check.js';
import { constantOf, staticAttr } from './constants.js';
import { dimInputs, dimNames, dimText, evalDim, exprAsDim } from './dims.js';
import { matchArgs } from './dist-args.js';
import type { Diagnostics } from './errors.js';
import { functionSig } from './functions.js';
import type { Definition } from './scope.js';

// AST → Graph. The checks have passed, so lowering only translates: each definition becomes one
// node, built with core's node objects and expression constructors, exactly as the TypeScript
// builder would build it (same ops, same attributes in the same order, same defaults).

/** Where each part of the Graph came from, to put core's errors back on the source. */
export interface SourceMap {
  /** A node's name in its defining statement. */
  readonly nodes: ReadonlyMap<string, A.Pos>;
  /** A random node's distribution call. */
  readonly dists: ReadonlyMap<string, A.Pos>;
  /**
   * Every lowered expression object: line/col where a message points (an operator's symbol, a
   * call's name, an index's bracket), start/end the text of the whole expression; and every
   * distribution call object, at its name.
   */
  readonly exprs: WeakMap<object, A.Pos>;
}

export interface Lowered {
  readonly graph: Graph;
  readonly sourceMap: SourceMap;
  /**
   * Nodes whose dimensions read data named in `unavailable` (reported where that data failed):
   * they hold a placeholder 1 and nothing about their shape can be checked.
   */
  readonly unresolved: ReadonlySet<string>;
}

const binaryOps: Record<A.BinaryOp, string> = {
  '+': 'add',
  '-': 'sub',
  '*': 'mul',
  '/': 'div',
  '^': 'pow',
  '@': 'matmul',
  '<': 'lt',
  '<=': 'le',
  '>': 'gt',
  '>=': 'ge',
  '==': 'eq',
  '!=': 'ne',
  and: 'and',
  or: 'or',
};

interface Ctx {
  /** The node being defined (for x[t - k] inside its step). */
  readonly self?: string;
  /** The recurrence index inside a step. */
  readonly index?: string;
}

/**
 * Lowers a checked program. `ints` holds the values of int data, which slice bounds, static
 * attributes and dimension arithmetic may name (`y[K:]`, `z[K - 1]`); naming one without its
 * value is reported, except names in `unavailable` (int data whose value failed its own checks).
 * Without `ints` (a graph read only for its declarations) such names lower to a placeholder 1.
 */
export function lower(
  checked: CheckedProgram,
  diags: Diagnostics,
  ints?: ReadonlyMap<string, number>,
  unavailable: ReadonlySet<string> = new Set(),
): Lowered {
  const nodesPos = new Map<string, A.Pos>();
  const dists = new Map<string, A.Pos>();
  const exprs = new WeakMap<object, A.Pos>();
  const at = <E extends Expr>(e: E, pos: A.Pos): E => {
    exprs.set(e, pos);
    return e;
  };

  const unresolved = new Set<string>();
  const needsData = (n: A.Name) =>
    diags.at(
      n.pos,
      `'${n.name}' is used as a fixed number here, so its data is needed: pass data to compileModel`,
    );

  const staticValue = (e: A.Expr): AttrValue => {
    const v = staticAttr(e);
    if (v !== undefined) return v;
    if (e.kind === 'array') return e.items.map((x) => staticValue(x) as number);
    // Int data or arithmetic on it (`K`, `K - 1`), as checked.
    const d = exprAsDim(e)!;
    // Lowering for the declarations only (no `ints`): shapes are unknown anyway, so int data
    // standing for a fixed number becomes a placeholder 1.
    if (ints === undefined) return 1;
    for (const n of dimNames(d)) if (!ints.has(n.name)) needsData(n);
    return evalDim(d, (n) => ints.get(n)) ?? 0;
  };

  function expr(e: A.Expr, c: Ctx): Expr {
    switch (e.kind) {
      case 'number':
        return at(constant(scalar(e.value)), e.pos);
      case 'keyword':
        return at(constant(scalar(e.value ? 1 : 0)), e.pos);
      case 'name':
        return at(e.name === c.index ? step() : ref(e.name), e.pos);
      case 'unary': {
        // A minus sign on a number is part of the number: -1 is the constant -1, as printed.
        if (e.op === '-' && e.operand.kind === 'number') return at(constant(scalar(-e.operand.value)), e.pos);
        return at(call(e.op === '-' ? 'neg' : 'not', [expr(e.operand, c)]), e.pos);
      }
      case 'binary':
        return at(call(binaryOps[e.op], [expr(e.left, c), expr(e.right, c)]), e.pos);
      case 'if':
        return at(call('where', [expr(e.cond, c), expr(e.then, c), expr(e.else, c)]), e.pos);
      case 'call':
        return at(lowerCall(e, c), e.pos);
      case 'index':
        return lowerIndex(e, c);
      case 'array': {
        const k = constantOf(e);
        if (k) return at(constant(tensor(k.values, k.shape)), e.pos);
        return at(
          call(
            'stack',
            e.items.map((x) => expr(x, c)),
          ),
          e.pos,
        );
      }
    }
  }

  function lowerCall(e: A.CallExpr, c: Ctx): Expr {
    const sig = functionSig(e.callee.name)!;
    const tensors = sig.variadic ? e.args.length : Math.min(e.args.length, sig.arity[1]);
    const args = e.args.slice(0, tensors).map((a) => expr(a, c));
    if (sig.attrs.length === 0) return call(sig.op, args);
    const given = new Map<string, A.Expr>();
    e.args.slice(tensors).forEach((a, i) => {
      given.set(sig.attrs[i][0], a);
    });
    for (const k of e.kwargs) given.set(k.name.name, k.value);
    const attrs: Record<string, AttrValue> = {};
    for (const [name, fallback] of sig.attrs) {
      const v = given.get(name);
      attrs[name] = v ? staticValue(v) : (fallback as AttrValue);
    }
    return call(sig.op, args, attrs);
  }

  /** Indices select along each axis independently, applied right to left so axes keep their numbers. */
  function lowerIndex(e: A.IndexExpr, c: Ctx): Expr {
    let items = e.items;
    let base: Expr;
    if (c.self && c.index && e.base.kind === 'name' && e.base.name === c.self) {
      const lag = (items[0] as { expr: A.Binary }).expr.right as A.NumberLit;
      base = at(self(lag.value), e.pos);
      items = items.slice(1);
    } else {
      base = expr(e.base, c);
    }
    for (let axis = items.length - 1; axis >= 0; axis--) {
      const it = items[axis];
      if (it.kind === 'index') {
        base = at(call('take', [base, expr(it.expr, c)], { axis }), e.pos);
      } else if (it.kind === 'slice') {
        const b = (x: A.Expr | undefined, d: AttrValue) => (x ? staticValue(x) : d);
        base = at(
          call('slice', [base], {
            axis,
            start: b(it.start, null),
            stop: b(it.stop, null),
            step: b(it.step, 1),
          }),
          e.pos,
        );
      }
    }
    return base;
  }

  function distCall(d: A.DistCall, c: Ctx): DistCall {
    const dist = getDistribution(d.name.name);
    const m = matchArgs(
      dist,
      d.args.length,
      d.kwargs.map((k) => k.name.name),
    );
    if (!m.ok) throw new Error(`unchecked distribution call ${d.name.name}`);
    const given = new Map<string, A.Expr>();
    d.args.forEach((a, i) => {
      given.set(m.positional[i], a);
    });
    for (const k of d.kwargs) given.set(k.name.name, k.value);
    const args: Record<string, Expr> = {};
    for (const p of m.params) {
      const e = given.get(p);
      args[p] = e ? expr(e, c) : constant(scalar(m.defaults[p]));
    }
    const call = { name: dist.name, args };
    // Every distribution call has a place, rows of a recurrence included (messages about a row).
    exprs.set(call, d.name.pos);
    return call;
  }

  /**
   * A dimension of `owner` for the Graph: a number or a name as written (core resolves names when
   * data is bound), arithmetic as its value. `rule` is the least size allowed and what to call it.
   */
  const dim = (d: A.DimNode, owner: string, [min, what] = sizeRule(undefined)): Dim => {
    if (d.kind === 'number') return d.value;
    const names = dimNames(d);
    if (d.kind !== 'name' && ints === undefined) return 1; // declarations only: shapes are unknown
    if (names.some((n) => unavailable.has(n.name))) {
      unresolved.add(owner);
      return d.kind === 'name' ? d.name : 1;
    }
    const value = (n: string) => ints?.get(n);
    if (d.kind !== 'name') for (const n of names) if (value(n.name) === undefined) needsData(n);
    const v = evalDim(d, value);
    if (v === undefined) return d.kind === 'name' ? d.name : 1;
    if (v < min) {
      const inputs = d.kind === 'name' ? '' : dimInputs(d, value);
      diags.at(d.pos, `${what} must be ≥ ${min}, but ${dimText(d)} = ${v}${inputs}`);
      unresolved.add(owner);
    }
    return d.kind === 'name' ? d.name : v;
  };

  function dataDecl(s: A.DataStmt, owner: string): NonNullable<RandomNode['data']> {
    const bound = (k: string) => {
      const b = s.type.bounds?.find((x) => x.name.name === k);
      if (!b) return undefined;
      const c = constantOf(b.value);
      if (c) return c.values[0];
      // int data (`upper=J`, `upper=K - 1`), as checked: its value, once the data is known; without
      // it (or when that data failed its own checks) the bound is left out.
      const d = exprAsDim(b.value)!;
      return ints && !dimNames(d).some((n) => unavailable.has(n.name))
        ? evalDim(d, (n) => ints.get(n))
        : undefined;
    };
    return {
      dtype: s.type.name.name as 'int' | 'real' | 'bool',
      dims: s.type.dims.map((d) => dim(d, owner)),
      lower: bound('lower'),
      upper: bound('upper'),
    };
  }

  function constraint(t: A.TypeSpec | undefined, c: Ctx): Constraint | undefined {
    if (!t) return undefined;
    const kind = t.name.name;
    if (kind !== 'real') return { kind } as Constraint;
    if (!t.bounds) return undefined;
    const b = (k: string) => {
      const x = t.bounds!.find((y) => y.name.name === k);
      return x ? expr(x.value, c) : undefined;
    };
    return { kind: 'interval', lower: b('lower'), upper: b('upper') };
  }

  function node(def: Definition): Node {
    nodesPos.set(def.name, def.pos);
    const s = def.stmt;
    if (!s) {
      const d = dataDecl(def.data!, def.name);
      return { kind: 'data', name: def.name, dtype: d.dtype, dims: d.dims, lower: d.lower, upper: d.upper };
    }
    const plain: Ctx = { self: def.name };
    if (s.kind === 'factor') return { kind: 'factor', name: def.name, expr: expr(s.expr, plain) };
    const range = s.target.step;
    const inStep: Ctx = { self: def.name, index: range?.index.name };
    if (s.kind === 'define') {
      if (!range) return { kind: 'deterministic', name: def.name, expr: expr(s.expr, plain) };
      return {
        kind: 'deterministic',
        name: def.name,
        expr: expr(s.expr, inStep),
        recurrence: {
          length: dim(range.end, def.name, lengthRule(def.name, range.start.value)),
          init: def.init.map((r) => expr((r as A.DefineStmt).expr, plain)),
        },
      };
    }
    dists.set(def.name, s.dist.pos);
    const data = def.data ? dataDecl(def.data, def.name) : undefined;
    const observed = s.observes ? expr(s.observes, plain) : undefined;
    if (range) {
      return {
        kind: 'random',
        name: def.name,
        dist: distCall(s.dist, inStep),
        dims: [dim(range.end, def.name, lengthRule(def.name, range.start.value))],
        recurrence: { init: def.init.map((r) => distCall((r as A.RandomStmt).dist, plain)) },
        observed,
        data,
      };
    }
    const declared = s.target.dims ?? (s.target.type?.dims.length ? s.target.type.dims : undefined);
    return {
      kind: 'random',
      name: def.name,
      dist: distCall(s.dist, plain),
      dims: declared ? declared.map((d) => dim(d, def.name, sizeRule(s.target.type))) : data?.dims,
      constraint: constraint(s.target.type, plain),
      observed,
      data,
    };
  }

  const nodes = checked.order.map(node).map(clean);
  const sourceMap = { nodes: nodesPos, dists, exprs };
  try {
    return { graph: new Graph(nodes), sourceMap, unresolved };
  } catch (err) {
    // The checks should leave core nothing to refuse; if it does, say where.
    if (!(err instanceof DoplError)) throw err;
    const pos = err.node === undefined ? undefined : nodesPos.get(err.node);
    diags.at(pos ?? { line: 1, col: 1 }, err.message);
    return { graph: new Graph([]), sourceMap, unresolved };
  }
}

/** Drops keys whose value is undefined, so nodes look like the builder's. */
function clean(n: Node): Node {
  return Object.fromEntries(Object.entries(n).filter(([, v]) => v !== undefined)) as unknown as Node;
}
