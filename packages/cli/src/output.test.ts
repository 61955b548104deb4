import { existsSync, mkdirSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { CliError } from './errors.js';
import { checkOutputDir, writeFilesAtomically } from './output.js';
import { fixtureDir, removeFixtures } from './test-util.js';

afterAll(removeFixtures);

describe('writeFilesAtomically', () => {
  it('creates the directory and writes every file', () => {
    const dir = join(fixtureDir({}), 'a', 'b');
    const paths = writeFilesAtomically(dir, [
      { name: 'one.txt', content: '1' },
      { name: 'two.txt', content: '2' },
    ]);
    expect(paths).toEqual([join(dir, 'one.txt'), join(dir, 'two.txt')]);
    expect(readdirSync(dir).sort()).toEqual(['one.txt', 'two.txt']);
    expect(readFileSync(join(dir, 'two.txt'), 'utf8')).toBe('2');
  });

  it('replaces existing files', () => {
    const dir = fixtureDir({ 'one.txt': 'old' });
    writeFilesAtomically(dir, [{ name: 'one.txt', content: 'new' }]);
    expect(readFileSync(join(dir, 'one.txt'), 'utf8')).toBe('new');
  });

  it('leaves nothing behind when a file cannot be written', () => {
    const dir = fixtureDir({});
    expect(() =>
      writeFilesAtomically(dir, [
        { name: 'one.txt', content: '1' },
        { name: join('missing', 'two.txt'), content: '2' },
      ]),
    ).toThrow(CliError);
    expect(readdirSync(dir)).toEqual([]);
  });
});

describe('checkOutputDir', () => {
  it('accepts a directory or a path to create, and rejects a file', () => {
    const dir = fixtureDir({ 'file.txt': 'x' });
    mkdirSync(join(dir, 'sub'));
    expect(() => checkOutputDir(join(dir, 'sub'))).not.toThrow();
    expect(() => checkOutputDir(join(dir, 'new'))).not.toThrow();
    expect(existsSync(join(dir, 'new'))).toBe(false);
    expect(() => checkOutputDir(join(dir, 'file.txt'))).toThrow(/exists and is not a directory/);
  });
});
