import type { CstNode, IToken } from 'chevrotain';
import type * as A from './ast.js';
import { Diagnostics, SourceFile } from './errors.js';
import { parser } from './grammar.js';
import * as T from './lexer.js';
import { toStatement } from './visitor.js';

// The syntax of a causal query's option texts, read with the language's own lexer and expression
// rules (no second expression parser):
//
//   target  := expression                                    --target 'sum(sales[60:81])'
//   clauses := clause {';' clause}                           --given 'y = 3; s = 1'
//   clause  := node ['[' indexItem {',' indexItem} ']'] ( '=' expression | '~' distCall )
//
// A clause's left side is parsed as an expression and must be a node name, optionally indexed
// once (`spend[60:81, 2]`). Positions are those of the option text, so a message reads
// `--do:1:7: …` with the text and a caret under the column.

/** One `node = value`, `node[slice] = value` or `node ~ Dist(…)` of a clause list. */
export interface QueryClause {
  readonly node: A.Name;
  /** The index items of `node[…]`; undefined for the whole node. */
  readonly index?: readonly A.IndexItem[];
  /** The left side as written (`spend[60:81, 2]`), to recognise it on the right side. */
  readonly left: A.Expr;
  readonly value:
    | { readonly kind: 'expr'; readonly expr: A.Expr }
    | { readonly kind: 'dist'; readonly dist: A.DistCall };
  readonly pos: A.Pos;
}

interface Segment {
  readonly tokens: IToken[];
  /** Offsets of the segment in the text: [start, end). */
  readonly start: number;
  readonly end: number;
}

/** Thrown inside this module to end a segment after its first error (one mistake, one message). */
class Stop extends Error {}

const isEof = (t: IToken | undefined): boolean => !t || !Number.isFinite(t.startOffset) || t.image === '';

/**
 * The tokens of `text` between `start` and `end`, positioned in the whole text: everything outside
 * the segment is blanked (newlines kept), so lines and columns stay those of the option text.
 */
function lexSegment(text: string, start: number, end: number, diags: Diagnostics): Segment {
  let masked = '';
  for (let i = 0; i < text.length; i++) {
    masked += i >= start && i < end ? text[i] : text[i] === '\n' ? '\n' : ' ';
  }
  const { lines, errors } = T.lex(masked);
  for (const e of errors) diags.at(e, e.message);
  if (errors.length) throw new Stop();
  // Inside an option a newline is only whitespace: the segment is one statement.
  const tokens = lines.flat().filter((t) => t.tokenType !== T.Newline);
  return { tokens, start, end };
}

/** Runs a grammar rule on `tokens`; the first syntax error becomes a diagnostic. */
function parseRule(
  tokens: IToken[],
  rule: 'expression' | 'distCall',
  endPos: { line: number; col: number },
  what: string,
  diags: Diagnostics,
): CstNode {
  parser.input = tokens;
  const cst = rule === 'expression' ? parser.expression() : parser.distCall();
  if (parser.errors.length) {
    const e = parser.errors[0];
    const t = e.token;
    const at = isEof(t) ? endPos : { line: t.startLine ?? 1, col: t.startColumn ?? 1 };
    const message = e.message
      .replace(/found ''$/, `found the end of ${what}`)
      .replace('the end of the statement', `the end of ${what}`);
    diags.at(at, message);
    throw new Stop();
  }
  return cst;
}

/** CST → AST with the language's visitor (which also reports the errors the grammar lets through). */
function toAst<R>(cst: CstNode, diags: Diagnostics): R {
  const { statement, errors } = toStatement(cst);
  for (const e of errors) diags.at(e.pos, e.message);
  if (errors.length) throw new Stop();
  return statement as unknown as R;
}

/** The position just after the last token of a segment (where "found the end" points). */
function endOf(seg: Segment, source: SourceFile): { line: number; col: number } {
  const last = seg.tokens[seg.tokens.length - 1];
  if (!last) return source.position(seg.start);
  return { line: last.endLine ?? 1, col: (last.endColumn ?? 0) + 1 };
}

/**
 * Parses a query target: one expression of the language.
 *
 * ```ts
 * const e = parseQueryTarget('sum(y[0:3])');
 * e.kind === 'call';
 * ```
 */
export function parseQueryTarget(text: string, file = '--target'): A.Expr {
  const source = new SourceFile(file, text);
  const diags = new Diagnostics(source);
  try {
    const seg = lexSegment(text, 0, text.length, diags);
    if (seg.tokens.length === 0) {
      diags.at({ line: 1, col: 1 }, 'expected an expression (a node, or an expression of nodes)');
      throw new Stop();
    }
    return toAst<A.Expr>(parseRule(seg.tokens, 'expression', endOf(seg, source), 'the target', diags), diags);
  } catch (err) {
    if (!(err instanceof Stop)) throw err;
    diags.throwIfAny();
    throw err;
  }
}

export interface ParseClausesOptions {
  /** The name in messages: the option, e.g. '--do'. */
  readonly file?: string;
  /** Whether `node ~ Dist(…)` is allowed (interventions) or only `node = value` (evidence). */
  readonly distributions?: boolean;
}

/**
 * Parses `;`-separated clauses. Every clause is parsed even after an error in another, and all
 * errors are thrown together as one DiagnosticError.
 *
 * ```ts
 * const [c] = parseQueryClauses('spend[60:81, 1] = 0', { file: '--do' });
 * c.node.name === 'spend' && c.index?.length === 2;
 * ```
 */
export function parseQueryClauses(text: string, options: ParseClausesOptions = {}): QueryClause[] {
  const file = options.file ?? '--do';
  const source = new SourceFile(file, text);
  const diags = new Diagnostics(source);
  const clauses: QueryClause[] = [];
  let start = 0;
  const bounds: [number, number][] = [];
  for (let i = 0; i <= text.length; i++) {
    if (i === text.length || text[i] === ';') {
      bounds.push([start, i]);
      start = i + 1;
    }
  }
  for (const [from, to] of bounds) {
    try {
      const seg = lexSegment(text, from, to, diags);
      // An empty clause (a trailing ';', or ';;') says nothing: skip it, unless all are empty.
      if (seg.tokens.length === 0) continue;
      clauses.push(clause(seg, source, diags, options.distributions ?? true));
    } catch (err) {
      if (!(err instanceof Stop)) throw err;
    }
  }
  if (clauses.length === 0 && diags.count === 0) {
    diags.at(
      { line: 1, col: 1 },
      `expected a clause such as 'x = 1'${options.distributions === false ? '' : " or 'x ~ Normal(0, 1)'"}`,
    );
  }
  diags.throwIfAny();
  return clauses;
}

function clause(seg: Segment, source: SourceFile, diags: Diagnostics, distributions: boolean): QueryClause {
  // The first '=' or '~' outside brackets splits the clause ('==' is its own token).
  let depth = 0;
  let split = -1;
  for (let i = 0; i < seg.tokens.length && split < 0; i++) {
    const tt = seg.tokens[i].tokenType;
    if (tt === T.LParen || tt === T.LBracket) depth++;
    else if (tt === T.RParen || tt === T.RBracket) depth--;
    else if (depth === 0 && (tt === T.Equals || tt === T.Tilde)) split = i;
  }
  const first = seg.tokens[0];
  const firstPos = { line: first.startLine ?? 1, col: first.startColumn ?? 1 };
  const form = distributions ? "'node = value' or 'node ~ Dist(…)'" : "'node = value'";
  if (split < 0) {
    diags.at(firstPos, `expected ${form}`);
    throw new Stop();
  }
  const op = seg.tokens[split];
  const opPos = { line: op.startLine ?? 1, col: op.startColumn ?? 1 };
  if (split === 0) {
    diags.at(firstPos, `expected a node name before '${op.image}'`);
    throw new Stop();
  }
  const left = toAst<A.Expr>(
    parseRule(seg.tokens.slice(0, split), 'expression', opPos, `the left side of '${op.image}'`, diags),
    diags,
  );
  let node: A.Name;
  let index: readonly A.IndexItem[] | undefined;
  if (left.kind === 'name') node = left;
  else if (left.kind === 'index' && left.base.kind === 'name') {
    node = left.base;
    index = left.items;
  } else {
    diags.at(left.pos, `expected a node name on the left of '${op.image}' (like x, or spend[60:81, 2])`);
    throw new Stop();
  }
  const rest = seg.tokens.slice(split + 1);
  const end = endOf(seg, source);
  if (rest.length === 0) {
    diags.at(end, `expected ${op.tokenType === T.Tilde ? 'a distribution' : 'a value'} after '${op.image}'`);
    throw new Stop();
  }
  const pos: A.Pos = { line: node.pos.line, col: node.pos.col, start: left.pos.start, end: seg.end };
  if (op.tokenType === T.Tilde) {
    if (!distributions) {
      diags.at(opPos, "evidence is a value: write 'node = value' ('~' sets a distribution, in --do or --vs)");
      throw new Stop();
    }
    const dist = toAst<A.DistCall>(parseRule(rest, 'distCall', end, 'the clause', diags), diags);
    return { node, index, left, value: { kind: 'dist', dist }, pos };
  }
  const expr = toAst<A.Expr>(parseRule(rest, 'expression', end, 'the clause', diags), diags);
  return { node, index, left, value: { kind: 'expr', expr }, pos };
}
