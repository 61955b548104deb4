import { describe, expect, it } from 'vitest';
import { parseDataJson } from './data-json.js';
import { DiagnosticError } from './errors.js';

describe('data files', () => {
  it('reads JSON values and records where keys and arrays are', () => {
    const d = parseDataJson('{\n  "J": 3,\n  "y": [1, 2.5, -3e2]\n}\n', 'data.json');
    expect(d.values).toEqual({ J: 3, y: [1, 2.5, -300] });
    expect(d.positions.get('y')).toEqual({ line: 3, col: 3 });
    expect(d.positions.get('y[0]')).toBeUndefined();
  });
  it('reads NaN and Infinity, which JSON lacks, so they can be reported at their place', () => {
    const d = parseDataJson('{ "y": [1, NaN, -Infinity] }', 'data.json');
    expect(d.values.y).toEqual([1, Number.NaN, Number.NEGATIVE_INFINITY]);
    expect(d.positions.get('y[1]')).toEqual({ line: 1, col: 12 });
  });
  it('reports a syntax error at its line and column', () => {
    expect(() => parseDataJson('{\n  "J": 3\n  "y": 1\n}', 'd.json')).toThrow(
      new DiagnosticError([
        {
          file: 'd.json',
          line: 3,
          col: 3,
          message: "expected ',' or '}', found '\"'",
          sourceLine: '  "y": 1',
        },
      ]),
    );
  });
});
