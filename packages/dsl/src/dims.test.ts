import { compile, sampleForward } from '@dopl/core';
import { describe, expect, it } from 'vitest';
import type { DataStmt, DefineStmt, DimNode, RandomStmt } from './ast.js';
import { compileModel } from './compile.js';
import { dimText, evalDim } from './dims.js';
import { DiagnosticError } from './errors.js';
import { parse } from './parse.js';

// Dimensions are integer arithmetic on whole numbers and scalar int data (`K - 1`,
// `N * (K + 1)`): parsed as trees, checked before data, resolved to numbers once data is bound.

/** A dimension as an s-expression, to state its structure plainly. */
function sexpr(d: DimNode): string {
  switch (d.kind) {
    case 'number':
      return `${d.value}`;
    case 'name':
      return d.name;
    case 'unary':
      return `(- ${sexpr(d.operand)})`;
    case 'binary':
      return `(${d.op} ${sexpr(d.left)} ${sexpr(d.right)})`;
  }
}

const dimsOf = (line: string): readonly DimNode[] =>
  (parse(`${line}\n`).statements[0] as RandomStmt).target.dims ?? [];
const targetDims = (line: string) => dimsOf(line).map(sexpr);
const typeDims = (line: string) => {
  const s = parse(`${line}\n`).statements[0] as DataStmt | RandomStmt;
  return (s.kind === 'data' ? s.type.dims : (s.target.type?.dims ?? [])).map(sexpr);
};

const errorsOf = (text: string, data?: Record<string, unknown>, declarationsOnly = false): string[] => {
  try {
    compileModel(text, { data, file: 'm.dopl', declarationsOnly });
  } catch (e) {
    if (e instanceof DiagnosticError) return e.diagnostics.map((d) => `${d.line}:${d.col}: ${d.message}`);
    throw e;
  }
  return [];
};

describe('dimensions parse as integer arithmetic', () => {
  it('in targets, with the precedence of expressions and parentheses that only group', () => {
    expect(targetDims('z[K - 1] ~ Normal(0, 1)')).toEqual(['(- K 1)']);
    expect(targetDims('z[N * (K + 1), 2 * K - 1] ~ Normal(0, 1)')).toEqual([
      '(* N (+ K 1))',
      '(- (* 2 K) 1)',
    ]);
    expect(targetDims('c[(K - 1)] ~ Normal(0, 1)')).toEqual(['(- K 1)']);
    expect(targetDims('z[K - J - 1] ~ Normal(0, 1)')).toEqual(['(- (- K J) 1)']);
  });
  it('in data declarations and constrained types', () => {
    expect(typeDims('data x: real[N, K + 1]')).toEqual(['N', '(+ K 1)']);
    expect(typeDims('c: ordered[K-1] ~ Normal(0, 1)')).toEqual(['(- K 1)']);
    expect(typeDims('w: simplex[K - 1] ~ Dirichlet(a)')).toEqual(['(- K 1)']);
  });
  it('at the end of a recurrence range', () => {
    const s = parse('x[t in 1:T - 1] := x[t - 1]\n').statements[0] as DefineStmt;
    expect(s.target.step && sexpr(s.target.step.end)).toBe('(- T 1)');
  });
  it('an initial row x[0] is still a number literal', () => {
    const s = parse('x[0] := 1\n').statements[0] as DefineStmt;
    expect(s.target.dims).toMatchObject([{ kind: 'number', value: 0 }]);
  });
  it('print back with the parentheses their meaning needs, and evaluate with the names given', () => {
    const d = dimsOf('z[N * (K + 1), K - (J - 1), (K - J) - 1, -(K + 1), 2 * -K] ~ Normal()');
    expect(d.map(dimText)).toEqual(['N * (K + 1)', 'K - (J - 1)', 'K - J - 1', '-(K + 1)', '2 * -K']);
    const values: Record<string, number> = { N: 2, K: 5, J: 3 };
    // 2·6 = 12, 5 − 2 = 3, 5 − 3 − 1 = 1, −6, −10
    expect(d.map((x) => evalDim(x, (n) => values[n]))).toEqual([12, 3, 1, -6, -10]);
    expect(evalDim(d[0], (n) => (n === 'N' ? 2 : undefined))).toBeUndefined();
  });
});

describe('dimensions resolve to numbers once data is bound', () => {
  const model = 'data K: int\ndata J: int\nc[K - 1] ~ Normal(0, 1)\nz[J] ~ Normal(0, 1)\n';

  it('K - 1 with K = 4 is shape [3]; a plain name stays a name in the Graph', () => {
    const g = compileModel(model, { data: { K: 4, J: 2 } });
    const c = g.get('c');
    const z = g.get('z');
    expect(c.kind === 'random' && c.dims).toEqual([3]);
    expect(z.kind === 'random' && z.dims).toEqual(['J']);
    expect(g.shapeOf('c')).toEqual([3]);
    expect(g.toString()).toContain('c[3] ~ Normal(0, 1)');
    expect(g.toString()).toContain('z[J] ~ Normal(0, 1)');
    // The printed model parses back to the same Graph.
    const back = compileModel(g.toString(), { data: { K: 4, J: 2 } });
    expect(back.toString()).toBe(g.toString());
    expect(back.shapeOf('c')).toEqual([3]);
  });

  it('a data declaration with arithmetic binds data of that shape', () => {
    const text = 'data N: int\ndata K: int\ndata x: real[N, K + 1]\nb[2 * K] ~ Normal(0, 1)\n';
    const g = compileModel(text, {
      data: {
        N: 2,
        K: 2,
        x: [
          [1, 2, 3],
          [4, 5, 6],
        ],
      },
    });
    expect(g.shapeOf('b')).toEqual([4]);
    expect(
      errorsOf(text, {
        N: 2,
        K: 2,
        x: [
          [1, 2],
          [4, 5],
        ],
      }),
    ).toEqual(["3:6: data 'x' should have shape [2, 3], got [2, 2]"]);
  });

  it('prior draws of c[K - 1] have K - 1 columns and the moments of Normal(0, 1)', () => {
    const g = compileModel(model, { data: { K: 4, J: 2 } });
    const draws = 4000;
    const prior = sampleForward(g, { draws, seed: 7 });
    expect(prior.c.shape).toEqual([draws, 3]);
    // Each column's mean has standard error 1/√4000 ≈ 0.0158; 4 standard errors is 0.063.
    for (let k = 0; k < 3; k++) {
      let m = 0;
      for (let i = 0; i < draws; i++) m += prior.c.data[i * 3 + k];
      expect(Math.abs(m / draws)).toBeLessThan(4 / Math.sqrt(draws));
    }
  });

  it('a recurrence may end at T - 1', () => {
    const g = compileModel('data T: int\nx[0] := 1\nx[t in 1:T - 1] := x[t - 1] * 2\n', { data: { T: 5 } });
    expect(g.shapeOf('x')).toEqual([4]);
    const v = compile(g).constrain([]);
    expect(Array.from(v.x.data)).toEqual([1, 2, 4, 8]);
  });

  it('stick breaking: K - 1 Beta fractions give K weights that sum to 1', () => {
    const text = [
      'data K: int',
      'v[K - 1] ~ Beta(1, 2)',
      'w := concat(v, [1]) * exp(concat([0], cumsum(log1m(v))))',
    ].join('\n');
    const g = compileModel(text, { data: { K: 5 } });
    const m = compile(g);
    expect(m.dim).toBe(4);
    const theta = [0.3, -1.2, 2.0, 0.1];
    const w = Array.from(m.constrain(theta).w.data);
    expect(w).toHaveLength(5);
    // w_k = v_k ∏_{j<k} (1 − v_j), and the last w takes what is left: the sum telescopes to 1.
    expect(w.reduce((a, b) => a + b, 0)).toBeCloseTo(1, 12);
    const v = theta.map((u) => 1 / (1 + Math.exp(-u)));
    expect(w[2]).toBeCloseTo(v[2] * (1 - v[0]) * (1 - v[1]), 12);
  });
});

describe('slice bounds and shapes may be the same integer arithmetic', () => {
  const text = [
    'data N: int',
    'data K: int',
    'data y: real[N]',
    'tail := y[K - 1:]',
    'head := y[:N - K]',
    'grid := reshape(y[:N - 1], shape=[2, K - 1])',
  ].join('\n');

  it('y[K - 1:], y[:N - K] and shape=[2, K - 1] read K once data is bound', () => {
    const g = compileModel(text, { data: { N: 5, K: 3, y: [10, 11, 12, 13, 14] } });
    const v = compile(g).constrain([]);
    expect(Array.from(v.tail.data)).toEqual([12, 13, 14]);
    expect(Array.from(v.head.data)).toEqual([10, 11]);
    expect(v.grid.shape).toEqual([2, 2]);
    expect(Array.from(v.grid.data)).toEqual([10, 11, 12, 13]);
  });

  it('a real name in a slice bound is refused; without data its value is asked for', () => {
    expect(errorsOf('data s: real\ndata y: real[3]\nz := y[s - 1:]\n')).toEqual([
      '3:10: a slice bound must be a whole number, int data, or + - * of them',
    ]);
    expect(errorsOf('data K: int\ndata y: real[3]\nz := y[K - 1:]\n')).toEqual([
      "3:8: 'K' is used as a fixed number here, so its data is needed: pass data to compileModel",
    ]);
  });
});

describe('ordered logistic regression with K - 1 cutpoints', () => {
  const text = [
    'data N: int',
    'data K: int',
    'data x: real[N]',
    'data y: int<lower=0>[N]',
    'beta ~ Normal(0, 1)',
    'c: ordered[K - 1] ~ Normal(0, 5)',
    'q := inv_logit(reshape(beta * x, shape=[N, 1]) - c)     // P(y > k)',
    'p := concat(broadcast_to(1, shape=[N, 1]), q, axis=1) - concat(q, broadcast_to(0, shape=[N, 1]), axis=1)',
    'y ~ Categorical(p)',
  ].join('\n');
  const data = { N: 4, K: 4, x: [0.5, -1, 2, 0], y: [0, 3, 2, 1] };

  it('has the log-density of Stan ordered_logistic, derived by hand', () => {
    const m = compile(compileModel(text, { data }));
    expect(m.layout.map((p) => [p.name, p.shape, p.constraint])).toEqual([
      ['beta', [], 'identity'],
      ['c', [3], 'ordered'],
    ]);
    const theta = [0.4, -0.7, 0.2, -0.5];
    // The ordered bijector: c0 = u0, c_k = c_{k−1} + exp(u_k); log|J| = u1 + u2.
    const beta = theta[0];
    const c = [theta[1], theta[1] + Math.exp(theta[2]), theta[1] + Math.exp(theta[2]) + Math.exp(theta[3])];
    const logJac = theta[2] + theta[3];
    const normal = (v: number, s: number) => -0.5 * (v / s) ** 2 - Math.log(s) - 0.5 * Math.log(2 * Math.PI);
    const invLogit = (z: number) => 1 / (1 + Math.exp(-z));
    let lp = normal(beta, 1) + c.reduce((a, ck) => a + normal(ck, 5), 0) + logJac;
    data.y.forEach((yn, n) => {
      // P(y = k) = P(y > k − 1) − P(y > k), with P(y > −1) = 1 and P(y > K − 1) = 0.
      const above = (k: number) => (k < 0 ? 1 : k >= 3 ? 0 : invLogit(beta * data.x[n] - c[k]));
      lp += Math.log(above(yn - 1) - above(yn));
    });
    expect(m.logDensity(theta)).toBeCloseTo(lp, 10);
  });

  it('the same model with the number written in equals it node for node', () => {
    const a = compileModel(text, { data });
    const b = compileModel(text.replace('ordered[K - 1]', 'ordered[3]'), { data });
    expect(a.toString()).toBe(b.toString());
  });
});

describe('dimension errors', () => {
  it('names in a dimension must be scalar int data, with suggestions for typos', () => {
    expect(
      errorsOf('data Nobs: int\ndata s: real\nc[Nbos - 1] ~ Normal(0, 1)\nd[s + 1] ~ Normal()\n'),
    ).toEqual([
      "3:3: unknown dimension 'Nbos' (did you mean Nobs?)",
      "4:3: dimension 's' must be int data, but 's' is declared real",
    ]);
    expect(errorsOf('mu ~ Normal()\nz[2 * mu] ~ Normal()\n')).toEqual([
      "2:7: dimension 'mu' must be int data, but 'mu' is a random node",
    ]);
  });

  it('literals must be whole and constant arithmetic must not be negative', () => {
    expect(errorsOf('data K: int\nc[K - 1.5] ~ Normal(0, 1)\nd[2 - 3] ~ Normal()\n')).toEqual([
      '2:7: a dimension is integer arithmetic, but 1.5 is not a whole number',
      '3:5: a dimension must be ≥ 0, but 2 - 3 = -1',
    ]);
  });

  it('only + - * and parentheses: division, powers, calls and indexing are refused with a reason', () => {
    const rule = 'a dimension is whole numbers and int data joined by +, - and *';
    expect(errorsOf('data K: int\nc[K / 2] ~ Normal()\nd[K ^ 2] ~ Normal()\n')).toEqual([
      `2:5: '/' cannot appear in a dimension (dopl has no integer division): ${rule}`,
      `3:5: '^' cannot appear in a dimension: ${rule}`,
    ]);
    expect(errorsOf('data K: int[2]\nc[sqrt(K)] ~ Normal()\nd[K[0]] ~ Normal()\n')).toEqual([
      `2:3: a call to sqrt(…) cannot appear in a dimension: ${rule}`,
      `3:4: indexing cannot appear in a dimension: ${rule}`,
    ]);
    expect(errorsOf('data T: int\nz[T -] ~ Normal()\n')).toEqual([
      "2:6: expected a dimension after '-', found ']'",
    ]);
  });

  it('with data: a negative dimension, an empty simplex and a recurrence shorter than its rows', () => {
    expect(errorsOf('data K: int\nc[K - 5] ~ Normal(0, 1)\n', { K: 4 })).toEqual([
      '2:5: a dimension must be ≥ 0, but K - 5 = -1 (K = 4)',
    ]);
    expect(errorsOf('data K: int\nw: simplex[K - 1] ~ Dirichlet(a=[1])\n', { K: 1 })).toEqual([
      '2:14: the size of a simplex must be ≥ 1, but K - 1 = 0 (K = 1)',
    ]);
    expect(errorsOf('data K: int\nw: simplex[K] ~ Dirichlet(a=[1])\n', { K: 0 })).toEqual([
      '2:12: the size of a simplex must be ≥ 1, but K = 0',
    ]);
    expect(errorsOf('data T: int\nx[0] := 1\nx[t in 1:T - 1] := x[t - 1]\n', { T: 1 })).toEqual([
      "3:12: recurrence 'x' has 1 initial row, so its length must be ≥ 1, but T - 1 = 0 (T = 1)",
    ]);
  });

  it('data that fails its own declaration is reported once, not again in the dimensions it sizes', () => {
    const text = 'data K: int<lower=2>\ndata y: real[K - 1]\nc[K - 1] ~ Normal(0, 1)\n';
    expect(errorsOf(text, { K: 2.5, y: [1] })).toEqual(["1:6: data 'K' is declared int but holds 2.5"]);
    expect(errorsOf(text, { K: 1, y: [] })).toEqual([
      "1:6: data 'K' holds 1, outside its declared bounds [2, inf]",
    ]);
    expect(errorsOf(text, { y: [1] })).toEqual([
      "1:6: data 'K' is missing from the data (declared here as int<lower=…>)",
    ]);
  });

  it('without data the arithmetic needs the value; for the declarations only it is a placeholder', () => {
    const text = 'data K: int\nc[K - 1] ~ Normal(0, 1)\n';
    expect(errorsOf(text)).toEqual([
      "2:3: 'K' is used as a fixed number here, so its data is needed: pass data to compileModel",
    ]);
    expect(errorsOf(text, undefined, true)).toEqual([]);
  });
});
