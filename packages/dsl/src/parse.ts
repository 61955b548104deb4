import type { Program, Statement } from './ast.js';
import { Diagnostics, SourceFile } from './errors.js';
import { parser } from './grammar.js';
import { lex } from './lexer.js';
import { toStatement } from './visitor.js';

export interface ParseOptions {
  /** The file name used in messages; default 'model.dopl'. */
  readonly file?: string;
}

/**
 * Source text → AST. Each statement is parsed on its own, so an error in one line does not hide
 * the errors of the others; all are thrown together as one DiagnosticError.
 *
 * ```ts
 * const ast = parse('mu ~ Normal(0, 5)\n');
 * ast.statements[0].kind === 'random';
 * ```
 */
export function parse(source: string, options: ParseOptions = {}): Program {
  const file = options.file ?? 'model.dopl';
  const diags = new Diagnostics(new SourceFile(file, source));
  const { lines, errors } = lex(source);
  const badLines = new Set<number>();
  for (const e of errors) {
    diags.at(e, e.message);
    badLines.add(e.line);
  }
  const statements: Statement[] = [];
  for (const line of lines) {
    // A line with a bad character is reported once, for the character.
    if (line.some((t) => badLines.has(t.startLine ?? 0))) continue;
    parser.input = line;
    const cst = parser.line();
    if (parser.errors.length) {
      const e = parser.errors[0];
      // Past the end of the line chevrotain reports an EOF token without a position.
      const t = Number.isFinite(e.token.startLine) ? e.token : line[line.length - 1];
      // A dimension reuses the expression rules; say what is expected there.
      const message = e.context.ruleStack.includes('dim')
        ? e.message.replace(/^expected an expression/, 'expected a dimension')
        : e.message;
      diags.at({ line: t.startLine ?? 1, col: t.startColumn ?? 1 }, message);
      continue;
    }
    const { statement, errors: late } = toStatement(cst);
    for (const e of late) diags.at(e.pos, e.message);
    if (!late.length) statements.push(statement);
  }
  diags.throwIfAny();
  return { kind: 'program', file, source, statements };
}
