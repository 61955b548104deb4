import { describe, expect, it } from 'vitest';
import { closest, editDistance } from './suggest.js';

describe('did you mean', () => {
  it('edit distance counts an adjacent swap as one edit', () => {
    expect(editDistance('tua', 'tau')).toBe(1);
    expect(editDistance('kitten', 'sitting')).toBe(3);
  });
  it('suggests the closest name within a third of its letters', () => {
    expect(closest('HalfNormall', ['Normal', 'HalfNormal', 'HalfCauchy'])).toBe('HalfNormal');
    expect(closest('sigmma', ['sigma', 'mu'])).toBe('sigma');
    expect(closest('zzzzzz', ['sigma', 'mu'])).toBeUndefined();
  });
  it('a difference of case alone is the best suggestion', () => {
    expect(closest('normal', ['Normal', 'formal'])).toBe('Normal');
  });
  it('short names get no guesses beyond case', () => {
    expect(closest('t', ['a', 'b'])).toBeUndefined();
    expect(closest('mu', ['nu'])).toBeUndefined();
  });
});
