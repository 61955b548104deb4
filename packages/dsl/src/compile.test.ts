import { compile, exprKey, HalfNormal, ModelBuilder, Normal, sum, tensor } from '@dopl/core';
import { describe, expect, it } from 'vitest';
import { compileModel } from './compile.js';
import { DiagnosticError, formatDiagnostics } from './errors.js';

const nodeExpr = (text: string, name: string, data?: Record<string, unknown>) => {
  const n = compileModel(text, { data }).get(name);
  if (n.kind !== 'deterministic') throw new Error(`${name} is ${n.kind}`);
  return n.expr;
};

const errorsOf = (text: string, data?: Record<string, unknown>): string[] => {
  try {
    compileModel(text, { data, file: 'm.dopl' });
  } catch (e) {
    if (e instanceof DiagnosticError) return e.diagnostics.map((d) => `${d.line}:${d.col}: ${d.message}`);
    throw e;
  }
  return [];
};

describe('compileModel', () => {
  it('several indices select along each axis independently: X[[0, 2], 1] is rows 0 and 2 of column 1', () => {
    const X = [
      [1, 2, 3, 4],
      [5, 6, 7, 8],
      [9, 10, 11, 12],
    ];
    const g = compileModel(
      'data X: real[3, 4]\na ~ Normal(0, 1)\nsel := X[[0, 2], 1] + 0 * a\nrow := X[1, [0, 3]]\n',
      {
        data: { X },
      },
    );
    const v = compile(g).constrain([0.3]);
    expect(Array.from(v.sel.data)).toEqual([2, 10]);
    expect(Array.from(v.row.data)).toEqual([5, 8]);
  });

  it('friendly aliases lower to core ops: softplus is log1p_exp, dot is matmul, min is minimum', () => {
    const text = 'a[2] ~ Normal(0, 1)\ns := softplus(a)\nd := dot(a, a)\nm := min(a, 0)\n';
    expect(exprKey(nodeExpr(text, 's'))).toBe('log1p_exp($a)');
    expect(exprKey(nodeExpr(text, 'd'))).toBe('matmul($a,$a)');
    expect(exprKey(nodeExpr(text, 'm'))).toBe('minimum($a,0)');
  });

  it('functions and distributions fill in the defaults the builder fills in', () => {
    const m = new ModelBuilder();
    const a = m.random('a', Normal(), { dims: [3] });
    m.random('s', HalfNormal());
    m.let('total', sum(a));
    const built = m.build();
    const g = compileModel('a[3] ~ Normal()\ns ~ HalfNormal()\ntotal := sum(a)\n');
    const total = built.get('total');
    expect(total.kind === 'deterministic' && exprKey(total.expr)).toBe(
      exprKey(nodeExpr('a[3] ~ Normal()\ntotal := sum(a)\n', 'total')),
    );
    for (const name of ['a', 's']) {
      const [x, y] = [g.get(name), built.get(name)];
      if (x.kind !== 'random' || y.kind !== 'random') throw new Error('random nodes expected');
      expect(Object.entries(x.dist.args).map(([k, e]) => [k, exprKey(e)])).toEqual(
        Object.entries(y.dist.args).map(([k, e]) => [k, exprKey(e)]),
      );
    }
  });

  it('statements may come in any order: the graph puts each node after what it reads', () => {
    const g = compileModel('theta := mu + tau\nmu ~ Normal(0, 1)\ntau ~ HalfNormal(1)\n');
    expect(g.names).toEqual(['mu', 'tau', 'theta']);
  });

  it('a recurrence may name its index as it likes', () => {
    const g = compileModel('x[0] := 1\nx[k in 1:4] := x[k - 1] + k\na ~ Normal(0, 1)\n');
    expect(Array.from(compile(g).constrain([0]).x.data)).toEqual([1, 2, 4, 7]);
  });

  it('without data the graph is returned unbound', () => {
    const g = compileModel('data J: int\ndata y: real[J]\nmu ~ Normal(0, 1)\ny ~ Normal(mu, 1)\n');
    const y = g.get('y');
    expect(y.kind === 'random' && y.observed === undefined && y.data?.dims).toEqual(['J']);
  });

  it('data may be given as tensors from TypeScript', () => {
    const g = compileModel('data y: real[2, 2]\n', { data: { y: tensor([1, 2, 3, 4], [2, 2]) } });
    expect(g.shapeOf('y')).toEqual([2, 2]);
  });

  it('shapes are checked without data when the model declares none', () => {
    expect(errorsOf('a[3] ~ Normal(0, 1)\nb[4] ~ Normal(0, 1)\nc := exp(a) * b\n')).toEqual([
      "3:13: shapes [3], [4] do not broadcast in 'exp(a) * b'",
    ]);
  });

  it('a shape error in one node is reported once, not again in the nodes that read it', () => {
    const errors = errorsOf(
      'a[3] ~ Normal(0, 1)\nb[4] ~ Normal(0, 1)\nc := a + b\nd := c * 2\ne ~ Normal(d, 1)\n',
    );
    expect(errors).toEqual(["3:8: shapes [3], [4] do not broadcast in 'a + b'"]);
  });

  it('every missing data name is reported at its declaration', () => {
    expect(errorsOf('data J: int\ndata y: real[J]\n', {})).toEqual([
      "1:6: data 'J' is missing from the data (declared here as int)",
      "2:6: data 'y' is missing from the data (declared here as real[J])",
    ]);
  });
});

describe('diagnostics', () => {
  it('formatDiagnostics puts the caret under the column', () => {
    expect(
      formatDiagnostics([
        { file: 'm.dopl', line: 1, col: 6, message: "unknown name 'tua'", sourceLine: 'x := tua' },
      ]),
    ).toBe("m.dopl:1:6: unknown name 'tua'\nx := tua\n     ^");
  });
  it('Windows line endings read like Unix ones', () => {
    expect(errorsOf('mu ~ Normal(0, 1)\r\ntheta := mu + tua\r\n')).toEqual(["2:15: unknown name 'tua'"]);
    expect(compileModel('mu ~ Normal(0, 1)\r\ntheta := 2 * mu\r\n').names).toEqual(['mu', 'theta']);
  });
});
