import { readFileSync } from 'node:fs';
import type { Dim, Graph } from '@dopl/core';
import { parseDataJson } from '@dopl/dsl';
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
}

interface Cell {
  text: string;
  quoted: boolean;
  line: number;
  col: number;
}

const NUMBER = /^[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?$/;

/** Records of cells, honouring double quotes ("" inside quotes is a quote). */
function csvRecords(text: string, file: string, delimiter: string): Cell[][] {
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
        if (i >= text.length)
          throw new CliError(`${file}:${start.line}:${start.col}: unterminated quoted value`);
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
        throw new CliError(
          `${file}:${line}:${col}: expected '${delimiter}' or the end of the line after a quoted value`,
        );
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

/**
 * Reads a CSV data file: a header row of names, then one row per observation, numbers only.
 * Comma-separated (tab-separated when the header has tabs and no commas).
 */
export function parseCsv(text: string, file: string): CsvTable {
  if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
  const firstLine = text.slice(0, text.search(/\r?\n|$/));
  const delimiter = !firstLine.includes(',') && firstLine.includes('\t') ? '\t' : ',';
  const records = csvRecords(text, file, delimiter);
  while (records.length > 0 && isBlank(records[records.length - 1])) records.pop();
  if (records.length === 0) throw new CliError(`${file}: the file is empty (expected a header row of names)`);

  const headerCells = records[0];
  const names: string[] = [];
  const header = new Map<string, { line: number; col: number }>();
  for (const cell of headerCells) {
    const name = cell.text.trim();
    const at = `${file}:${cell.line}:${cell.col}`;
    if (name === '') throw new CliError(`${at}: empty column name in the header`);
    if (NUMBER.test(name)) {
      throw new CliError(`${at}: the first row must be a header of data names, found the number ${name}`);
    }
    if (header.has(name)) throw new CliError(`${at}: column '${name}' appears twice in the header`);
    names.push(name);
    header.set(name, { line: cell.line, col: cell.col });
  }

  const columns = new Map<string, number[]>(names.map((n) => [n, []]));
  const body = records.slice(1);
  for (const [k, record] of body.entries()) {
    const line = record[0].line;
    if (isBlank(record)) {
      throw new CliError(
        `${file}:${line}: empty line between rows${k === 0 ? '' : ` (after row ${k})`}; every row needs a value in each column`,
      );
    }
    if (record.length !== names.length) {
      throw new CliError(
        `${file}:${line}: row has ${record.length} value${record.length === 1 ? '' : 's'}, but the header has ${names.length} column${names.length === 1 ? '' : 's'}`,
      );
    }
    record.forEach((cell, j) => {
      const problem = cellProblem(cell.text, names[j]);
      if (problem) throw new CliError(`${file}:${cell.line}:${cell.col}: ${problem}`);
      columns.get(names[j])!.push(Number(cell.text.trim()));
    });
  }
  return { file, names, columns, header, rows: body.length };
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
  const give = (name: string, value: unknown, file: string) => {
    const other = from.get(name);
    if (other !== undefined) {
      throw new CliError(
        other === file ? `${file}: '${name}' is given twice` : `${file}: '${name}' is also given in ${other}`,
      );
    }
    from.set(name, file);
    values[name] = value;
  };
  const tables: CsvTable[] = [];

  for (const path of paths) {
    const text = readText(path);
    if (isCsv(path, text)) {
      const table = parseCsv(text, path);
      for (const name of table.names) {
        if (!declared.has(name)) {
          const p = table.header.get(name)!;
          const known = [...declared.keys()];
          const hint = didYouMean(name, known);
          throw new CliError(
            `${path}:${p.line}:${p.col}: column '${name}' is not declared as data in the model${hint}` +
              (hint || known.length === 0 ? '' : ` (its data: ${known.join(', ')})`),
          );
        }
        give(name, table.columns.get(name), path);
      }
      tables.push(table);
    } else {
      const parsed = parseDataJson(text, path); // syntax errors as DiagnosticError, at their line
      if (dataFile === undefined) {
        dataFile = { file: path, text };
        for (const name of Object.keys(parsed.values)) from.set(name, path);
      } else {
        for (const [name, v] of Object.entries(parsed.values)) give(name, v, path);
      }
    }
  }

  // Dimensions of CSV columns: `y: real[N]` from a column of 20 rows gives N = 20.
  for (const table of tables) {
    for (const name of table.names) {
      const dims = declared.get(name)!;
      const d = dims[0];
      if (dims.length === 1 && typeof d === 'string' && !from.has(d) && declared.has(d)) {
        values[d] = table.rows;
        from.set(d, `${table.file} (rows of '${name}')`);
      }
    }
  }
  return { files: paths, dataFile, values };
}
