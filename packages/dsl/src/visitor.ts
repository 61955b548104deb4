import type { CstNode, IToken } from 'chevrotain';
import type * as A from './ast.js';
import { parser } from './grammar.js';

// CST → AST. The concrete tree groups children by name; this visitor restores their order (by
// offset), folds operator chains left to right, and gives every AST node its source position.

type Child = CstNode | IToken;
type Ctx = Record<string, Child[] | undefined>;

const tokPos = (t: IToken): A.Pos => ({
  line: t.startLine ?? 1,
  col: t.startColumn ?? 1,
  start: t.startOffset,
  end: (t.endOffset ?? t.startOffset) + 1,
});

/** A position at `at` that spans from `from` to `to`. */
const span = (at: A.Pos, from: A.Pos, to: A.Pos): A.Pos => ({
  line: at.line,
  col: at.col,
  start: from.start,
  end: to.end,
});

const tok = (ctx: Ctx, name: string, i = 0): IToken => ctx[name]![i] as IToken;
const toks = (ctx: Ctx, name: string): IToken[] => (ctx[name] ?? []) as IToken[];
const nodes = (ctx: Ctx, name: string): CstNode[] => (ctx[name] ?? []) as CstNode[];

const nameOf = (t: IToken): A.Name => ({ kind: 'name', name: t.image, pos: tokPos(t) });
const numberOf = (t: IToken): A.NumberLit => ({ kind: 'number', value: Number(t.image), pos: tokPos(t) });

const Base = parser.getBaseCstVisitorConstructor();

class AstBuilder extends Base {
  /** Errors the grammar lets through (an empty index), found while building one statement. */
  errors: { pos: A.Pos; message: string }[] = [];

  constructor() {
    super();
    this.validateVisitor();
  }

  line(ctx: Ctx): A.Statement {
    return this.visit(nodes(ctx, 'statement')[0]);
  }

  statement(ctx: Ctx): A.Statement {
    const [child] = [...nodes(ctx, 'dataDecl'), ...nodes(ctx, 'factorDecl'), ...nodes(ctx, 'definition')];
    return this.visit(child);
  }

  dataDecl(ctx: Ctx): A.DataStmt {
    const type: A.TypeSpec = this.visit(nodes(ctx, 'typeSpec')[0]);
    const name = nameOf(tok(ctx, 'Identifier'));
    return { kind: 'data', name, type, pos: span(name.pos, tokPos(tok(ctx, 'Data')), type.pos) };
  }

  factorDecl(ctx: Ctx): A.FactorStmt {
    const expr: A.Expr = this.visit(nodes(ctx, 'expression')[0]);
    const name = nameOf(tok(ctx, 'Identifier'));
    return { kind: 'factor', name, expr, pos: span(name.pos, tokPos(tok(ctx, 'Factor')), expr.pos) };
  }

  definition(ctx: Ctx): A.RandomStmt | A.DefineStmt {
    const target: A.Target = this.visit(nodes(ctx, 'target')[0]);
    if (ctx.Tilde) {
      const dist: A.DistCall = this.visit(nodes(ctx, 'distCall')[0]);
      const obs = nodes(ctx, 'expression')[0];
      const observes: A.Expr | undefined = obs ? this.visit(obs) : undefined;
      return {
        kind: 'random',
        target,
        dist,
        observes,
        pos: span(target.pos, target.pos, (observes ?? dist).pos),
      };
    }
    const expr: A.Expr = this.visit(nodes(ctx, 'expression')[0]);
    return { kind: 'define', target, expr, pos: span(target.pos, target.pos, expr.pos) };
  }

  target(ctx: Ctx): A.Target {
    const name = nameOf(tok(ctx, 'Identifier'));
    let end = name.pos;
    let dims: A.DimNode[] | undefined;
    let step: A.Target['step'];
    const index = nodes(ctx, 'targetIndex')[0];
    if (index) {
      const r = this.visit(index) as { dims: A.DimNode[] } | { step: NonNullable<A.Target['step']> };
      if ('dims' in r) dims = r.dims;
      else step = r.step;
      end = tokPos(tok(ctx, 'RBracket'));
    }
    const typeNode = nodes(ctx, 'typeSpec')[0];
    const type: A.TypeSpec | undefined = typeNode ? this.visit(typeNode) : undefined;
    return { name, dims, step, type, pos: span(name.pos, name.pos, type?.pos ?? end) };
  }

  targetIndex(ctx: Ctx): { dims: A.DimNode[] } | { step: NonNullable<A.Target['step']> } {
    if (ctx.In) {
      const index = nameOf(tok(ctx, 'Identifier'));
      const end: A.DimNode = this.visit(nodes(ctx, 'dim')[0]);
      return {
        step: {
          index,
          start: numberOf(tok(ctx, 'NumberLiteral')),
          end,
          pos: span(index.pos, index.pos, end.pos),
        },
      };
    }
    return { dims: this.visit(nodes(ctx, 'dimList')[0]) };
  }

  dimList(ctx: Ctx): A.DimNode[] {
    return nodes(ctx, 'dim').map((d) => this.visit(d));
  }

  dim(ctx: Ctx): A.DimNode {
    const e: A.Expr = this.visit(nodes(ctx, 'additive')[0]);
    // A refused part is reported; the statement is dropped, so any stand-in will do.
    return this.toDim(e) ?? { kind: 'number', value: 0, pos: e.pos };
  }

  /** An expression as a dimension: + - * and unary minus on numbers and names, nothing else. */
  private toDim(e: A.Expr): A.DimNode | undefined {
    const refuse = (pos: A.Pos, what: string, why = '') => {
      this.errors.push({
        pos,
        message: `${what} cannot appear in a dimension${why}: a dimension is whole numbers and int data joined by +, - and *`,
      });
      return undefined;
    };
    switch (e.kind) {
      case 'number':
      case 'name':
        return e;
      case 'unary': {
        if (e.op !== '-') return refuse(e.pos, `'${e.op}'`);
        const operand = this.toDim(e.operand);
        return operand && { kind: 'unary', op: '-', operand, pos: e.pos };
      }
      case 'binary': {
        if (e.op !== '+' && e.op !== '-' && e.op !== '*') {
          return refuse(e.opPos, `'${e.op}'`, e.op === '/' ? ' (dopl has no integer division)' : '');
        }
        const left = this.toDim(e.left);
        const right = this.toDim(e.right);
        return left && right && { kind: 'binary', op: e.op, left, right, opPos: e.opPos, pos: e.pos };
      }
      case 'call':
        return refuse(e.callee.pos, `a call to ${e.callee.name}(…)`);
      case 'index':
        return refuse(e.bracketPos, 'indexing');
      case 'if':
        return refuse(e.pos, "'if … then … else'");
      case 'array':
        return refuse(e.pos, 'an array');
      case 'keyword':
        return refuse(e.pos, `'${e.value}'`);
    }
  }

  typeSpec(ctx: Ctx): A.TypeSpec {
    const name = nameOf(tok(ctx, 'Identifier'));
    const bounds: A.Bound[] | undefined = ctx.Less
      ? nodes(ctx, 'bound').map((b) => this.visit(b))
      : undefined;
    const dims: A.DimNode[] = ctx.dimList ? this.visit(nodes(ctx, 'dimList')[0]) : [];
    const last = ctx.RBracket
      ? tokPos(tok(ctx, 'RBracket'))
      : ctx.Greater
        ? tokPos(tok(ctx, 'Greater'))
        : name.pos;
    return { name, bounds, dims, pos: span(name.pos, name.pos, last) };
  }

  bound(ctx: Ctx): A.Bound {
    return { name: nameOf(tok(ctx, 'Identifier')), value: this.visit(nodes(ctx, 'additive')[0]) };
  }

  distCall(ctx: Ctx): A.DistCall {
    const name = nameOf(tok(ctx, 'Identifier'));
    const { args, kwargs } = this.arguments(ctx);
    return { name, args, kwargs, pos: span(name.pos, name.pos, tokPos(tok(ctx, 'RParen'))) };
  }

  private arguments(ctx: Ctx): { args: A.Expr[]; kwargs: A.KeywordArg[] } {
    const args: A.Expr[] = [];
    const kwargs: A.KeywordArg[] = [];
    for (const a of nodes(ctx, 'argument')) {
      const r = this.visit(a) as A.Expr | A.KeywordArg;
      if (!('kind' in r)) kwargs.push(r);
      else if (kwargs.length === 0) args.push(r);
      else this.errors.push({ pos: r.pos, message: 'a positional argument cannot follow keyword arguments' });
    }
    return { args, kwargs };
  }

  argument(ctx: Ctx): A.Expr | A.KeywordArg {
    const value: A.Expr = this.visit(nodes(ctx, 'expression')[0]);
    return ctx.Equals ? { name: nameOf(tok(ctx, 'Identifier')), value } : value;
  }

  expression(ctx: Ctx): A.Expr {
    if (!ctx.If) return this.visit(nodes(ctx, 'orExpr')[0]);
    const cond: A.Expr = this.visit(nodes(ctx, 'cond')[0]);
    const then: A.Expr = this.visit(nodes(ctx, 'then')[0]);
    const other: A.Expr = this.visit(nodes(ctx, 'else')[0]);
    const at = tokPos(tok(ctx, 'If'));
    return { kind: 'if', cond, then, else: other, pos: span(at, at, other.pos) };
  }

  /** operand (op operand)* folded to the left, operators in source order. */
  private chain(ctx: Ctx, operand: string, ops: readonly string[]): A.Expr {
    const operands: A.Expr[] = nodes(ctx, operand).map((n) => this.visit(n));
    const opToks = ops.flatMap((o) => toks(ctx, o)).sort((a, b) => a.startOffset - b.startOffset);
    let left = operands[0];
    opToks.forEach((t, i) => {
      const right = operands[i + 1];
      left = {
        kind: 'binary',
        op: t.image as A.BinaryOp,
        left,
        right,
        opPos: tokPos(t),
        pos: span(tokPos(t), left.pos, right.pos),
      };
    });
    return left;
  }

  orExpr(ctx: Ctx): A.Expr {
    return this.chain(ctx, 'andExpr', ['Or']);
  }

  andExpr(ctx: Ctx): A.Expr {
    return this.chain(ctx, 'notExpr', ['And']);
  }

  notExpr(ctx: Ctx): A.Expr {
    if (!ctx.Not) return this.visit(nodes(ctx, 'comparison')[0]);
    const operand: A.Expr = this.visit(nodes(ctx, 'notExpr')[0]);
    const at = tokPos(tok(ctx, 'Not'));
    return { kind: 'unary', op: 'not', operand, pos: span(at, at, operand.pos) };
  }

  comparison(ctx: Ctx): A.Expr {
    return this.chain(ctx, 'additive', ['Less', 'LessEq', 'Greater', 'GreaterEq', 'EqEq', 'NotEq']);
  }

  additive(ctx: Ctx): A.Expr {
    return this.chain(ctx, 'multiplicative', ['Plus', 'Minus']);
  }

  multiplicative(ctx: Ctx): A.Expr {
    return this.chain(ctx, 'unary', ['Star', 'Slash', 'At']);
  }

  unary(ctx: Ctx): A.Expr {
    if (!ctx.Minus) return this.visit(nodes(ctx, 'power')[0]);
    const operand: A.Expr = this.visit(nodes(ctx, 'unary')[0]);
    const at = tokPos(tok(ctx, 'Minus'));
    return { kind: 'unary', op: '-', operand, pos: span(at, at, operand.pos) };
  }

  power(ctx: Ctx): A.Expr {
    const base: A.Expr = this.visit(nodes(ctx, 'postfix')[0]);
    if (!ctx.Caret) return base;
    const exponent: A.Expr = this.visit(nodes(ctx, 'unary')[0]);
    const at = tokPos(tok(ctx, 'Caret'));
    return {
      kind: 'binary',
      op: '^',
      left: base,
      right: exponent,
      opPos: at,
      pos: span(at, base.pos, exponent.pos),
    };
  }

  postfix(ctx: Ctx): A.Expr {
    let base: A.Expr = this.visit(nodes(ctx, 'atom')[0]);
    for (const ix of nodes(ctx, 'indexing')) {
      const { items, open, close } = this.visit(ix) as { items: A.IndexItem[]; open: A.Pos; close: A.Pos };
      base = { kind: 'index', base, items, bracketPos: open, pos: span(open, base.pos, close) };
    }
    return base;
  }

  indexing(ctx: Ctx): { items: A.IndexItem[]; open: A.Pos; close: A.Pos } {
    const items: (A.IndexItem | undefined)[] = nodes(ctx, 'indexItem').map((n) => this.visit(n));
    const after = [...toks(ctx, 'Comma'), tok(ctx, 'RBracket')];
    items.forEach((item, i) => {
      if (!item)
        this.errors.push({
          pos: tokPos(after[i]),
          message: `expected an index or a slice, found '${after[i].image}'`,
        });
    });
    return {
      items: items.filter((x): x is A.IndexItem => x !== undefined),
      open: tokPos(tok(ctx, 'LBracket')),
      close: tokPos(tok(ctx, 'RBracket')),
    };
  }

  indexItem(ctx: Ctx): A.IndexItem | undefined {
    const part = (label: string): A.Expr | undefined => {
      const n = nodes(ctx, label)[0];
      return n ? this.visit(n) : undefined;
    };
    const start = part('start');
    // The grammar allows an empty item (`x[]`, `x[a,,b]`); `indexing` reports it.
    if (!ctx.colon) return start ? { kind: 'index', expr: start, pos: start.pos } : undefined;
    const colon = tokPos(tok(ctx, 'colon'));
    const stop = part('stop');
    const step = part('step');
    const pos = start?.pos ?? colon;
    if (!start && !stop && !step && !ctx.colon2) return { kind: 'all', pos: colon };
    const last = step?.pos ?? (ctx.colon2 ? tokPos(tok(ctx, 'colon2')) : (stop?.pos ?? colon));
    return { kind: 'slice', start, stop, step, pos: span(pos, pos, last) };
  }

  atom(ctx: Ctx): A.Expr {
    if (ctx.NumberLiteral) return numberOf(tok(ctx, 'NumberLiteral'));
    for (const [name, value] of [
      ['Inf', Infinity],
      ['Nan', Number.NaN],
    ] as const) {
      if (ctx[name]) return { kind: 'number', value, pos: tokPos(tok(ctx, name)) };
    }
    for (const [name, value] of [
      ['True', true],
      ['False', false],
      ['Null', null],
    ] as const) {
      if (ctx[name]) return { kind: 'keyword', value, pos: tokPos(tok(ctx, name)) };
    }
    if (ctx.call) return this.visit(nodes(ctx, 'call')[0]);
    if (ctx.Identifier) return nameOf(tok(ctx, 'Identifier'));
    if (ctx.array) return this.visit(nodes(ctx, 'array')[0]);
    // Parentheses only group: the AST keeps the inner expression, widened to include them.
    const inner: A.Expr = this.visit(nodes(ctx, 'expression')[0]);
    return { ...inner, pos: span(inner.pos, tokPos(tok(ctx, 'LParen')), tokPos(tok(ctx, 'RParen'))) };
  }

  call(ctx: Ctx): A.CallExpr {
    const callee = nameOf(tok(ctx, 'Identifier'));
    const { args, kwargs } = this.arguments(ctx);
    return {
      kind: 'call',
      callee,
      args,
      kwargs,
      pos: span(callee.pos, callee.pos, tokPos(tok(ctx, 'RParen'))),
    };
  }

  array(ctx: Ctx): A.ArrayLit {
    const open = tokPos(tok(ctx, 'LBracket'));
    return {
      kind: 'array',
      items: nodes(ctx, 'expression').map((n) => this.visit(n)),
      pos: span(open, open, tokPos(tok(ctx, 'RBracket'))),
    };
  }
}

const builder = new AstBuilder();

/** The AST of one parsed line, and the errors found while building it. */
export function toStatement(cst: CstNode): {
  statement: A.Statement;
  errors: { pos: A.Pos; message: string }[];
} {
  builder.errors = [];
  const statement: A.Statement = builder.visit(cst);
  return { statement, errors: builder.errors };
}
