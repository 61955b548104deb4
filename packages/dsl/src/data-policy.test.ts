import { compile } from '@dopl/core';
import { describe, expect, it } from 'vitest';
import { compileModel } from './compile.js';
import { DiagnosticError } from './errors.js';

// Two rules the posteriordb translations need: data files may carry variables the model does not
// declare (ignored unless they look like a typo of a declared name), and shape attributes may
// mix numbers and int data (`reshape(x, shape=[N, 1])`).

const errorsOf = (text: string, data: Record<string, unknown>): string[] => {
  try {
    compileModel(text, { data, file: 'm.dopl' });
  } catch (e) {
    if (e instanceof DiagnosticError) return e.diagnostics.map((d) => `${d.line}:${d.col}: ${d.message}`);
    throw e;
  }
  return [];
};

const MODEL = 'data N: int\ndata mom_iq: real[N]\nmu ~ Normal(0, 1)\nmom_iq ~ Normal(mu, 1)\n';

describe('data names the model does not declare', () => {
  it('are ignored when they do not look like a declared name (posteriordb kidiq carries mom_hs, mom_iq_new)', () => {
    const data = { N: 2, mom_iq: [0.5, 1.5], mom_hs: [1, 0], mom_iq_new: [3], year: 2000 };
    expect(errorsOf(MODEL, data)).toEqual([]);
    // The extra names change nothing: the same graph as without them (log density at mu = 0.3:
    // two N(x | 0.3, 1) terms and the N(0.3 | 0, 1) prior).
    const m = compile(compileModel(MODEL, { data }));
    const lp = -0.5 * (0.2 ** 2 + 1.2 ** 2 + 0.3 ** 2) - 1.5 * Math.log(2 * Math.PI);
    expect(m.logDensity([0.3])).toBeCloseTo(lp, 12);
  });

  // Data given as an object has no positions (a data file's have: see test/errors).
  it('are reported when one edit away from a declared name, even if that name is given too', () => {
    expect(errorsOf(MODEL, { N: 2, mom_iq: [0.5, 1.5], mom_iqq: [1, 2] })).toEqual([
      "0:0: data 'mom_iqq' does not match any name in the model (did you mean mom_iq?)",
    ]);
  });

  it('are reported when they resemble a declared name the data does not give', () => {
    expect(errorsOf(MODEL, { N: 2, mom_hs: [0.5, 1.5] })).toEqual([
      "2:6: data 'mom_iq' is missing from the data (declared here as real[N])",
      "0:0: data 'mom_hs' does not match any name in the model (did you mean mom_iq?)",
    ]);
  });
});

describe('shape attributes with int data', () => {
  it('reshape(x, shape=[N, 1]) reads N from the data', () => {
    const g = compileModel('data N: int\ndata x: real[N]\nd := x - reshape(x, shape=[N, 1])\n', {
      data: { N: 3, x: [1, 2, 4] },
    });
    const node = g.get('d');
    if (node.kind !== 'deterministic') throw new Error('d is not deterministic');
    const v = compile(g).constrain([]).d;
    expect(v.shape).toEqual([3, 3]);
    // d[i, j] = x[j] − x[i]
    expect([...v.data]).toEqual([0, 1, 3, -1, 0, 2, -3, -2, 0]);
  });

  it('a list naming something other than int data is an error at the list', () => {
    expect(errorsOf('data x: real[3]\nd := reshape(x, shape=[x, 1])\n', { x: [1, 2, 3] })).toEqual([
      "2:23: keyword argument 'shape' of reshape must be a number, true, false, null, a list of numbers or int data",
    ]);
  });
});

describe('compiling without data', () => {
  const SLICED =
    'data N: int\ndata K: int\ndata y: real[N]\nmu ~ Normal(0, 1)\ntail ~ Normal(mu, 1) observes y[K:]\n';

  it('reports int data used as a fixed number, unless only the declarations are wanted', () => {
    expect(() => compileModel(SLICED)).toThrow(/'K' is used as a fixed number here/);
    const g = compileModel(SLICED, { declarationsOnly: true });
    expect(g.nodes.filter((n) => n.kind === 'data').map((n) => n.name)).toEqual(['N', 'K', 'y']);
    // With data the slice reads K: tail observes y[2:] = [3, 4].
    const bound = compileModel(SLICED, { data: { N: 4, K: 2, y: [1, 2, 3, 4] } });
    const m = compile(bound);
    const lp = -0.5 * (0 + 3 ** 2 + 4 ** 2) - 1.5 * Math.log(2 * Math.PI);
    expect(m.logDensity([0])).toBeCloseTo(lp, 12);
  });
});
