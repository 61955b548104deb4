// Diagnostics: every error the front end reports names a file, a line and a column, says what is
// wrong in one line, and shows the source line with a caret under the column.

export interface Diagnostic {
  readonly file: string;
  /** 1-based; 0 when the error has no line (a data object given without a file). */
  readonly line: number;
  /** 1-based. */
  readonly col: number;
  readonly message: string;
  /** The text of the line, for the caret display. */
  readonly sourceLine?: string;
}

/**
 * One or several errors in a program or its data, thrown by `parse` and `compileModel`. Its
 * message is the formatted list, so an uncaught one reads like a compiler's output:
 *
 * ```ts
 * try { parse('mu ~ Normal(0, 5', { file: 'm.dopl' }); } catch (e) {
 *   (e as DiagnosticError).diagnostics[0].message === "expected ')', found the end of the line";
 * }
 * ```
 */
export class DiagnosticError extends Error {
  readonly diagnostics: readonly Diagnostic[];
  constructor(diagnostics: readonly Diagnostic[]) {
    super(formatDiagnostics(diagnostics));
    this.name = 'DiagnosticError';
    this.diagnostics = diagnostics;
    // The message is the report: a stack trace would only hide it.
    this.stack = `${this.name}: ${this.message}`;
  }
}

/** `file:line:col: message`, then the source line and a caret under the column. */
export function formatDiagnostic(d: Diagnostic): string {
  const where = d.line > 0 ? `${d.file}:${d.line}:${d.col}` : d.file;
  const head = `${where}: ${d.message}`;
  if (d.sourceLine === undefined || d.line === 0) return head;
  const text = d.sourceLine.replace(/\t/g, ' ');
  return `${head}\n${text}\n${' '.repeat(Math.max(0, d.col - 1))}^`;
}

/**
 * Several diagnostics, one after the other.
 *
 * ```ts
 * formatDiagnostics([{ file: 'm.dopl', line: 1, col: 6, message: "unknown name 'tua'", sourceLine: 'x := tua' }])
 *   === "m.dopl:1:6: unknown name 'tua'\nx := tua\n     ^";
 * ```
 */
export const formatDiagnostics = (ds: readonly Diagnostic[]): string => ds.map(formatDiagnostic).join('\n');

/** A source text that turns positions into diagnostics. */
export class SourceFile {
  private readonly lines: string[];
  constructor(
    readonly file: string,
    readonly text: string,
  ) {
    this.lines = text.split('\n');
  }

  diagnostic(line: number, col: number, message: string): Diagnostic {
    return {
      file: this.file,
      line,
      col,
      message,
      sourceLine: (this.lines[line - 1] ?? '').replace(/\r$/, ''),
    };
  }

  /** Line and column (1-based) of an offset. */
  position(offset: number): { line: number; col: number } {
    let line = 1;
    let start = 0;
    for (let i = 0; i < offset && i < this.text.length; i++) {
      if (this.text[i] === '\n') {
        line++;
        start = i + 1;
      }
    }
    return { line, col: offset - start + 1 };
  }
}

/** Collects diagnostics of one pass; `throwIfAny` ends the pass when there were errors. */
export class Diagnostics {
  readonly list: Diagnostic[] = [];
  constructor(readonly source: SourceFile) {}

  at(pos: { line: number; col: number }, message: string): void {
    // The same place and message twice (a name misspelt twice in one expression) says nothing new.
    if (this.list.some((d) => d.line === pos.line && d.col === pos.col && d.message === message)) return;
    this.list.push(this.source.diagnostic(pos.line, pos.col, message));
  }

  push(d: Diagnostic): void {
    this.list.push(d);
  }

  get count(): number {
    return this.list.length;
  }

  throwIfAny(): void {
    if (this.list.length) throw new DiagnosticError(sortDiagnostics(this.list, this.source.file));
  }
}

/** Errors in reading order: by file (`first`, then the others as found), then line and column. */
export function sortDiagnostics(ds: readonly Diagnostic[], first?: string): Diagnostic[] {
  const files = [...new Set([first, ...ds.map((d) => d.file)])];
  return [...ds].sort(
    (a, b) => files.indexOf(a.file) - files.indexOf(b.file) || a.line - b.line || a.col - b.col,
  );
}
