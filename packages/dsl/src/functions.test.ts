import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { compile, opNames } from '@dopl/core';
import { describe, expect, it } from 'vitest';
import { compileModel } from './compile.js';
import { DiagnosticError } from './errors.js';
import { aliases, functionSig, stanEquivalents } from './functions.js';

// Stan's function names: the ones that are a core op under another name are aliases; the others
// are named in the error with the dopl expression that computes them. Values are checked against
// Stan's definitions, computed here by hand.

const x = [0.5, -1, 2];
const v = [2, 3, -1];
const A = [
  [1, 2, 0],
  [-1, 0.5, 3],
  [2, 1, 1],
];
const B = [
  [0, 1, 2],
  [1, -2, 0.5],
  [3, 0, 1],
];
const L = [
  [2, 0, 0],
  [1, 3, 0],
  [-1, 0.5, 1.5],
];
const data = { N: 3, M: 2, s: 1.5, x, v, A, B, L };
const header = [
  'data N: int',
  'data M: int',
  'data s: real',
  'data x: real[N]',
  'data v: real[N]',
  'data A: real[N, N]',
  'data B: real[N, N]',
  'data L: real[N, N]',
].join('\n');

/** The value of `expr` in the context above, as nested arrays. */
function evaluate(expr: string): unknown {
  const g = compileModel(`${header}\nout := ${expr}\n`, { data });
  const t = compile(g).constrain([]).out;
  const flat = Array.from(t.data);
  if (t.shape.length === 0) return flat[0];
  if (t.shape.length === 1) return flat;
  const [r, c] = t.shape;
  return Array.from({ length: r }, (_, i) => flat.slice(i * c, (i + 1) * c));
}

const T = (m: number[][]) => m[0].map((_, j) => m.map((row) => row[j]));
const mm = (a: number[][], b: number[][]) =>
  a.map((row) => b[0].map((_, j) => row.reduce((acc, aik, k) => acc + aik * b[k][j], 0)));
const close = (got: unknown, want: unknown) => {
  const g = [got].flat(2) as number[];
  const w = [want].flat(2) as number[];
  expect(g).toHaveLength(w.length);
  g.forEach((gi, i) => expect(gi).toBeCloseTo(w[i], 12));
};

describe("Stan's names for core ops", () => {
  const cases: [string, unknown][] = [
    ['cumulative_sum(x)', [0.5, -0.5, 1.5]],
    ['dot_product(x, v)', 0.5 * 2 - 3 - 2],
    ['fabs(x)', [0.5, 1, 2]],
    ['fmin(x, v)', [0.5, -1, -1]],
    ['fmax(x, v)', [2, 3, 2]],
    ['diagonal(A)', [1, 0.5, 1]],
    ['append_row(x, v)', [...x, ...v]],
    // L L' has the Cholesky factor L (its diagonal is positive).
    ['cholesky_decompose(L @ transpose(L))', L],
  ];
  for (const [expr, want] of cases) {
    it(`${expr} is ${JSON.stringify(want)}`, () => close(evaluate(expr), want));
  }
  it('mdivide_left_tri_low(L, v) solves L y = v', () => {
    const y = evaluate('mdivide_left_tri_low(L, v)') as number[];
    close(
      L.map((row) => row.reduce((acc, lij, j) => acc + lij * y[j], 0)),
      v,
    );
  });
  it('every alias names a core op, which its calls lower to', () => {
    for (const [name, op] of Object.entries(aliases)) {
      expect(opNames(), name).toContain(op);
      expect(functionSig(name)?.op, name).toBe(op);
    }
  });
});

describe('Stan functions written as dopl expressions', () => {
  const stan: Record<string, unknown> = {
    rep_vector: [1.5, 1.5, 1.5],
    rep_array: [1.5, 1.5, 1.5],
    rep_matrix: [
      [1.5, 1.5, 1.5],
      [1.5, 1.5, 1.5],
    ],
    softmax: x.map((xi) => Math.exp(xi) / x.reduce((a, xj) => a + Math.exp(xj), 0)),
    dot_self: x.reduce((a, xi) => a + xi * xi, 0),
    rows_dot_product: A.map((row, i) => row.reduce((a, aij, j) => a + aij * B[i][j], 0)),
    columns_dot_product: A[0].map((_, j) => A.reduce((a, row, i) => a + row[j] * B[i][j], 0)),
    append_col: A.map((row, i) => [...row, ...B[i]]),
    inv: x.map((xi) => 1 / xi),
    inv_sqrt: v.slice(0, 2).map((vi) => 1 / Math.sqrt(vi)),
    inv_square: x.map((xi) => 1 / xi ** 2),
    diag_pre_multiply: A.map((row, i) => row.map((aij) => v[i] * aij)),
    diag_post_multiply: A.map((row) => row.map((aij, j) => aij * v[j])),
    multiply_lower_tri_self_transpose: mm(L, T(L)),
    tcrossprod: mm(A, T(A)),
    crossprod: mm(T(A), A),
    quad_form: mm(mm(T(B), A), B),
    diag_matrix: v.map((vi, i) => v.map((_, j) => (i === j ? vi : 0))),
    identity_matrix: v.map((_, i) => v.map((_, j) => (i === j ? 1 : 0))),
  };

  it('covers every Stan function in the table', () => {
    expect(Object.keys(stan).sort()).toEqual(Object.keys(stanEquivalents).sort());
  });

  for (const [name, [, dopl]] of Object.entries(stanEquivalents)) {
    it(`${name}: ${dopl} computes Stan's ${name}`, () => {
      // The rep_ functions repeat a scalar; inv_sqrt needs positive entries.
      const expr = name.startsWith('rep_')
        ? dopl.replace(/\bx\b/, 's')
        : name === 'inv_sqrt'
          ? dopl.replace(/\bx\b/, 'v[0:2]')
          : dopl;
      close(evaluate(expr), stan[name]);
    });
  }

  it('calling one names the dopl expression to write', () => {
    try {
      compileModel('data x: real[3]\np := softmax(x)\n', { file: 'm.dopl' });
      expect.unreachable();
    } catch (e) {
      if (!(e instanceof DiagnosticError)) throw e;
      expect(e.diagnostics.map((d) => `${d.line}:${d.col}: ${d.message}`)).toEqual([
        "2:6: dopl has no function 'softmax': write softmax(x) as exp(log_softmax(x))",
      ]);
    }
  });

  it('docs/language.md lists every alias and every Stan function it writes otherwise', () => {
    const page = readFileSync(
      join(dirname(fileURLToPath(import.meta.url)), '../../../docs/language.md'),
      'utf8',
    );
    for (const name of [...Object.keys(aliases), ...Object.keys(stanEquivalents)])
      expect(page, name).toContain(`\`${name}`);
  });
});
