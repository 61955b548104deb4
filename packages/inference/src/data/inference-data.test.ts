import { describe, expect, it } from 'vitest';
import { concatDraws, elementNames, fromDraws, unravelIndex, variableDraws } from './inference-data.js';

// Two chains, three draws; beta has shape [2], L shape [2, 2]. Values encode (chain, draw, element).
function code(c: number, d: number, k: number): number {
  return 100 * c + 10 * d + k;
}
function chainValues(c: number, draws: number, size: number): Float64Array {
  const out = new Float64Array(draws * size);
  for (let d = 0; d < draws; d++) for (let k = 0; k < size; k++) out[d * size + k] = code(c, d, k);
  return out;
}

describe('fromDraws', () => {
  const chains = [0, 1].map((c) => ({
    values: { mu: chainValues(c, 3, 1), beta: chainValues(c, 3, 2), L: chainValues(c, 3, 4) },
    stats: { diverging: Float64Array.of(0, c, 0) },
  }));
  const idata = fromDraws(chains, { beta: [2], L: [2, 2] }, { attrs: { seed: 7 } });

  it('stacks chains into [chain, draw, ...shape]', () => {
    expect(idata.posterior!.mu.shape).toEqual([2, 3]);
    expect(idata.posterior!.beta.shape).toEqual([2, 3, 2]);
    expect(idata.posterior!.L.shape).toEqual([2, 3, 2, 2]);
    // Row-major: element (c, d, i, j) at ((c·3 + d)·2 + i)·2 + j.
    expect(idata.posterior!.L.data[((1 * 3 + 2) * 2 + 1) * 2 + 0]).toBe(code(1, 2, 2));
    expect(idata.sample_stats!.diverging.shape).toEqual([2, 3]);
    expect(Array.from(idata.sample_stats!.diverging.data)).toEqual([0, 0, 0, 0, 1, 0]);
  });

  it('records attrs', () => {
    expect(idata.attrs.inference_library).toBe('dopl');
    expect(idata.attrs.seed).toBe(7);
    expect(Number.isNaN(Date.parse(idata.attrs.created_at))).toBe(false);
  });

  it('variableDraws gives one array per chain for an element', () => {
    const draws = variableDraws(idata, 'posterior', 'L', 3);
    expect(draws.map((c) => Array.from(c))).toEqual([
      [code(0, 0, 3), code(0, 1, 3), code(0, 2, 3)],
      [code(1, 0, 3), code(1, 1, 3), code(1, 2, 3)],
    ]);
    expect(() => variableDraws(idata, 'posterior', 'L', 4)).toThrow(RangeError);
    expect(() => variableDraws(idata, 'posterior', 'nope')).toThrow(/no variable nope/);
  });

  it('rejects chains that disagree', () => {
    expect(() =>
      fromDraws([{ values: { a: new Float64Array(3) } }, { values: { a: new Float64Array(4) } }], {}),
    ).toThrow(RangeError);
    expect(() => fromDraws([{ values: { a: new Float64Array(3) } }], { a: [2] })).toThrow(/whole number/);
  });
});

describe('elementNames', () => {
  it('names scalars, vectors and matrices row-major, 0-based', () => {
    expect(elementNames('mu', [])).toEqual(['mu']);
    expect(elementNames('beta', [3])).toEqual(['beta[0]', 'beta[1]', 'beta[2]']);
    expect(elementNames('L', [2, 2])).toEqual(['L[0,0]', 'L[0,1]', 'L[1,0]', 'L[1,1]']);
    expect(elementNames('x', [2, 1, 2])).toEqual(['x[0,0,0]', 'x[0,0,1]', 'x[1,0,0]', 'x[1,0,1]']);
    expect(unravelIndex(5, [2, 3])).toEqual([1, 2]);
  });
});

describe('concatDraws', () => {
  const make = (offset: number, draws: number) =>
    fromDraws(
      [0, 1].map((c) => ({ values: { beta: chainValues(c + offset, draws, 2) } })),
      { beta: [2] },
    );

  it('joins along chains', () => {
    const joined = concatDraws([make(0, 3), make(2, 3)], 'chain');
    expect(joined.posterior!.beta.shape).toEqual([4, 3, 2]);
    expect(Array.from(variableDraws(joined, 'posterior', 'beta', 1)[3])).toEqual([
      code(3, 0, 1),
      code(3, 1, 1),
      code(3, 2, 1),
    ]);
  });

  it('joins along draws', () => {
    const joined = concatDraws([make(0, 2), make(0, 3)], 'draw');
    expect(joined.posterior!.beta.shape).toEqual([2, 5, 2]);
    expect(Array.from(variableDraws(joined, 'posterior', 'beta', 0)[1])).toEqual([
      code(1, 0, 0),
      code(1, 1, 0),
      code(1, 0, 0),
      code(1, 1, 0),
      code(1, 2, 0),
    ]);
  });

  it('refuses mismatched fits', () => {
    expect(() => concatDraws([make(0, 2), make(0, 3)], 'chain')).toThrow(/numbers of draws differ/);
  });
});
