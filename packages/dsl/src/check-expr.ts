import { distributionNames } from '@dopl/core';
import type { CallExpr, Expr, IndexExpr, Name, Pos } from './ast.js';
import { staticAttr } from './constants.js';
import { dimNames, exprAsDim } from './dims.js';
import type { Diagnostics } from './errors.js';
import { functionNames, functionSig, stanEquivalents } from './functions.js';
import type { Definition } from './scope.js';
import { didYouMean } from './suggest.js';

// Checking expressions: every name resolves, calls match their functions, recurrence rows are read
// as x[t - k], and types are right where they matter (indices are int, conditions are bool). Each
// check returns the expression's type so the callers can check theirs.

export type Type = 'int' | 'bool' | 'real';

/** Where an expression sits, which decides what it may read. */
export interface Where {
  readonly def: Definition;
  /** Inside a recurrence step `x[t in start:…]`. */
  readonly step?: { readonly index: string; readonly start: number };
  /** In an initial row x[j]. */
  readonly row?: number;
  /** In an `observes` clause, which reads data only. */
  readonly observes?: boolean;
}

const join = (a: Type, b: Type): Type => (a === 'real' || b === 'real' ? 'real' : a === b ? a : 'int');
const numeric = (t: Type): Type => (t === 'bool' ? 'int' : t);

const boolOps = new Set(['lt', 'le', 'gt', 'ge', 'eq', 'ne', 'and', 'or', 'not']);
const keepsType = new Set([
  'sum',
  'cumsum',
  'take',
  'slice',
  'concat',
  'stack',
  'reshape',
  'broadcast_to',
  'copy',
  'transpose',
  'diag',
  'minimum',
  'maximum',
  'abs',
  'neg',
  'square',
  'add',
  'sub',
  'mul',
]);

/** A data definition's declared type, when the name is data (observed or not). */
export const dataType = (def: Definition | undefined): string | undefined => def?.data?.type.name.name;

/** Data that may be read where only data is allowed: declarations and observed nodes. */
export const isDataLike = (def: Definition): boolean =>
  def.data !== undefined || (def.stmt?.kind === 'random' && def.stmt.observes !== undefined);

export class ExprChecker {
  constructor(
    private readonly defs: ReadonlyMap<string, Definition>,
    private readonly diags: Diagnostics,
    /** The type of a node (checking its definition first when needed). */
    private readonly typeOf: (name: string) => Type,
  ) {}

  private error(pos: Pos, message: string): void {
    this.diags.at(pos, message);
  }

  check(e: Expr, w: Where): Type {
    switch (e.kind) {
      case 'number':
        return Number.isInteger(e.value) ? 'int' : 'real';
      case 'keyword':
        if (e.value === null)
          this.error(e.pos, 'null is only a keyword argument value, as in sum(x, axis=null)');
        return 'bool';
      case 'name':
        return this.name(e, w);
      case 'unary': {
        const t = this.check(e.operand, w);
        if (e.op === '-') return numeric(t);
        this.logical(e.operand, t, "'not'");
        return 'bool';
      }
      case 'binary': {
        const a = this.check(e.left, w);
        const b = this.check(e.right, w);
        switch (e.op) {
          case 'and':
          case 'or':
            this.logical(e.left, a, `'${e.op}'`);
            this.logical(e.right, b, `'${e.op}'`);
            return 'bool';
          case '<':
          case '<=':
          case '>':
          case '>=':
          case '==':
          case '!=':
            return 'bool';
          case '/':
          case '^':
            return 'real';
          default:
            return numeric(join(a, b));
        }
      }
      case 'if': {
        this.logical(e.cond, this.check(e.cond, w), 'the condition of if … then … else');
        return join(this.check(e.then, w), this.check(e.else, w));
      }
      case 'call':
        return this.call(e, w);
      case 'index':
        return this.index(e, w);
      case 'array':
        return e.items.map((x) => this.check(x, w)).reduce(join, 'int');
    }
  }

  private logical(e: Expr, t: Type, what: string): void {
    if (t === 'real') this.error(e.pos, `${what} needs a bool (a comparison), got a real value`);
  }

  private name(n: Name, w: Where): Type {
    if (w.step && n.name === w.step.index) return 'int';
    // After an error the type is 'int', which no check refuses: one mistake, one message.
    if (n.name === w.def.name) {
      this.selfReference(n, w);
      return 'int';
    }
    const def = this.defs.get(n.name);
    if (!def) {
      this.unknown(n, w);
      return 'int';
    }
    if (w.observes && !isDataLike(def)) {
      this.error(n.pos, `'observes' reads only data, but '${n.name}' is a ${def.kind} node`);
    }
    return this.typeOf(n.name);
  }

  private selfReference(n: Name, w: Where): void {
    const x = n.name;
    if (w.step)
      this.error(
        n.pos,
        `'${x}' alone is the series being defined; read its earlier rows as ${x}[${w.step.index} - 1]`,
      );
    else if (w.row !== undefined)
      this.error(n.pos, `the initial row ${x}[${w.row}] cannot read '${x}' itself`);
    else
      this.error(
        n.pos,
        `'${x}' reads itself; to build ${x} from its earlier rows write a recurrence ${x}[t in 1:T] := … ${x}[t - 1] …`,
      );
  }

  unknown(n: Name, w: Where): void {
    this.error(n.pos, this.unknownMessage(n.name, w));
  }

  private unknownMessage(x: string, w: Where): string {
    if (functionSig(x)) return `'${x}' is a function: call it as ${x}(…)`;
    if (distributionNames().includes(x)) return `'${x}' is a distribution: use it as name ~ ${x}(…)`;
    const names = [...this.defs.keys(), ...(w.step ? [w.step.index] : [])];
    const hint = didYouMean(x, names);
    if (x === 't' && !w.step && !hint)
      return `'t' is defined only inside a recurrence step such as x[t in 1:T] := …`;
    return `unknown name '${x}'${hint}`;
  }

  private call(e: CallExpr, w: Where): Type {
    const fn = e.callee.name;
    const sig = functionSig(fn);
    if (!sig) {
      if (distributionNames().includes(fn))
        this.error(e.callee.pos, `'${fn}' is a distribution, not a function: write name ~ ${fn}(…)`);
      else if (Object.hasOwn(stanEquivalents, fn)) {
        const [stan, dopl] = stanEquivalents[fn];
        this.error(e.callee.pos, `dopl has no function '${fn}': write ${stan} as ${dopl}`);
      } else this.error(e.callee.pos, `unknown function '${fn}'${didYouMean(fn, functionNames())}`);
      for (const a of e.args) this.check(a, w);
      for (const k of e.kwargs) this.check(k.value, w);
      return 'int';
    }
    const [min, max] = sig.arity;
    const tensors = sig.variadic ? e.args.length : Math.min(e.args.length, max);
    const extra = e.args.length - tensors;
    const count = (n: number) => `${n} argument${n === 1 ? '' : 's'}`;
    if (tensors < min) {
      const exactly = min === max ? '' : 'at least ';
      this.error(e.callee.pos, `${fn} takes ${exactly}${count(min)}, got ${e.args.length}`);
    } else if (extra > (sig.variadic ? 0 : sig.attrs.length)) {
      const most = max + sig.attrs.length;
      this.error(
        e.args[most].pos,
        `${fn} takes ${min === most ? '' : 'at most '}${count(most)}, got ${e.args.length}`,
      );
    }
    const types = e.args.slice(0, tensors).map((a) => this.check(a, w));
    const names = sig.attrs.map(([k]) => k);
    const given = new Set(names.slice(0, extra));
    for (const a of e.args.slice(tensors)) this.attr(a, fn, w);
    for (const k of e.kwargs) {
      const name = k.name.name;
      if (!names.includes(name)) {
        const hint =
          didYouMean(name, names) || (names.length ? ` (it takes ${names.join(', ')})` : ' (it takes none)');
        this.error(k.name.pos, `${fn} has no keyword argument '${name}'${hint}`);
      } else if (given.has(name)) {
        this.error(k.name.pos, `${fn}: ${name} is given twice`);
      }
      given.add(name);
      this.attr(k.value, fn, w, name);
    }
    for (const [k, fallback] of sig.attrs) {
      if (fallback === 'required' && !given.has(k)) this.error(e.callee.pos, `${fn} needs ${k}=…`);
    }
    if (sig.op === 'floor') return 'int';
    if (boolOps.has(sig.op)) return 'bool';
    if (sig.op === 'where') return join(types[1] ?? 'real', types[2] ?? 'real');
    if (keepsType.has(sig.op)) return numeric(types.reduce(join, 'int'));
    return 'real';
  }

  /**
   * Whole numbers and scalar int data joined by + - * (`K`, `K - 1`): a number fixed once the data
   * is bound. An unknown name in it is reported here (and counts as fixed, to say it once).
   */
  private fixedInt(e: Expr, w: Where): boolean {
    const d = exprAsDim(e);
    if (!d) return false;
    for (const n of dimNames(d)) {
      if (w.step && n.name === w.step.index) return false;
      const def = this.defs.get(n.name);
      if (!def) {
        this.unknown(n, w);
        continue;
      }
      if (!(def.kind === 'data' && dataType(def) === 'int' && def.data!.type.dims.length === 0)) return false;
    }
    return true;
  }

  /** A static attribute: a number, true, false, null, int data, or a list of numbers and int data. */
  private attr(e: Expr, fn: string, w: Where, name?: string): void {
    if (staticAttr(e) !== undefined) return;
    if (this.fixedInt(e, w)) return;
    // Shapes such as reshape(x, shape=[N, K - 1]) mix numbers and int data.
    if (e.kind === 'array' && e.items.every((x) => typeof staticAttr(x) === 'number' || this.fixedInt(x, w)))
      return;
    const what = name ? `keyword argument '${name}' of ${fn}` : `this argument of ${fn}`;
    this.error(e.pos, `${what} must be a number, true, false, null, a list of numbers or int data`);
  }

  private index(e: IndexExpr, w: Where): Type {
    let items = e.items;
    let type: Type;
    if (w.step && e.base.kind === 'name' && e.base.name === w.def.name) {
      const first = items[0];
      if (first.kind === 'index') this.lag(first.expr, e.base.name, w.step);
      else
        this.error(
          first.pos,
          `inside its step a recurrence reads single earlier rows ${e.base.name}[${w.step.index} - k]`,
        );
      items = items.slice(1);
      type = 'real';
    } else {
      type = this.check(e.base, w);
    }
    for (const it of items) {
      if (it.kind === 'index') {
        const t = this.check(it.expr, w);
        if (t === 'real')
          this.error(it.expr.pos, `an index must be an int, got a real value${why(it.expr, this.defs)}`);
      } else if (it.kind === 'slice') {
        for (const b of [it.start, it.stop, it.step]) if (b) this.sliceBound(b, w);
      }
    }
    return type;
  }

  /** x[t - k] inside the step of x: k a whole number, 1 ≤ k ≤ the number of initial rows. */
  private lag(e: Expr, x: string, step: { index: string; start: number }): void {
    const t = step.index;
    if (e.kind === 'name' && e.name === t) {
      this.error(
        e.pos,
        `${x}[${t}] is the row being defined; a recurrence reads only earlier rows ${x}[${t} - k], k ≥ 1`,
      );
      return;
    }
    const ok =
      e.kind === 'binary' &&
      e.op === '-' &&
      e.left.kind === 'name' &&
      e.left.name === t &&
      e.right.kind === 'number' &&
      Number.isInteger(e.right.value) &&
      e.right.value >= 1;
    if (!ok) {
      this.error(
        e.pos,
        `a recurrence reads its own earlier rows as ${x}[${t} - k] with k a whole number ≥ 1`,
      );
      return;
    }
    const k = (e.right as { value: number }).value;
    if (k > step.start) {
      this.error(
        e.pos,
        `${x}[${t} - ${k}] reaches before ${x}[0] when ${t} = ${step.start}: the recurrence has ${step.start} initial row${step.start === 1 ? '' : 's'}`,
      );
    }
  }

  private sliceBound(e: Expr, w: Where): void {
    const v = staticAttr(e);
    if (typeof v === 'number' && Number.isInteger(v)) return;
    if (this.fixedInt(e, w)) return;
    this.error(e.pos, 'a slice bound must be a whole number, int data, or + - * of them');
  }
}

/** " ('i' is declared real)" and the like: why an expression has the type it has. */
function why(e: Expr, defs: ReadonlyMap<string, Definition>): string {
  if (e.kind !== 'name') return '';
  const def = defs.get(e.name);
  if (!def) return '';
  return def.data
    ? ` ('${e.name}' is declared ${def.data.type.name.name})`
    : ` ('${e.name}' is a ${def.kind} node)`;
}
