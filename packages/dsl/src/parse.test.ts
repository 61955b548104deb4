import { describe, expect, it } from 'vitest';
import type { DefineStmt, Expr } from './ast.js';
import type { DiagnosticError } from './errors.js';
import { parse } from './parse.js';

/** An expression as an s-expression, to state precedence and associativity plainly. */
function sexpr(e: Expr): string {
  switch (e.kind) {
    case 'number':
      return `${e.value}`;
    case 'keyword':
      return `${e.value}`;
    case 'name':
      return e.name;
    case 'unary':
      return `(${e.op} ${sexpr(e.operand)})`;
    case 'binary':
      return `(${e.op} ${sexpr(e.left)} ${sexpr(e.right)})`;
    case 'if':
      return `(if ${sexpr(e.cond)} ${sexpr(e.then)} ${sexpr(e.else)})`;
    case 'call':
      return `(${e.callee.name}${e.args.map((a) => ` ${sexpr(a)}`).join('')}${e.kwargs.map((k) => ` ${k.name.name}=${sexpr(k.value)}`).join('')})`;
    case 'array':
      return `[${e.items.map(sexpr).join(' ')}]`;
    case 'index':
      return `(at ${sexpr(e.base)}${e.items
        .map((it) =>
          it.kind === 'all'
            ? ' :'
            : it.kind === 'index'
              ? ` ${sexpr(it.expr)}`
              : ` ${it.start ? sexpr(it.start) : ''}:${it.stop ? sexpr(it.stop) : ''}${it.step ? `:${sexpr(it.step)}` : ''}`,
        )
        .join('')})`;
  }
}

const expr = (text: string): string => sexpr((parse(`x := ${text}\n`).statements[0] as DefineStmt).expr);

describe('expressions parse with the precedence the printer uses', () => {
  it('unary minus binds looser than ^: -x ^ 2 is -(x ^ 2)', () => {
    expect(expr('-x ^ 2')).toBe('(- (^ x 2))');
  });
  it('^ is right-associative and takes a signed exponent', () => {
    expect(expr('a ^ b ^ c')).toBe('(^ a (^ b c))');
    expect(expr('a ^ -1')).toBe('(^ a (- 1))');
  });
  it('- and / are left-associative', () => {
    expect(expr('a - b - c')).toBe('(- (- a b) c)');
    expect(expr('a / b * c @ d')).toBe('(@ (* (/ a b) c) d)');
  });
  it('not binds looser than comparisons and tighter than and/or', () => {
    expect(expr('not a < b and c or d')).toBe('(or (and (not (< a b)) c) d)');
  });
  it('if … then … else extends as far right as it can', () => {
    expect(expr('if a > 0 then a else b + 1')).toBe('(if (> a 0) a (+ b 1))');
    expect(expr('(if a then b else c) * 2')).toBe('(* (if a b c) 2)');
  });
  it('indices, slices and whole axes', () => {
    expect(expr('X[:, j]')).toBe('(at X : j)');
    expect(expr('y[1:]')).toBe('(at y 1:)');
    expect(expr('y[a:b:2][::-1]')).toBe('(at (at y a:b:2) ::(- 1))');
    expect(expr('f(x)[0]')).toBe('(at (f x) 0)');
  });
  it('keyword arguments, arrays and literals', () => {
    expect(expr('sum(z, axis=null) + [1, 2.5e-3, inf]')).toBe('(+ (sum z axis=null) [1 0.0025 Infinity])');
    expect(expr('adstock_geometric(x, a, l_max=8, normalize=true)')).toBe(
      '(adstock_geometric x a l_max=8 normalize=true)',
    );
  });
});

describe('statements', () => {
  it('comments are skipped and every statement gets its position', () => {
    const ast = parse('// model\nmu ~ Normal(0, 5) // prior\n/* block\n   comment */\ntheta := 2 * mu\n');
    expect(ast.statements.map((s) => [s.kind, s.pos.line, s.pos.col])).toEqual([
      ['random', 2, 1],
      ['define', 5, 1],
    ]);
  });
  it('an argument list may continue on indented lines', () => {
    const ast = parse('mu ~ Normal(\n  0,\n  5\n)\n');
    expect(ast.statements).toHaveLength(1);
  });
  it('an unclosed bracket ends at the next unindented line, and both lines are reported there', () => {
    const err = (() => {
      try {
        parse('mu ~ Normal(0, 5\nsigma ~ HalfNormal(1\n', { file: 'm.dopl' });
      } catch (e) {
        return e as DiagnosticError;
      }
    })()!;
    expect(err.diagnostics.map((d) => [d.line, d.col, d.message])).toEqual([
      [1, 17, "expected ')', found the end of the line"],
      [2, 21, "expected ')', found the end of the line"],
    ]);
  });
  it('keywords are whole words: names may start with one', () => {
    const ast = parse('database := 1\niffy := 2\nnotable := 3\n');
    expect(ast.statements.map((s) => (s as DefineStmt).target.name.name)).toEqual([
      'database',
      'iffy',
      'notable',
    ]);
  });
  it('declarations, constraints, recurrences, factors and observes', () => {
    const ast = parse(
      [
        'data sigma: real<lower=0>[J, 2]',
        'beta1: real<lower=0, upper=1 - alpha1> ~ Flat()',
        'mu2: ordered[2] ~ Normal(0, 2)',
        's[0] := sigma1',
        's[t in 1:T] := s[t - 1]',
        'factor lik := log_sum_exp(g[N - 1])',
        'y_tail ~ Normal(mu_t, sigma) observes y[K:]',
      ].join('\n'),
    );
    expect(ast.statements.map((s) => s.kind)).toEqual([
      'data',
      'random',
      'random',
      'define',
      'define',
      'factor',
      'random',
    ]);
    const upper =
      ast.statements[1].kind === 'random' ? ast.statements[1].target.type?.bounds?.[1] : undefined;
    expect(upper && sexpr(upper.value)).toBe('(- 1 alpha1)');
  });
});
