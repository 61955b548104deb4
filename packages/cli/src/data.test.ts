import { compileModel } from '@dopl/dsl';
import { afterAll, describe, expect, it } from 'vitest';
import { dataDeclarations, loadData, parseCsv } from './data.js';
import { CliError } from './errors.js';
import { fixtureDir, removeFixtures } from './test-util.js';

afterAll(removeFixtures);

const message = (f: () => unknown) => {
  try {
    f();
  } catch (err) {
    expect(err).toBeInstanceOf(CliError);
    // The first line; a place in a file is followed by its source line and a caret.
    return (err as Error).message.split('\n')[0];
  }
  throw new Error('expected an error');
};

describe('parseCsv', () => {
  it('reads a header and numeric columns (quotes, CRLF, BOM, spaces, trailing blank lines)', () => {
    const t = parseCsv('\ufeff"x", y\r\n1, -2.5\r\n"3",4e-1\r\n\r\n', 'd.csv');
    expect(t.names).toEqual(['x', 'y']);
    expect(t.rows).toBe(2);
    expect(t.columns.get('x')).toEqual([1, 3]);
    expect(t.columns.get('y')).toEqual([-2.5, 0.4]);
    expect(t.header.get('y')).toEqual({ line: 1, col: 5 });
  });

  it('reads tab-separated files', () => {
    expect(parseCsv('a\tb\n1\t2\n', 'd.tsv').columns.get('b')).toEqual([2]);
  });

  it('reports what is wrong with file:line:col', () => {
    expect(message(() => parseCsv('', 'd.csv'))).toBe(
      'd.csv:1:1: the file is empty (expected a header row of names)',
    );
    expect(message(() => parseCsv('y\n1\nabc\n', 'd.csv'))).toBe(
      "d.csv:3:1: 'abc' in column 'y' is not a number",
    );
    expect(message(() => parseCsv('x,y\n1,NaN\n', 'd.csv'))).toBe(
      "d.csv:2:3: value in column 'y' is NaN, not a number",
    );
    expect(message(() => parseCsv('x,y\n1,NA\n', 'd.csv'))).toBe(
      "d.csv:2:3: value in column 'y' is NA (a missing value), not a number",
    );
    expect(message(() => parseCsv('x,y\n1,-Inf\n', 'd.csv'))).toBe(
      "d.csv:2:3: value in column 'y' is -Inf, not a finite number",
    );
    expect(message(() => parseCsv('x,y\n1,\n', 'd.csv'))).toBe("d.csv:2:3: empty value in column 'y'");
    expect(message(() => parseCsv('x,y\n1\n', 'd.csv'))).toBe(
      'd.csv:2:2: row has 1 value, but the header has 2 columns',
    );
    expect(message(() => parseCsv('x\n1\n\n2\n', 'd.csv'))).toMatch(/^d\.csv:3:1: empty line between rows/);
    expect(message(() => parseCsv('x,x\n1,2\n', 'd.csv'))).toBe(
      "d.csv:1:3: column 'x' appears twice in the header",
    );
    expect(message(() => parseCsv('1,2\n3,4\n', 'd.csv'))).toMatch(
      /^d\.csv:1:1: the first row must be a header/,
    );
    expect(message(() => parseCsv('x,\n1,2\n', 'd.csv'))).toBe('d.csv:1:3: empty column name in the header');
    expect(message(() => parseCsv('"x\n1\n', 'd.csv'))).toBe('d.csv:1:1: unterminated quoted value');
  });
});

describe('loadData', () => {
  const graph = compileModel(
    'data N: int\ndata x: real[N]\ndata y: real[N]\ndata s: real\nmu ~ Normal(0, 1)\ny ~ Normal(mu + x, s)\n',
  );
  const declared = dataDeclarations(graph);

  it('finds the data declarations, observed ones included', () => {
    expect([...declared.keys()].sort()).toEqual(['N', 's', 'x', 'y']);
    expect(declared.get('y')).toEqual(['N']);
  });

  it('merges JSON and CSV files and reads dimensions off CSV columns', () => {
    const dir = fixtureDir({ 'a.csv': 'x,y\n1,2\n3,4\n5,6\n', 'b.json': '{ "s": 2 }' });
    const loaded = loadData([`${dir}/a.csv`, `${dir}/b.json`], declared);
    expect(loaded.dataFile?.file).toBe(`${dir}/b.json`);
    expect(loaded.values).toEqual({ x: [1, 3, 5], y: [2, 4, 6], N: 3 });
    const g = compileModel(graph.toString(), { dataFile: loaded.dataFile, data: loaded.values });
    expect(g.shapeOf('y')).toEqual([3]);
  });

  it('rejects a name given twice and columns the model does not declare', () => {
    const dir = fixtureDir({ 'a.csv': 'x\n1\n', 'b.csv': 'x\n2\n', 'c.csv': 'x,mu\n1,2\n' });
    expect(message(() => loadData([`${dir}/a.csv`, `${dir}/b.csv`], declared))).toBe(
      `${dir}/b.csv:1:1: 'x' is also given in ${dir}/a.csv`,
    );
    expect(message(() => loadData([`${dir}/c.csv`], declared))).toBe(
      `${dir}/c.csv:1:3: column 'mu' is not declared as data in the model (its data: N, x, s, y)`,
    );
    expect(message(() => loadData([`${dir}/none.json`], declared))).toBe(
      `${dir}/none.json: no such file or directory`,
    );
  });
});
