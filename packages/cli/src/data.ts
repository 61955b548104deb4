import { readFileSync } from 'node:fs';
import type { Dim, Graph } from '@dopl/core';
import { formatDiagnostic, parseDataJson } from '@dopl/dsl';
import { CliError, didYouMean, fsReason } from './errors.js';

// Data files for `--data`: JSON (`{ name: number | nested arrays }`, read by the language's own
// reader so that bad values are reported at their line) or CSV (a header row of names, one column
// per vector data name, numbers only). The values are checked against the model's declarations
// by `compileModel`; this module reports what only the file format can tell (syntax, text cells,
// columns the model does not declare) as `file:line:col: message`.

/** The model's data declarations: name → declared dims (names of int data or numbers). */
export function dataDeclarations(graph: Graph): Map<string, readonly Dim[]> {
  const out = new Map<string, readonly Dim[]>();
  for (const n of graph.nodes) {
    if (n.kind === 'data') out.set(n.name, n.dims);
    else if (n.kind === 'random' && n.data) out.set(n.name, n.data.dims);
  }
  return out;
}

/** Reads a text file, with the reason in plain words when it cannot be read. */
export function readText(path: string): string {
  try {
    return readFileSync(path, 'utf8');
  } catch (err) {
    throw new CliError(`${path}: ${fsReason(err)}`);
  }
}

export interface CsvTable {
  readonly file: string;
  /** Column names in header order. */
  readonly names: readonly string[];
  readonly columns: ReadonlyMap<string, number[]>;
  /** Position of each name in the header. */
  readonly header: ReadonlyMap<string, { line: number; col: number }>;
  readonly rows: number;
  /** Reports an error at a place in the file, with its line and a caret. */
  readonly fail: Fail;
}

interface Cell {
  text: string;
  quoted: boolean;
  line: number;
  col: number;
}

const NUMBER = /^[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?$/;

/** Records of cells, honouring double quotes ("" inside quotes is a quote). */
function csvRecords(text: string, fail: Fail, delimiter: string): Cell[][] {
  const records: Cell[][] = [];
  let record: Cell[] = [];
  let line = 1;
  let col = 1;
  let i = 0;
  while (i <= text.length) {
    const start = { line, col };
    let value = '';
    let quoted = false;
    // Leading spaces before an opening quote are allowed.
    let j = i;
    while (text[j] === ' ' || text[j] === '\t') j++;
    if (text[j] === '"' && delimiter !== text[j]) {
      quoted = true;
      col += j - i + 1;
      i = j + 1;
      for (;;) {
        if (i >= text.length) fail(start.line, start.col, 'unterminated quoted value');
        const ch = text[i];
        if (ch === '"') {
          if (text[i + 1] === '"') {
            value += '"';
            i += 2;
            col += 2;
            continue;
          }
          i++;
          col++;
          break;
        }
        if (ch === '\n') {
          line++;
          col = 1;
        } else col++;
        value += ch;
        i++;
      }
      while (text[i] === ' ' || text[i] === '\t') {
        i++;
        col++;
      }
      if (i < text.length && text[i] !== delimiter && text[i] !== '\n' && text[i] !== '\r') {
        fail(line, col, `expected '${delimiter}' or the end of the line after a quoted value`);
      }
    } else {
      while (i < text.length && text[i] !== delimiter && text[i] !== '\n' && text[i] !== '\r') {
        value += text[i];
        i++;
        col++;
      }
    }
    record.push({ text: value, quoted, line: start.line, col: start.col });
    if (i < text.length && text[i] === delimiter) {
      i++;
      col++;
      continue;
    }
    // End of a line (or of the text).
    if (text[i] === '\r') i++;
    if (text[i] === '\n') i++;
    records.push(record);
    record = [];
    line++;
    col = 1;
    if (i >= text.length) break;
  }
  return records;
}

const isBlank = (r: Cell[]) => r.length === 1 && !r[0].quoted && r[0].text.trim() === '';

/** A value that is not a finite number, described: `is NaN`, `is empty`, `'abc' … is not a number`. */
function cellProblem(raw: string, column: string): string | undefined {
  const t = raw.trim();
  if (NUMBER.test(t)) return undefined;
  if (t === '') return `empty value in column '${column}'`;
  const lower = t.toLowerCase();
  if (lower === 'nan') return `value in column '${column}' is NaN, not a number`;
  if (lower === 'na' || lower === 'null' || lower === 'none')
    return `value in column '${column}' is ${t} (a missing value), not a number`;
  if (/^[+-]?(inf|infinity)$/.test(lower)) return `value in column '${column}' is ${t}, not a finite number`;
  return `'${t}' in column '${column}' is not a number`;
}

/** Throws `file:line:col: message` with the line and a caret under the column. */
type Fail = (line: number, col: number, message: string) => never;

/** A place in a data file, and how to report an error there. */
interface Place {
  readonly line: number;
  readonly col: number;
  readonly fail: Fail;
}

function failIn(text: string, file: string): Fail {
  const lines = text.split('\n');
  return (line, col, message) => {
    const sourceLine = (lines[line - 1] ?? '').replace(/\r$/, '');
    throw new CliError(formatDiagnostic({ file, line, col, message, sourceLine }));
  };
}

/**
 * Reads a CSV data file: a header row of names, then one row per observation, numbers only.
 * Comma-separated (tab-separated when the header has tabs and no commas).
 */
export function parseCsv(text: string, file: string): CsvTable {
  if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
  const fail = failIn(text, file);
  const firstLine = text.slice(0, text.search(/\r?\n|$/));
  const delimiter = !firstLine.includes(',') && firstLine.includes('\t') ? '\t' : ',';
  const records = csvRecords(text, fail, delimiter);
  while (records.length > 0 && isBlank(records[records.length - 1])) records.pop();
  if (records.length === 0) fail(1, 1, 'the file is empty (expected a header row of names)');

  const headerCells = records[0];
  const names: string[] = [];
  const header = new Map<string, { line: number; col: number }>();
  for (const cell of headerCells) {
    const name = cell.text.trim();
    if (name === '') fail(cell.line, cell.col, 'empty column name in the header');
    if (NUMBER.test(name)) {
      fail(cell.line, cell.col, `the first row must be a header of data names, found the number ${name}`);
    }
    if (header.has(name)) fail(cell.line, cell.col, `column '${name}' appears twice in the header`);
    names.push(name);
    header.set(name, { line: cell.line, col: cell.col });
  }

  const columns = new Map<string, number[]>(names.map((n) => [n, []]));
  const body = records.slice(1);
  for (const [k, record] of body.entries()) {
    const line = record[0].line;
    if (isBlank(record)) {
      fail(
        line,
        1,
        `empty line between rows${k === 0 ? '' : ` (after row ${k})`}; every row needs a value in each column`,
      );
    }
    if (record.length !== names.length) {
      // Too many: at the first extra value; too few: just after the last one.
      const last = record[record.length - 1];
      const col = record.length > names.length ? record[names.length].col : last.col + last.text.length;
      fail(
        line,
        col,
        `row has ${record.length} value${record.length === 1 ? '' : 's'}, but the header has ${names.length} column${names.length === 1 ? '' : 's'}`,
      );
    }
    record.forEach((cell, j) => {
      const problem = cellProblem(cell.text, names[j]);
      if (problem) fail(cell.line, cell.col, problem);
      columns.get(names[j])!.push(Number(cell.text.trim()));
    });
  }
  return { file, names, columns, header, rows: body.length, fail };
}

export interface LoadedData {
  /** The data files, as given. */
  readonly files: readonly string[];
  /** The first JSON file, handed to `compileModel` whole so its errors point into it. */
  readonly dataFile?: { readonly file: string; readonly text: string };
  /** Every other value: from other JSON files, CSV columns and dimensions read off CSV columns. */
  readonly values: Record<string, unknown>;
}

const isCsv = (path: string, text: string) =>
  /\.(csv|tsv)$/i.test(path) || (!/\.json$/i.test(path) && !text.trimStart().startsWith('{'));

/**
 * Reads the `--data` files. A name may be given by one file only. A CSV column declared as
 * `real[N]` also gives `N` (its number of rows) when no file gives `N`.
 */
export function loadData(
  paths: readonly string[],
  declared: ReadonlyMap<string, readonly Dim[]>,
): LoadedData {
  let dataFile: { file: string; text: string } | undefined;
  const values: Record<string, unknown> = {};
  const from = new Map<string, string>();
  /** `at` places the name in its file (a JSON key, a CSV header cell) for the message. */
  const give = (name: string, value: unknown, file: string, at?: Place) => {
    const other = from.get(name);
    if (other !== undefined) {
      const message = other === file ? `'${name}' is given twice` : `'${name}' is also given in ${other}`;
      if (at) at.fail(at.line, at.col, message);
      throw new CliError(`${file}: ${message}`);
    }
    from.set(name, file);
    values[name] = value;
  };
  const tables: CsvTable[] = [];
  const matrixColumns = new Map<string, number>();

  for (const path of paths) {
    if (/\.dopl$/i.test(path))
      throw new CliError(`${path}: this is a model file, not data (--data takes .json or .csv)`);
    const text = readText(path);
    if (isCsv(path, text)) {
      const table = parseCsv(text, path);
      const matrices = new Map<string, Map<number, string>>();
      for (const name of table.names) {
        const p = table.header.get(name)!;
        // A matrix `X: real[N, K]` comes as K columns X[0] … X[K-1] (0-based, as dopl indexes).
        const column = /^([A-Za-z_][A-Za-z0-9_]*)\[(\d+)\]$/.exec(name);
        if (column && declared.get(column[1])?.length === 2) {
          const cols = matrices.get(column[1]) ?? new Map<number, string>();
          matrices.set(column[1], cols);
          cols.set(Number(column[2]), name);
          continue;
        }
        if (!declared.has(name)) {
          const known = [...declared.keys()];
          const hint = didYouMean(name, known);
          const matrix = known.find((k) => declared.get(k)!.length === 2);
          table.fail(
            p.line,
            p.col,
            `column '${name}' is not declared as data in the model${hint}` +
              (hint || known.length === 0 ? '' : ` (its data: ${known.join(', ')})`) +
              (matrix && !hint
                ? `; a matrix ${matrix} is given as columns ${matrix}[0], ${matrix}[1], …`
                : ''),
          );
        }
        const rank = declared.get(name)!.length;
        if (rank > 1) {
          table.fail(
            p.line,
            p.col,
            rank === 2
              ? `'${name}' is declared with 2 dimensions: give its columns as ${name}[0], ${name}[1], …`
              : `'${name}' is declared with ${rank} dimensions; a CSV column holds a vector (give it in a JSON file)`,
          );
        }
        give(name, table.columns.get(name), path, { ...p, fail: table.fail });
      }
      for (const [name, cols] of matrices) {
        const K = Math.max(...cols.keys()) + 1;
        for (let j = 0; j < K; j++) {
          if (!cols.has(j)) {
            const p = table.header.get(cols.values().next().value!)!;
            table.fail(
              p.line,
              p.col,
              `matrix '${name}' has columns up to ${name}[${K - 1}] but no ${name}[${j}]`,
            );
          }
        }
        const byColumn = Array.from({ length: K }, (_, j) => table.columns.get(cols.get(j)!)!);
        give(
          name,
          Array.from({ length: table.rows }, (_, i) => byColumn.map((c) => c[i])),
          path,
          { ...table.header.get(cols.get(0)!)!, fail: table.fail },
        );
        matrixColumns.set(name, K);
      }
      tables.push(table);
    } else {
      const parsed = parseDataJson(text, path); // syntax errors as DiagnosticError, at their line
      if (dataFile === undefined) {
        dataFile = { file: path, text };
        for (const name of Object.keys(parsed.values)) from.set(name, path);
      } else {
        const fail = failIn(text, path);
        for (const [name, v] of Object.entries(parsed.values)) {
          const p = parsed.positions.get(name);
          give(name, v, path, p && { ...p, fail });
        }
      }
    }
  }

  // Dimensions of CSV columns: `y: real[N]` from a column of 20 rows gives N = 20; a matrix
  // `X: real[N, K]` from columns X[0] … X[K-1] gives N and K.
  const infer = (d: Dim | undefined, n: number, why: string) => {
    if (typeof d === 'string' && !from.has(d) && declared.has(d)) {
      values[d] = n;
      from.set(d, why);
    }
  };
  for (const table of tables) {
    for (const name of table.names) {
      const dims = declared.get(name);
      if (dims?.length === 1) infer(dims[0], table.rows, `${table.file} (rows of '${name}')`);
    }
  }
  for (const [name, K] of matrixColumns) {
    const [rows, cols] = declared.get(name)!;
    infer(rows, (values[name] as unknown[]).length, `rows of '${name}'`);
    infer(cols, K, `columns of '${name}'`);
  }
  return { files: paths, dataFile, values };
}
