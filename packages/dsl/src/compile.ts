import { type Graph, isTensor } from '@dopl/core';
import { bindNames, type PreparedData, prepareData } from './bind-data.js';
import { type CheckedProgram, check } from './check.js';
import { constantOf } from './constants.js';
import { type DataFile, parseDataJson } from './data-json.js';
import { Diagnostics, SourceFile } from './errors.js';
import { checkIndexRanges } from './index-range.js';
import { lower } from './lower.js';
import { checkObservedSupport } from './observed-support.js';
import { parse } from './parse.js';
import { checkRecurrenceRows } from './recurrence-rows.js';
import { checkDataArguments, checkShapes } from './shapes.js';

export interface CompileModelOptions {
  /** The model's file name in messages; default 'model.dopl'. */
  readonly file?: string;
  /** Data by name: numbers, booleans and nested arrays of them. */
  readonly data?: Readonly<Record<string, unknown>>;
  /** A JSON data file (its text), read with positions so bad values are reported at their line. */
  readonly dataFile?: { readonly file: string; readonly text: string };
  /**
   * Without data: lower int data that stands for a fixed number (`y[K:]`, `shape=[N, 1]`) to a
   * placeholder instead of reporting it, for a graph read only for its declarations and nodes
   * (the CLI reads the data declarations before it reads the data).
   */
  readonly declarationsOnly?: boolean;
}

/**
 * dopl source → Graph: parse, check, lower, and — when data is given — bind it and check every
 * shape. All errors found at one stage are thrown together as a DiagnosticError.
 *
 * ```ts
 * const g = compileModel('data y: real[2]\nmu ~ Normal(0, 1)\ny ~ Normal(mu, 1)\n', { data: { y: [0.1, 0.3] } });
 * g.get('y').kind === 'random';   // observed
 * ```
 */
export function compileModel(source: string, options: CompileModelOptions = {}): Graph {
  const program = parse(source, { file: options.file });
  const diags = new Diagnostics(new SourceFile(program.file, source));
  const checked = check(program, diags);
  diags.throwIfAny();

  const file: DataFile | undefined = options.dataFile
    ? parseDataJson(options.dataFile.text, options.dataFile.file)
    : undefined;
  if (!file && !options.data) {
    const { graph, sourceMap } = lower(checked, diags, options.declarationsOnly ? undefined : new Map());
    diags.throwIfAny();
    // Without data, shapes are known only when nothing is declared as data.
    if (![...checked.defs.values()].some((d) => d.data)) {
      const unshaped = checkShapes(graph, sourceMap, diags, new Set());
      checkDataArguments(graph, sourceMap, diags, unshaped);
      checkIndexRanges(graph, sourceMap, diags, unshaped);
      checkRecurrenceRows(graph, sourceMap, diags, unshaped);
    }
    diags.throwIfAny();
    return graph;
  }

  const values = { ...file?.values, ...options.data };
  const prepared = prepareData(checked, { values, file }, diags);
  const ints = new Map<string, number>();
  for (const [name, v] of prepared.values) {
    const x = scalarOf(v);
    if (x !== undefined) ints.set(name, x);
  }
  const before = diags.count;
  const { graph, sourceMap, unresolved } = lower(checked, diags, ints, unusableInts(checked, prepared));
  if (diags.count > before) diags.throwIfAny();

  // Data nodes first (shapes depend on them), then shapes, then the observed values, whose
  // expected shape is the node's.
  const failed = new Set([...prepared.failed, ...unresolved]);
  const kindOf = (kind: string) => graph.nodes.filter((n) => n.kind === kind).map((n) => n.name);
  let g = bindNames(graph, kindOf('data'), prepared, checked, diags, failed);
  const unshaped = checkShapes(g, sourceMap, diags, failed);
  const observed = kindOf('random').filter((n) => !unshaped.has(n));
  g = bindNames(g, observed, prepared, checked, diags, failed);
  checkDataArguments(g, sourceMap, diags, unshaped);
  checkIndexRanges(g, sourceMap, diags, unshaped);
  checkRecurrenceRows(g, sourceMap, diags, unshaped);
  checkObservedSupport(g, sourceMap, diags, unshaped, file);
  diags.throwIfAny();
  return g;
}

/**
 * Scalar int data whose value will fail its declaration when bound (not a whole number, outside
 * its bounds, not a scalar) or is missing: binding reports it, so a dimension computed from it is
 * left unresolved rather than reported a second time.
 */
function unusableInts(checked: CheckedProgram, prepared: PreparedData): Set<string> {
  const out = new Set(prepared.failed);
  for (const def of checked.defs.values()) {
    const t = def.data?.type;
    if (t?.name.name !== 'int' || t.dims.length || !prepared.values.has(def.name)) continue;
    const v = scalarOf(prepared.values.get(def.name));
    const bound = (k: string) => {
      const b = t.bounds?.find((x) => x.name.name === k);
      return b && constantOf(b.value)?.values[0];
    };
    const [lo, hi] = [bound('lower') ?? -Infinity, bound('upper') ?? Infinity];
    if (v === undefined || !Number.isInteger(v) || v < lo || v > hi) out.add(def.name);
  }
  return out;
}

/** A number given plainly or as a scalar tensor (TypeScript callers pass either). */
const scalarOf = (v: unknown): number | undefined =>
  typeof v === 'number'
    ? v
    : typeof v === 'boolean' // stored as 0/1, as core's bind stores it
      ? Number(v)
      : isTensor(v) && v.shape.length === 0
        ? v.data[0]
        : undefined;
