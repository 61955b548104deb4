import type { Graph } from '@dopl/core';
import { compileModel, type Diagnostic, DiagnosticError } from '@dopl/dsl';
import { dataDeclarations, loadData, readText } from './data.js';
import { CliError } from './errors.js';

// Reading a model and its data into a Graph: the model is checked on its own first (so that a
// syntax error is reported before any data problem), then compiled again with the data bound.

export interface LoadedModel {
  readonly file: string;
  readonly source: string;
  readonly graph: Graph;
  /** Seconds spent in the language front end (parse, check, lower, bind). */
  readonly compileSeconds: number;
  /** Whether data was bound (false for `check` without --data). */
  readonly withData: boolean;
}

export interface LoadModelOptions {
  /** --data files. */
  readonly dataPaths?: readonly string[];
  /** Bind data even when no file is given (commands that need the values). */
  readonly requireData?: boolean;
  /** Values to use when no --data file is given (ppc: the fit's data), and how to name them. */
  readonly fallback?: { readonly values: Record<string, unknown>; readonly name: string };
}

interface DataSource {
  /** How "is missing from …" names it; undefined when no data was given. */
  readonly name?: string;
  /** Added to "is missing" messages. */
  readonly hint?: string;
}

const MISSING = /^data '([^']+)' is missing from (?:.+?) \(declared here as (.*)\)$/;

/** Names the real data source in "is missing" messages ('the data' → 'data.csv', or the --data hint). */
function renameSource(err: DiagnosticError, source: DataSource): DiagnosticError {
  let changed = false;
  const diagnostics = err.diagnostics.map((d): Diagnostic => {
    const m = MISSING.exec(d.message);
    if (!m) return d;
    changed = true;
    const from = source.name === undefined ? '' : ` from ${source.name}`;
    const message = `data '${m[1]}' is missing${from} (declared here as ${m[2]})${source.hint ? `: ${source.hint}` : ''}`;
    return { ...d, message };
  });
  return changed ? new DiagnosticError(diagnostics) : err;
}

const seconds = (t0: number) => (performance.now() - t0) / 1000;

export function loadModel(file: string, options: LoadModelOptions = {}): LoadedModel {
  if (/\.(json|csv|tsv)$/i.test(file)) {
    throw new CliError(
      `${file}: this is a data file; the model (.dopl) comes first: dopl … MODEL.dopl --data ${file}`,
    );
  }
  // A byte-order mark (Windows editors write one) is not part of the program.
  const source = readText(file).replace(/^\ufeff/, '');
  if (source.includes('\u0000'))
    throw new CliError(`${file}: not a text file (it holds NUL bytes), so not a dopl model`);
  const t0 = performance.now();
  const bare = compileModel(source, { file, declarationsOnly: true });
  if (bare.nodes.length === 0) {
    // Nothing to check, sample or draw: most likely the wrong file, or one still to be written.
    const what = source.trim() === '' ? 'the file is empty' : 'the file holds only comments';
    throw new DiagnosticError([
      {
        file,
        line: 1,
        col: 1,
        message: `${what}: a model needs at least one statement (name ~ Dist(…), name := expr, data name: type)`,
        sourceLine: source.split('\n')[0].replace(/\r$/, ''),
      },
    ]);
  }
  let compileSeconds = seconds(t0);
  const declared = dataDeclarations(bare);
  const paths = options.dataPaths ?? [];
  if (paths.length === 0 && (!options.requireData || declared.size === 0)) {
    return { file, source, graph: bare, compileSeconds, withData: false };
  }

  let dataFile: { file: string; text: string } | undefined;
  let values: Record<string, unknown> = {};
  let origin: DataSource = { hint: 'give the data with --data FILE' };
  if (paths.length > 0) {
    const loaded = loadData(paths, declared);
    dataFile = loaded.dataFile;
    values = loaded.values;
    origin = { name: paths.join(' and ') };
  } else if (options.fallback) {
    // Only the names this model declares: the fit may hold data of an earlier version of it.
    for (const [k, v] of Object.entries(options.fallback.values)) if (declared.has(k)) values[k] = v;
    origin = { name: options.fallback.name, hint: 'give the data with --data FILE' };
  }

  const t1 = performance.now();
  try {
    const graph = compileModel(source, { file, dataFile, data: values });
    compileSeconds += seconds(t1);
    return { file, source, graph, compileSeconds, withData: true };
  } catch (err) {
    throw err instanceof DiagnosticError ? renameSource(err, origin) : err;
  }
}
