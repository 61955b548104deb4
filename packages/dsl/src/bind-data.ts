import { bind, DoplError, type Graph, isTensor, type TensorLike, toNested } from '@dopl/core';
import type { Pos } from './ast.js';
import type { CheckedProgram } from './check.js';
import type { DataFile } from './data-json.js';
import { dimText } from './dims.js';
import type { Diagnostics } from './errors.js';
import type { Definition } from './scope.js';
import { closest, editDistance } from './suggest.js';

// Data against the model's declarations. Problems with a value itself (not a number, NaN, a
// ragged array, a name the model does not declare) point into the data file when there is one;
// problems with what the model expects (missing, shape, int, bounds) point at the declaration.
// Every message names the data and the declaration's line.

export interface DataInput {
  readonly values: Readonly<Record<string, unknown>>;
  /** The parsed data file, for positions; without it, value errors point at the declarations. */
  readonly file?: DataFile;
}

export interface PreparedData {
  /** Valid values of declared names, by name. */
  readonly values: ReadonlyMap<string, TensorLike>;
  /** Declared names whose data is missing or unusable (nothing depending on them can be checked). */
  readonly failed: ReadonlySet<string>;
}

const typeText = (def: Definition): string => {
  const t = def.data!.type;
  const b = (t.bounds ?? []).map((x) => `${x.name.name}=…`);
  const dims = t.dims.map(dimText);
  return `${t.name.name}${b.length ? `<${b.join(', ')}>` : ''}${dims.length ? `[${dims.join(', ')}]` : ''}`;
};

/** Checks names and values; the values that pass are ready for core's `bind`. */
export function prepareData(checked: CheckedProgram, input: DataInput, diags: Diagnostics): PreparedData {
  const declared = [...checked.defs.values()].filter((d) => d.data);
  const model = diags.source.file;
  const dataName = input.file?.source.file;
  const inData = (path: string, decl: Pos | undefined, message: string) => {
    // The value itself, else its innermost recorded array, else its key.
    let p: { line: number; col: number } | undefined;
    for (
      let q = path;
      p === undefined && q;
      q = q.replace(/\[\d+\]$/, '') === q ? '' : q.replace(/\[\d+\]$/, '')
    ) {
      p = input.file?.positions.get(q);
    }
    if (p && input.file) {
      const where = decl ? ` ('${path.replace(/\[.*$/, '')}' is declared at ${model}:${decl.line})` : '';
      diags.push(input.file.source.diagnostic(p.line, p.col, `${message}${where}`));
    } else if (decl) {
      diags.at(decl, message);
    } else {
      diags.push({ file: dataName ?? 'data', line: 0, col: 0, message });
    }
  };

  for (const key of Object.keys(input.values)) {
    const def = checked.defs.get(key);
    if (def?.data) continue;
    if (def) {
      inData(
        key,
        undefined,
        `'${key}' is a ${def.kind} node, not data: declare it with 'data ${key}: …' to observe it`,
      );
    } else {
      // Data files often carry variables a model does not use (posteriordb's do), so undeclared
      // names are ignored — unless the name looks like a typo of a declared one: one edit away
      // from it, or resembling a declared name the data does not give.
      const near = closest(
        key,
        declared.map((d) => d.name),
      );
      if (
        near !== undefined &&
        (!Object.hasOwn(input.values, near) || editDistance(key.toLowerCase(), near.toLowerCase()) <= 1)
      ) {
        inData(key, undefined, `data '${key}' does not match any name in the model (did you mean ${near}?)`);
      }
    }
  }

  const values = new Map<string, TensorLike>();
  const failed = new Set<string>();
  for (const def of declared) {
    const decl = def.data!.name.pos;
    const raw = input.values[def.name];
    if (!Object.hasOwn(input.values, def.name)) {
      diags.at(
        decl,
        `data '${def.name}' is missing from ${dataName ?? 'the data'} (declared here as ${typeText(def)})`,
      );
      failed.add(def.name);
      continue;
    }
    const problem = valueProblem(raw, def.name);
    if (problem) {
      inData(problem.path, decl, problem.message);
      failed.add(def.name);
      continue;
    }
    values.set(def.name, raw as TensorLike);
  }
  return { values, failed };
}

/** The first thing that keeps a value from being a rectangular array of finite numbers, with its path. */
function valueProblem(raw: unknown, name: string): { path: string; message: string } | undefined {
  // Tensors and typed arrays from TypeScript callers are checked as the nested arrays they hold.
  if (isTensor(raw)) raw = toNested(raw);
  else if (raw instanceof Float64Array) raw = Array.from(raw);
  if (typeof raw === 'object' && raw !== null && !Array.isArray(raw)) {
    return { path: name, message: `data '${name}' is an object, not a number or an array of numbers` };
  }
  // The shape is read along the first elements, as core's toTensor reads it.
  const shape: number[] = [];
  for (let v = raw; Array.isArray(v); v = v[0]) shape.push(v.length);
  const at = (path: string) => `data '${name}'${path.slice(name.length)}`;
  const visit = (v: unknown, path: string, depth: number): { path: string; message: string } | undefined => {
    if (depth < shape.length) {
      if (!Array.isArray(v) || v.length !== shape[depth]) {
        const got = Array.isArray(v) ? `${v.length} entr${v.length === 1 ? 'y' : 'ies'}` : 'a single value';
        return { path, message: `data '${name}' is a ragged array: ${path} has ${got}, not ${shape[depth]}` };
      }
      for (let i = 0; i < v.length; i++) {
        const p = visit(v[i], `${path}[${i}]`, depth + 1);
        if (p) return p;
      }
      return undefined;
    }
    if (typeof v === 'number') {
      if (Number.isNaN(v)) return { path, message: `${at(path)} is NaN` };
      if (!Number.isFinite(v)) return { path, message: `${at(path)} is ${v}, not a finite number` };
      return undefined;
    }
    if (typeof v === 'boolean') return undefined;
    if (Array.isArray(v))
      return { path, message: `data '${name}' is a ragged array: ${path} is an array, not a number` };
    const shown = v === null ? 'null' : typeof v === 'object' ? 'an object' : JSON.stringify(v);
    return { path, message: `${at(path)} is ${shown}, not a number` };
  };
  return visit(raw, name, 0);
}

/**
 * Binds the given names one by one with core's `bind` (which checks shapes, integrality and
 * bounds), reporting each failure at its declaration; names whose dimensions could not be bound
 * are skipped. Returns the graph and the names that failed.
 */
export function bindNames(
  graph: Graph,
  names: readonly string[],
  prepared: PreparedData,
  checked: CheckedProgram,
  diags: Diagnostics,
  failed: Set<string>,
): Graph {
  let g = graph;
  for (const name of names) {
    const value = prepared.values.get(name);
    // Failed already: its data, or a dimension computed from data that failed.
    if (value === undefined || failed.has(name)) continue;
    const node = g.get(name);
    const dims = node.kind === 'data' ? node.dims : node.kind === 'random' ? (node.dims ?? []) : [];
    if (dims.some((d) => typeof d === 'string' && failed.has(d))) {
      failed.add(name);
      continue;
    }
    try {
      g = bind(g, { [name]: value });
    } catch (err) {
      if (!(err instanceof DoplError)) throw err;
      // Core says "observed 'y'" for data a random node observes; to the reader it is data.
      diags.at(checked.defs.get(name)!.data!.name.pos, err.message.replace(/^observed '/, "data '"));
      failed.add(name);
    }
  }
  return g;
}
