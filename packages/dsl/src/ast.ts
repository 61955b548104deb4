// The typed syntax tree of a dopl program. Every node carries its source position: `line` and
// `col` (1-based) of the token a message should point at, and the offsets of the text it spans.

export interface Pos {
  readonly line: number;
  readonly col: number;
  /** Offset of the node's first character in the source. */
  readonly start: number;
  /** Offset just past the node's last character. */
  readonly end: number;
}

export interface Name {
  readonly kind: 'name';
  readonly name: string;
  readonly pos: Pos;
}

// ---------------------------------------------------------------- expressions

export interface NumberLit {
  readonly kind: 'number';
  readonly value: number;
  readonly pos: Pos;
}
/** `true`, `false` (numbers 1 and 0 in expressions) and `null` (only as a keyword argument). */
export interface KeywordLit {
  readonly kind: 'keyword';
  readonly value: boolean | null;
  readonly pos: Pos;
}
export interface Unary {
  readonly kind: 'unary';
  readonly op: '-' | 'not';
  readonly operand: Expr;
  readonly pos: Pos;
}
export type BinaryOp =
  | '+'
  | '-'
  | '*'
  | '/'
  | '^'
  | '@'
  | '<'
  | '<='
  | '>'
  | '>='
  | '=='
  | '!='
  | 'and'
  | 'or';
export interface Binary {
  readonly kind: 'binary';
  readonly op: BinaryOp;
  readonly left: Expr;
  readonly right: Expr;
  /** Position of the operator (`pos.start`/`pos.end` span the whole expression). */
  readonly opPos: Pos;
  readonly pos: Pos;
}
export interface IfExpr {
  readonly kind: 'if';
  readonly cond: Expr;
  readonly then: Expr;
  readonly else: Expr;
  readonly pos: Pos;
}
export interface KeywordArg {
  readonly name: Name;
  readonly value: Expr;
}
export interface CallExpr {
  readonly kind: 'call';
  readonly callee: Name;
  readonly args: readonly Expr[];
  readonly kwargs: readonly KeywordArg[];
  readonly pos: Pos;
}
/** One entry between brackets: `:` (the whole axis), an index, or a slice `a:b:c`. */
export type IndexItem =
  | { readonly kind: 'all'; readonly pos: Pos }
  | { readonly kind: 'index'; readonly expr: Expr; readonly pos: Pos }
  | {
      readonly kind: 'slice';
      readonly start?: Expr;
      readonly stop?: Expr;
      readonly step?: Expr;
      readonly pos: Pos;
    };
export interface IndexExpr {
  readonly kind: 'index';
  readonly base: Expr;
  readonly items: readonly IndexItem[];
  /** Position of `[`. */
  readonly bracketPos: Pos;
  readonly pos: Pos;
}
export interface ArrayLit {
  readonly kind: 'array';
  readonly items: readonly Expr[];
  readonly pos: Pos;
}

export type Expr = NumberLit | KeywordLit | Name | Unary | Binary | IfExpr | CallExpr | IndexExpr | ArrayLit;

// ---------------------------------------------------------------- declarations

/** `K - 1`, `N * (K + 1)`: integer arithmetic in a dimension. */
export interface DimBinary {
  readonly kind: 'binary';
  readonly op: '+' | '-' | '*';
  readonly left: DimNode;
  readonly right: DimNode;
  /** Position of the operator (`pos.start`/`pos.end` span the whole expression). */
  readonly opPos: Pos;
  readonly pos: Pos;
}
/** `-K` in a dimension. */
export interface DimNegation {
  readonly kind: 'unary';
  readonly op: '-';
  readonly operand: DimNode;
  readonly pos: Pos;
}
/**
 * A dimension: a whole number, the name of scalar int data, or integer arithmetic on them
 * (`K - 1`). A plain name stays a name in the Graph; arithmetic becomes its value once the data
 * is known.
 */
export type DimNode = NumberLit | Name | DimBinary | DimNegation;

/** `lower=0` inside `real<…>`. */
export interface Bound {
  readonly name: Name;
  readonly value: Expr;
}

/** `real<lower=0>[J]`, `int[N]`, `ordered[K]`, `simplex[K]`, `cholesky_corr[K, K]`. */
export interface TypeSpec {
  readonly name: Name;
  /** undefined when there is no `<…>`; empty for `real<>`. */
  readonly bounds?: readonly Bound[];
  readonly dims: readonly DimNode[];
  readonly pos: Pos;
}

/** `x`, `z[J]` (a declared shape), `x[0]` (an initial row) or `x[t in 1:T]` (a recurrence step). */
export interface Target {
  readonly name: Name;
  readonly dims?: readonly DimNode[];
  readonly step?: {
    readonly index: Name;
    readonly start: NumberLit;
    readonly end: DimNode;
    readonly pos: Pos;
  };
  readonly type?: TypeSpec;
  readonly pos: Pos;
}

export interface DistCall {
  readonly name: Name;
  readonly args: readonly Expr[];
  readonly kwargs: readonly KeywordArg[];
  readonly pos: Pos;
}

/** `data NAME: type<bounds>[dims]` */
export interface DataStmt {
  readonly kind: 'data';
  readonly name: Name;
  readonly type: TypeSpec;
  readonly pos: Pos;
}
/** `target ~ Dist(args) [observes expr]` */
export interface RandomStmt {
  readonly kind: 'random';
  readonly target: Target;
  readonly dist: DistCall;
  readonly observes?: Expr;
  readonly pos: Pos;
}
/** `target := expr` */
export interface DefineStmt {
  readonly kind: 'define';
  readonly target: Target;
  readonly expr: Expr;
  readonly pos: Pos;
}
/** `factor NAME := expr` */
export interface FactorStmt {
  readonly kind: 'factor';
  readonly name: Name;
  readonly expr: Expr;
  readonly pos: Pos;
}

export type Statement = DataStmt | RandomStmt | DefineStmt | FactorStmt;

export interface Program {
  readonly kind: 'program';
  readonly file: string;
  readonly source: string;
  readonly statements: readonly Statement[];
}
