import type { Program, Statement } from './ast.js';
import { Diagnostics, SourceFile } from './errors.js';
import { parser } from './grammar.js';
import { Identifier, lex } from './lexer.js';
import { closest } from './suggest.js';
import { toStatement } from './visitor.js';

/** The keywords that start a statement. */
const KEYWORDS = ['data', 'factor'];
const FOR_LOOP =
  "dopl has no 'for' loops: arithmetic is elementwise over whole arrays, and a row that reads earlier rows is a recurrence, x[t in 1:T] := … x[t - 1] …";
const TARGET = "dopl has no 'target +=': add a term to the log-density with factor NAME := expr";

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
      // `dta N: int`, `factr lik := …`: a misspelt keyword reads as two names in a row.
      const [w, next] = line;
      const keyword =
        w.tokenType === Identifier && next?.tokenType === Identifier && closest(w.image, KEYWORDS);
      // Stan's and Python's habits, said in dopl's terms.
      const habit =
        w.image === 'for' ? FOR_LOOP : w.image === 'target' && next?.image === '+' ? TARGET : undefined;
      if (habit) {
        diags.at({ line: w.startLine ?? 1, col: w.startColumn ?? 1 }, habit);
        continue;
      }
      if (keyword) {
        diags.at(
          { line: w.startLine ?? 1, col: w.startColumn ?? 1 },
          `expected a statement, found '${w.image} ${next.image}' (did you mean ${keyword}?)`,
        );
        continue;
      }
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
