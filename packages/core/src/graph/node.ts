import type { Tensor } from '../tensor/index.js';
import type { Expr } from './expr.js';

/** A dimension: a number, or the name of an int data node (resolved once data is bound). */
export type Dim = number | string;
export type DType = 'real' | 'int' | 'bool';

/**
 * Constraints a random node may declare beyond its distribution's support (Stan's constrained
 * types). Bounds are expressions and may read other nodes: `0 < beta1 < 1 - alpha1`.
 */
export type Constraint =
  | { readonly kind: 'interval'; readonly lower?: Expr; readonly upper?: Expr }
  | { readonly kind: 'ordered' }
  | { readonly kind: 'positive_ordered' }
  | { readonly kind: 'simplex' }
  | { readonly kind: 'cholesky_corr' };

export interface DistCall {
  /** Distribution name, e.g. 'Normal'. */
  readonly name: string;
  /** Arguments by parameter name (PyMC's names). */
  readonly args: Readonly<Record<string, Expr>>;
}

/** What a `data` declaration says about its values. */
export interface DataDecl {
  readonly dtype: DType;
  readonly dims: readonly Dim[];
  readonly lower?: number;
  readonly upper?: number;
}

/** An input array with a declared type and shape; `value` once data is bound. */
export interface DataNode {
  readonly kind: 'data';
  readonly name: string;
  readonly dtype: DType;
  readonly dims: readonly Dim[];
  readonly lower?: number;
  readonly upper?: number;
  readonly value?: Tensor;
}

/** `name ~ Dist(args)`: latent unless `observed` holds its value. */
export interface RandomNode {
  readonly kind: 'random';
  readonly name: string;
  readonly dist: DistCall;
  /** Declared shape (`z[J] ~ Normal(0, 1)`); otherwise the broadcast of the arguments. */
  readonly dims?: readonly Dim[];
  readonly constraint?: Constraint;
  /** The observed value: a constant, or an expression of data (never of parameters). */
  readonly observed?: Expr;
  /** The `data` declaration this node observes (type, dims, bounds), checked when data is bound. */
  readonly data?: DataDecl;
  /**
   * Element-by-element definition `x[t] ~ Dist(f(x[t-1], …))`: the first `init.length` elements
   * follow their own distributions, the rest follow `dist` with `self`/`step` inside its args.
   */
  readonly recurrence?: { readonly init: readonly DistCall[] };
}

/** `name := expr`: a structural equation, recorded in the trace. */
export interface DeterministicNode {
  readonly kind: 'deterministic';
  readonly name: string;
  readonly expr: Expr;
  /** `x[0..k-1] := init; x[t] := expr(x[t-1], …)` with `expr` using self/step. */
  readonly recurrence?: { readonly length: Dim; readonly init: readonly Expr[] };
}

/** An extra log-density term (PyMC's Potential, Stan's `target +=`). */
export interface FactorNode {
  readonly kind: 'factor';
  readonly name: string;
  readonly expr: Expr;
}

export type Node = DataNode | RandomNode | DeterministicNode | FactorNode;

export const isLatent = (n: Node): n is RandomNode => n.kind === 'random' && n.observed === undefined;
