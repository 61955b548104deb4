import { readFileSync } from 'node:fs';
import { type Diagnostic, parse } from '@dopl/dsl';

// Errors that core or the samplers raise about a node (`Flat is improper: it has no sampler`)
// name the node, not the place; the model file says where that node is defined.

/** The `file:line:col` diagnostic for the statement defining `node` in `file`, if there is one. */
export function nodePlace(file: string, node: string, message: string): Diagnostic | undefined {
  let source: string;
  try {
    source = readFileSync(file, 'utf8').replace(/^\ufeff/, '');
  } catch {
    return undefined;
  }
  let program: ReturnType<typeof parse>;
  try {
    program = parse(source, { file });
  } catch {
    return undefined;
  }
  // The last statement naming it: a recurrence's step rather than its first row.
  const s = [...program.statements]
    .reverse()
    .find((st) =>
      st.kind === 'data' || st.kind === 'factor' ? st.name.name === node : st.target.name.name === node,
    );
  if (!s) return undefined;
  const lines = source.split('\n');
  return {
    file,
    line: s.pos.line,
    col: s.pos.col,
    message,
    sourceLine: (lines[s.pos.line - 1] ?? '').replace(/\r$/, ''),
  };
}
