import { CstParser, type IParserErrorMessageProvider, type IToken, type TokenType } from 'chevrotain';
import * as T from './lexer.js';

// The grammar of dopl, one rule per construct of the language reference (docs/language.md). The
// rules are pure: they build a concrete syntax tree and nothing else; meaning lives in visitor.ts
// (CST → AST), check.ts and lower.ts. The parser reads one statement (one logical line) at a time.

const describe = (tok: IToken): string =>
  tok.tokenType === T.Newline ? 'the end of the line' : `'${tok.image}'`;

const operators = new Set<TokenType>([
  T.Plus,
  T.Minus,
  T.Star,
  T.Slash,
  T.Caret,
  T.At,
  T.Less,
  T.LessEq,
  T.Greater,
  T.GreaterEq,
  T.EqEq,
  T.NotEq,
  T.And,
  T.Or,
  T.Not,
  T.Define,
  T.Tilde,
  T.Equals,
  T.Comma,
  T.LParen,
  T.LBracket,
  T.Colon,
  T.If,
  T.Then,
  T.Else,
  T.Observes,
  T.Data,
  T.Factor,
]);
const after = (prev: IToken | undefined): string =>
  prev && operators.has(prev.tokenType) ? ` after '${prev.image}'` : '';

/** What a rule stands for, in messages about a token that cannot start it. */
const ruleWhat: Record<string, string> = {
  line: 'a statement (name ~ Dist(…), name := expr, data name: type, or factor name := expr)',
  statement: 'a statement (name ~ Dist(…), name := expr, data name: type, or factor name := expr)',
  definition: "'~' or ':='",
  targetIndex: 'dimensions or a recurrence range like t in 1:T',
  argument: 'an argument',
};

const messages: IParserErrorMessageProvider = {
  buildMismatchTokenMessage({ expected, actual, previous, ruleName }) {
    if (expected === T.Newline) return `expected the end of the statement, found ${describe(actual)}`;
    if (expected === T.Identifier && ruleName === 'distCall')
      return `expected a distribution after '~', found ${describe(actual)}`;
    if (expected === T.Identifier && ruleName === 'dataDecl' && previous?.tokenType === T.Colon)
      return `expected a type (int, real or bool), found ${describe(actual)}`;
    if (expected === T.Identifier && ruleName === 'typeSpec')
      return `expected a type, found ${describe(actual)}`;
    return `expected ${expected.LABEL ?? expected.name}${after(previous)}, found ${describe(actual)}`;
  },
  buildNotAllInputParsedMessage({ firstRedundant }) {
    return `expected the end of the statement, found ${describe(firstRedundant)}`;
  },
  buildNoViableAltMessage({ actual, previous, ruleName }) {
    return `expected ${ruleWhat[ruleName] ?? 'an expression'}${after(previous)}, found ${describe(actual[0])}`;
  },
  buildEarlyExitMessage({ actual, previous, ruleName }) {
    return `expected ${ruleWhat[ruleName] ?? 'an expression'}${after(previous)}, found ${describe(actual[0])}`;
  },
};

export class DoplParser extends CstParser {
  constructor() {
    super(T.allTokens, { recoveryEnabled: true, maxLookahead: 3, errorMessageProvider: messages });
    this.performSelfAnalysis();
  }

  // line := statement NEWLINE
  line = this.RULE('line', () => {
    this.SUBRULE(this.statement);
    this.CONSUME(T.Newline);
  });

  // statement := dataDecl | factorDecl | definition
  statement = this.RULE('statement', () => {
    this.OR([
      { ALT: () => this.SUBRULE(this.dataDecl) },
      { ALT: () => this.SUBRULE(this.factorDecl) },
      { ALT: () => this.SUBRULE(this.definition) },
    ]);
  });

  // dataDecl := 'data' NAME ':' typeSpec
  dataDecl = this.RULE('dataDecl', () => {
    this.CONSUME(T.Data);
    this.CONSUME(T.Identifier);
    this.CONSUME(T.Colon);
    this.SUBRULE(this.typeSpec);
  });

  // factorDecl := 'factor' NAME ':=' expression
  factorDecl = this.RULE('factorDecl', () => {
    this.CONSUME(T.Factor);
    this.CONSUME(T.Identifier);
    this.CONSUME(T.Define);
    this.SUBRULE(this.expression);
  });

  // definition := target ( '~' distCall ['observes' expression] | ':=' expression )
  definition = this.RULE('definition', () => {
    this.SUBRULE(this.target);
    this.OR([
      {
        ALT: () => {
          this.CONSUME(T.Tilde);
          this.SUBRULE(this.distCall);
          this.OPTION(() => {
            this.CONSUME(T.Observes);
            this.SUBRULE(this.expression);
          });
        },
      },
      {
        ALT: () => {
          this.CONSUME(T.Define);
          this.SUBRULE2(this.expression);
        },
      },
    ]);
  });

  // target := NAME ['[' targetIndex ']'] [':' typeSpec]
  target = this.RULE('target', () => {
    this.CONSUME(T.Identifier);
    this.OPTION(() => {
      this.CONSUME(T.LBracket);
      this.SUBRULE(this.targetIndex);
      this.CONSUME(T.RBracket);
    });
    this.OPTION2(() => {
      this.CONSUME(T.Colon);
      this.SUBRULE(this.typeSpec);
    });
  });

  // targetIndex := NAME 'in' NUMBER ':' dim   (a recurrence step)  |  dim {',' dim}
  targetIndex = this.RULE('targetIndex', () => {
    this.OR([
      {
        ALT: () => {
          this.CONSUME(T.Identifier);
          this.CONSUME(T.In);
          this.CONSUME(T.NumberLiteral);
          this.CONSUME(T.Colon);
          this.SUBRULE(this.dim);
        },
      },
      { ALT: () => this.SUBRULE(this.dimList) },
    ]);
  });

  // dimList := dim {',' dim}
  dimList = this.RULE('dimList', () => {
    this.AT_LEAST_ONE_SEP({ SEP: T.Comma, DEF: () => this.SUBRULE(this.dim) });
  });

  // dim := additive     (integer arithmetic on whole numbers and int data: K, K - 1, N * (K + 1);
  //                       visitor.ts refuses the rest of the expression language with a reason)
  dim = this.RULE('dim', () => {
    this.SUBRULE(this.additive);
  });

  // typeSpec := NAME ['<' [bound {',' bound}] '>'] ['[' dimList ']']
  typeSpec = this.RULE('typeSpec', () => {
    this.CONSUME(T.Identifier);
    this.OPTION(() => {
      this.CONSUME(T.Less);
      this.MANY_SEP({ SEP: T.Comma, DEF: () => this.SUBRULE(this.bound) });
      this.CONSUME(T.Greater);
    });
    this.OPTION2(() => {
      this.CONSUME(T.LBracket);
      this.SUBRULE(this.dimList);
      this.CONSUME(T.RBracket);
    });
  });

  // bound := NAME '=' additive        (no comparisons: '>' closes the bounds)
  bound = this.RULE('bound', () => {
    this.CONSUME(T.Identifier);
    this.CONSUME(T.Equals);
    this.SUBRULE(this.additive);
  });

  // distCall := NAME '(' [argument {',' argument}] ')'
  distCall = this.RULE('distCall', () => {
    this.CONSUME(T.Identifier);
    this.CONSUME(T.LParen);
    this.MANY_SEP({ SEP: T.Comma, DEF: () => this.SUBRULE(this.argument) });
    this.CONSUME(T.RParen);
  });

  // argument := NAME '=' expression | expression
  argument = this.RULE('argument', () => {
    this.OR([
      {
        GATE: () => this.LA(2).tokenType === T.Equals,
        ALT: () => {
          this.CONSUME(T.Identifier);
          this.CONSUME(T.Equals);
          this.SUBRULE(this.expression);
        },
      },
      { ALT: () => this.SUBRULE2(this.expression) },
    ]);
  });

  // expression := 'if' expression 'then' expression 'else' expression | orExpr
  expression = this.RULE('expression', () => {
    this.OR([
      {
        ALT: () => {
          this.CONSUME(T.If);
          this.SUBRULE(this.expression, { LABEL: 'cond' });
          this.CONSUME(T.Then);
          this.SUBRULE2(this.expression, { LABEL: 'then' });
          this.CONSUME(T.Else);
          this.SUBRULE3(this.expression, { LABEL: 'else' });
        },
      },
      { ALT: () => this.SUBRULE(this.orExpr) },
    ]);
  });

  // orExpr := andExpr {'or' andExpr}
  orExpr = this.RULE('orExpr', () => {
    this.SUBRULE(this.andExpr);
    this.MANY(() => {
      this.CONSUME(T.Or);
      this.SUBRULE2(this.andExpr);
    });
  });

  // andExpr := notExpr {'and' notExpr}
  andExpr = this.RULE('andExpr', () => {
    this.SUBRULE(this.notExpr);
    this.MANY(() => {
      this.CONSUME(T.And);
      this.SUBRULE2(this.notExpr);
    });
  });

  // notExpr := 'not' notExpr | comparison
  notExpr = this.RULE('notExpr', () => {
    this.OR([
      {
        ALT: () => {
          this.CONSUME(T.Not);
          this.SUBRULE(this.notExpr);
        },
      },
      { ALT: () => this.SUBRULE(this.comparison) },
    ]);
  });

  // comparison := additive {('<' | '<=' | '>' | '>=' | '==' | '!=') additive}
  comparison = this.RULE('comparison', () => {
    this.SUBRULE(this.additive);
    this.MANY(() => {
      this.OR([
        { ALT: () => this.CONSUME(T.Less) },
        { ALT: () => this.CONSUME(T.LessEq) },
        { ALT: () => this.CONSUME(T.Greater) },
        { ALT: () => this.CONSUME(T.GreaterEq) },
        { ALT: () => this.CONSUME(T.EqEq) },
        { ALT: () => this.CONSUME(T.NotEq) },
      ]);
      this.SUBRULE2(this.additive);
    });
  });

  // additive := multiplicative {('+' | '-') multiplicative}
  additive = this.RULE('additive', () => {
    this.SUBRULE(this.multiplicative);
    this.MANY(() => {
      this.OR([{ ALT: () => this.CONSUME(T.Plus) }, { ALT: () => this.CONSUME(T.Minus) }]);
      this.SUBRULE2(this.multiplicative);
    });
  });

  // multiplicative := unary {('*' | '/' | '@') unary}
  multiplicative = this.RULE('multiplicative', () => {
    this.SUBRULE(this.unary);
    this.MANY(() => {
      this.OR([
        { ALT: () => this.CONSUME(T.Star) },
        { ALT: () => this.CONSUME(T.Slash) },
        { ALT: () => this.CONSUME(T.At) },
      ]);
      this.SUBRULE2(this.unary);
    });
  });

  // unary := '-' unary | power            (so -x^2 is -(x^2))
  unary = this.RULE('unary', () => {
    this.OR([
      {
        ALT: () => {
          this.CONSUME(T.Minus);
          this.SUBRULE(this.unary);
        },
      },
      { ALT: () => this.SUBRULE(this.power) },
    ]);
  });

  // power := postfix ['^' unary]          (right-associative: a^b^c is a^(b^c))
  power = this.RULE('power', () => {
    this.SUBRULE(this.postfix);
    this.OPTION(() => {
      this.CONSUME(T.Caret);
      this.SUBRULE(this.unary);
    });
  });

  // postfix := atom {'[' indexItem {',' indexItem} ']'}
  postfix = this.RULE('postfix', () => {
    this.SUBRULE(this.atom);
    this.MANY(() => this.SUBRULE(this.indexing));
  });

  indexing = this.RULE('indexing', () => {
    this.CONSUME(T.LBracket);
    this.AT_LEAST_ONE_SEP({ SEP: T.Comma, DEF: () => this.SUBRULE(this.indexItem) });
    this.CONSUME(T.RBracket);
  });

  // indexItem := [expression] [':' [expression] [':' [expression]]]     (one of them at least)
  indexItem = this.RULE('indexItem', () => {
    this.OPTION(() => this.SUBRULE(this.expression, { LABEL: 'start' }));
    this.OPTION2(() => {
      this.CONSUME(T.Colon, { LABEL: 'colon' });
      this.OPTION3(() => this.SUBRULE2(this.expression, { LABEL: 'stop' }));
      this.OPTION4(() => {
        this.CONSUME2(T.Colon, { LABEL: 'colon2' });
        this.OPTION5(() => this.SUBRULE3(this.expression, { LABEL: 'step' }));
      });
    });
  });

  // atom := NUMBER | 'inf' | 'nan' | 'true' | 'false' | 'null' | call | NAME | '(' expression ')' | array
  atom = this.RULE('atom', () => {
    this.OR([
      { ALT: () => this.CONSUME(T.NumberLiteral) },
      { ALT: () => this.CONSUME(T.Inf) },
      { ALT: () => this.CONSUME(T.Nan) },
      { ALT: () => this.CONSUME(T.True) },
      { ALT: () => this.CONSUME(T.False) },
      { ALT: () => this.CONSUME(T.Null) },
      { GATE: () => this.LA(2).tokenType === T.LParen, ALT: () => this.SUBRULE(this.call) },
      { ALT: () => this.CONSUME(T.Identifier) },
      {
        ALT: () => {
          this.CONSUME(T.LParen);
          this.SUBRULE(this.expression);
          this.CONSUME(T.RParen);
        },
      },
      { ALT: () => this.SUBRULE(this.array) },
    ]);
  });

  // call := NAME '(' [argument {',' argument}] ')'
  call = this.RULE('call', () => {
    this.CONSUME(T.Identifier);
    this.CONSUME(T.LParen);
    this.MANY_SEP({ SEP: T.Comma, DEF: () => this.SUBRULE(this.argument) });
    this.CONSUME(T.RParen);
  });

  // array := '[' [expression {',' expression}] ']'
  array = this.RULE('array', () => {
    this.CONSUME(T.LBracket);
    this.MANY_SEP({ SEP: T.Comma, DEF: () => this.SUBRULE(this.expression) });
    this.CONSUME(T.RBracket);
  });
}

/** One parser for the process: chevrotain parsers are reusable (set `input`, call a rule). */
export const parser = new DoplParser();
