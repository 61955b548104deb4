import { DiagnosticError, SourceFile } from './errors.js';

// Data files: a JSON object of name → number or nested array. Parsed by hand so that a bad value
// can be reported at its line and column; NaN and Infinity (which JSON lacks, but which other
// tools write) are read so that they can be reported by name rather than as a syntax error.

export interface DataFile {
  readonly source: SourceFile;
  readonly values: Record<string, unknown>;
  /**
   * Positions by path — 'y' (the key), 'y[2]', 'X[1][0]' — of the keys, of every array, and of
   * every value that is not a finite number. Other numbers are not recorded (data can be large).
   */
  readonly positions: ReadonlyMap<string, { line: number; col: number }>;
}

/**
 * Reads a JSON data file.
 *
 * ```ts
 * const d = parseDataJson('{ "J": 2 }', 'data.json');
 * d.values.J === 2; d.positions.get('J')!.line === 1;
 * ```
 */
export function parseDataJson(text: string, file: string): DataFile {
  const source = new SourceFile(file, text);
  const lineStarts = [0];
  for (let i = 0; i < text.length; i++) if (text[i] === '\n') lineStarts.push(i + 1);
  const where = (offset: number) => {
    let lo = 0;
    let hi = lineStarts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (lineStarts[mid] <= offset) lo = mid;
      else hi = mid - 1;
    }
    return { line: lo + 1, col: offset - lineStarts[lo] + 1 };
  };
  const positions = new Map<string, { line: number; col: number }>();
  let i = 0;

  const fail = (message: string): never => {
    const p = where(Math.min(i, text.length));
    throw new DiagnosticError([source.diagnostic(p.line, p.col, message)]);
  };
  const found = () => (i >= text.length ? 'the end of the file' : `'${text[i]}'`);
  const space = () => {
    while (i < text.length && /\s/.test(text[i])) i++;
  };
  const expect = (ch: string, what: string) => {
    space();
    if (text[i] !== ch) fail(`expected ${what}, found ${found()}`);
    i++;
  };

  function string(): string {
    const start = i;
    const m = /^"(?:[^"\\\n]|\\.)*"/.exec(text.slice(i));
    if (!m) fail(`expected a string, found ${found()}`);
    i += m![0].length;
    try {
      return JSON.parse(m![0]);
    } catch {
      i = start;
      return fail('invalid string');
    }
  }

  function value(path: string): unknown {
    space();
    const start = i;
    const ch = text[i];
    if (ch === '[') {
      // A key keeps its own position; nested arrays get theirs.
      if (!positions.has(path)) positions.set(path, where(start));
      i++;
      const out: unknown[] = [];
      space();
      if (text[i] === ']') {
        i++;
        return out;
      }
      for (;;) {
        out.push(value(`${path}[${out.length}]`));
        space();
        if (text[i] === ',') i++;
        else if (text[i] === ']') {
          i++;
          return out;
        } else fail(`expected ',' or ']', found ${found()}`);
      }
    }
    if (ch === '{') return object(path);
    if (ch === '"') {
      positions.set(path, where(start));
      return string();
    }
    const m = /^(?:-?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?|-?Infinity|NaN|true|false|null)/.exec(
      text.slice(i),
    );
    if (!m) return fail(`expected a number, an array or an object, found ${found()}`);
    i += m[0].length;
    const word = m[0];
    const v = word === 'true' ? true : word === 'false' ? false : word === 'null' ? null : Number(word);
    if (typeof v !== 'number' || !Number.isFinite(v)) positions.set(path, where(start));
    return v;
  }

  function object(path: string): Record<string, unknown> {
    if (path) positions.set(path, where(i));
    expect('{', "'{'");
    const out: Record<string, unknown> = {};
    space();
    if (text[i] === '}') {
      i++;
      return out;
    }
    for (;;) {
      space();
      const keyAt = where(i);
      const keyStart = i;
      const key = string();
      const full = path ? `${path}.${key}` : key;
      if (Object.hasOwn(out, key)) {
        // JSON.parse would keep the last silently; which one was meant is the user's to say.
        const first = positions.get(full)!;
        i = keyStart;
        fail(`'${key}' is given twice in this object (first at ${first.line}:${first.col})`);
      }
      positions.set(full, keyAt);
      expect(':', "':'");
      out[key] = value(full);
      space();
      if (text[i] === ',') i++;
      else if (text[i] === '}') {
        i++;
        return out;
      } else fail(`expected ',' or '}', found ${found()}`);
    }
  }

  space();
  if (text[i] !== '{') fail(`a data file holds a JSON object of name: value, found ${found()}`);
  const values = object('');
  space();
  if (i < text.length) fail(`expected the end of the file, found ${found()}`);
  return { source, values, positions };
}
