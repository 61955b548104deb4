import { createToken, type IToken, Lexer, type TokenType } from 'chevrotain';

// The tokens of the dopl language. Order matters: chevrotain tries them first to last, so
// whitespace comes first (the most frequent token, to speed up the lexer), multi-character
// operators come before their one-character prefixes, and keywords come before Identifier (each
// keyword names Identifier as its longer alternative, so `database` is a name, not `data` + `base`).

export const WhiteSpace = createToken({ name: 'WhiteSpace', pattern: /[ \t\r]+/, group: Lexer.SKIPPED });
export const LineComment = createToken({ name: 'LineComment', pattern: /\/\/[^\n]*/, group: Lexer.SKIPPED });
export const BlockComment = createToken({
  name: 'BlockComment',
  pattern: /\/\*[\s\S]*?\*\//,
  line_breaks: true,
  group: Lexer.SKIPPED,
});
// A block comment never closed: one token to the end of the text, reported once.
export const UnterminatedComment = createToken({
  name: 'UnterminatedComment',
  pattern: /\/\*[\s\S]*/,
  line_breaks: true,
});
/**
 * A `#` comment, as in Python or R, at the start of a line or after a space: not dopl syntax, but
 * lexed as one token so the user gets one message with the fix instead of one per odd character.
 */
export const HashComment = createToken({
  name: 'HashComment',
  pattern: (text: string, offset: number) => {
    if (text[offset] !== '#' || (offset > 0 && !/[ \t\n]/.test(text[offset - 1]))) return null;
    const end = text.indexOf('\n', offset);
    return [text.slice(offset, end < 0 ? text.length : end)] as RegExpExecArray;
  },
  start_chars_hint: ['#'],
  line_breaks: false,
});
/** Statements end at the end of a line (inside brackets a newline is only whitespace). */
export const Newline = createToken({
  name: 'Newline',
  pattern: /\n/,
  line_breaks: true,
  label: 'end of line',
});

export const Identifier = createToken({
  name: 'Identifier',
  pattern: /[A-Za-z_][A-Za-z0-9_]*/,
  label: 'a name',
});
const keyword = (word: string) =>
  createToken({
    name: word[0].toUpperCase() + word.slice(1),
    pattern: word,
    longer_alt: Identifier,
    label: `'${word}'`,
  });
export const Data = keyword('data');
export const Factor = keyword('factor');
export const If = keyword('if');
export const Then = keyword('then');
export const Else = keyword('else');
export const And = keyword('and');
export const Or = keyword('or');
export const Not = keyword('not');
export const In = keyword('in');
export const Observes = keyword('observes');
export const True = keyword('true');
export const False = keyword('false');
export const Null = keyword('null');
export const Inf = keyword('inf');
export const Nan = keyword('nan');

export const NumberLiteral = createToken({
  name: 'NumberLiteral',
  pattern: /(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?/,
  label: 'a number',
});

const op = (name: string, pattern: string) =>
  createToken({
    name,
    pattern: new RegExp(pattern.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&')),
    label: `'${pattern}'`,
  });
export const Define = op('Define', ':=');
export const Colon = op('Colon', ':');
export const Tilde = op('Tilde', '~');
export const Comma = op('Comma', ',');
export const LParen = op('LParen', '(');
export const RParen = op('RParen', ')');
export const LBracket = op('LBracket', '[');
export const RBracket = op('RBracket', ']');
export const LessEq = op('LessEq', '<=');
export const GreaterEq = op('GreaterEq', '>=');
export const EqEq = op('EqEq', '==');
export const NotEq = op('NotEq', '!=');
export const Less = op('Less', '<');
export const Greater = op('Greater', '>');
export const Equals = op('Equals', '=');
export const Plus = op('Plus', '+');
export const Minus = op('Minus', '-');
export const Star = op('Star', '*');
export const Slash = op('Slash', '/');
export const Caret = op('Caret', '^');
export const At = op('At', '@');

export const allTokens: TokenType[] = [
  WhiteSpace,
  LineComment,
  BlockComment,
  UnterminatedComment,
  HashComment,
  Newline,
  Data,
  Factor,
  If,
  Then,
  Else,
  And,
  Or,
  Not,
  // 'inf' before 'in': a keyword that is a prefix of another would win and then yield to Identifier.
  Inf,
  In,
  Observes,
  True,
  False,
  Null,
  Nan,
  Identifier,
  NumberLiteral,
  Define,
  Colon,
  Tilde,
  Comma,
  LParen,
  RParen,
  LBracket,
  RBracket,
  LessEq,
  GreaterEq,
  EqEq,
  NotEq,
  Less,
  Greater,
  Equals,
  Plus,
  Minus,
  Star,
  Slash,
  Caret,
  At,
];

// Lines end at '\n' only, so a Windows '\r\n' counts once ('\r' is whitespace).
const lexer = new Lexer(allTokens, {
  positionTracking: 'full',
  ensureOptimizations: false,
  lineTerminatorsPattern: /\n/g,
  lineTerminatorCharacters: ['\n'],
});

export interface LexError {
  readonly line: number;
  readonly col: number;
  readonly message: string;
}

/** One statement's tokens: a logical line, ended by a Newline token. */
export type Line = IToken[];

/**
 * Splits source text into logical lines of tokens, one statement each. A newline inside (), []
 * continues the statement when the next line is indented or closes a bracket (an argument list
 * may span lines); a bracket still open at an unindented line was never closed, and the statement
 * ends there so the error shows on its own line. Every line ends with a Newline token placed
 * just after its last token, where "expected ')'" belongs.
 */
export function lex(source: string): { lines: Line[]; errors: LexError[] } {
  const result = lexer.tokenize(source);
  const errors: LexError[] = result.errors.map((e) => {
    const ch = String.fromCodePoint(source.codePointAt(e.offset) ?? 63);
    // μ, σ, é…: a name from another alphabet; say what names may hold.
    const why = /\p{L}/u.test(ch)
      ? ': names use the letters A–Z and a–z, digits and _'
      : ch === ';'
        ? ': a statement ends at the end of its line, with no ;'
        : '';
    return { line: e.line ?? 1, col: e.column ?? 1, message: `unexpected character '${ch}'${why}` };
  });
  for (const tok of result.tokens) {
    if (tok.tokenType === UnterminatedComment) {
      errors.push({
        line: tok.startLine ?? 1,
        col: tok.startColumn ?? 1,
        message: "unterminated comment: '/*' has no closing '*/'",
      });
    }
    if (tok.tokenType === HashComment) {
      errors.push({
        line: tok.startLine ?? 1,
        col: tok.startColumn ?? 1,
        message: "'#' does not start a comment in dopl: write // (or /* … */)",
      });
    }
  }
  errors.sort((a, b) => a.line - b.line || a.col - b.col);
  const lines: Line[] = [];
  let current: IToken[] = [];
  let depth = 0;
  const toks = result.tokens.filter(
    (t) => t.tokenType !== HashComment && t.tokenType !== UnterminatedComment,
  );
  const end = () => {
    if (current.length) lines.push([...current, newlineAfter(current[current.length - 1])]);
    current = [];
    depth = 0;
  };
  toks.forEach((tok, i) => {
    if (tok.tokenType === LParen || tok.tokenType === LBracket) depth++;
    else if ((tok.tokenType === RParen || tok.tokenType === RBracket) && depth > 0) depth--;
    if (tok.tokenType !== Newline) {
      current.push(tok);
      return;
    }
    let j = i + 1;
    while (j < toks.length && toks[j].tokenType === Newline) j++;
    const next = toks[j];
    const continues =
      depth > 0 &&
      next !== undefined &&
      ((next.startColumn ?? 1) > 1 || next.tokenType === RParen || next.tokenType === RBracket);
    if (!continues) end();
  });
  end();
  return { lines, errors };
}

function newlineAfter(last: IToken): IToken {
  const offset = (last.endOffset ?? last.startOffset) + 1;
  const line = last.endLine ?? last.startLine ?? 1;
  const col = (last.endColumn ?? last.startColumn ?? 0) + 1;
  return {
    image: '',
    startOffset: offset,
    endOffset: offset,
    startLine: line,
    startColumn: col,
    endLine: line,
    endColumn: col,
    tokenType: Newline,
    tokenTypeIdx: Newline.tokenTypeIdx!,
  };
}
