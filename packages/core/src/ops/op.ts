import type { Attrs } from '../graph/expr.js';
import type { Shape } from '../tensor/index.js';

/**
 * A value inside generated code: a preallocated Float64Array, a local scalar variable, a literal,
 * or a view (offset) into another array — e.g. row `x[t-1]` of a recurrence.
 */
export interface Buf {
  /** JS identifier (or literal text, for scalar literals). */
  readonly id: string;
  readonly shape: Shape;
  /** Held in a local `let` (or a literal) rather than an array. */
  readonly scalar: boolean;
  /** JS expression added to every element index (views). */
  readonly offset?: string;
  /** The array a view points into. */
  readonly base?: Buf;
  readonly literal?: boolean;
}

/** What an op needs from the code generator; implemented by the js backend's Emitter. */
export interface Emit {
  line(code: string): void;
  /** A fresh JS identifier. */
  fresh(prefix: string): string;
  /** Element i of a buffer, as an lvalue/rvalue expression. */
  at(b: Buf, index: string | number): string;
  /** `for (let i = 0; i < n; i++) { body }` */
  loop(n: number | string, body: (i: string) => void): void;
  /** A scratch buffer (array, or local for scalars), allocated once when the model compiles. */
  scratch(shape: Shape): Buf;
  /** Zero every element of a buffer. */
  zero(b: Buf): void;
  /** A position in the emitted code, to insert loop-invariant definitions before a loop later. */
  mark(): number;
  insertAt(mark: number, code: string): void;
  /** Whether a buffer holds data-only values, computed once before any call. */
  isStatic(b: Buf): boolean;
  /**
   * An array of `length` values computed once when the model is built, element `index` of which
   * is `code` (written in terms of the identifier `index`); returns the array's name.
   */
  precompute(length: number, index: string, code: string): string;
}

export interface VjpContext {
  /** Adjoint of the op's output. */
  readonly g: Buf;
  readonly out: Buf;
  readonly args: readonly Buf[];
  /** Adjoint accumulators of the arguments (undefined where no gradient is needed): add into them. */
  readonly gArgs: readonly (Buf | undefined)[];
  readonly attrs: Attrs;
}

/**
 * Hoists a loop-invariant subexpression: `h(code, [k, …])` returns a name defined once before the
 * loop when arguments k, … do not vary over it (scalars broadcast against arrays), else `(code)`.
 * Templates use it for work such as `Math.log(sigma)` that would otherwise run per element.
 */
export type Hoist = (code: string, deps: readonly number[]) => string;

/** Scalar code templates of an elementwise op: arguments and results are JS expressions. */
export interface ElementwiseSpec {
  /** The value, from the argument expressions. */
  readonly fwd: (a: readonly string[], h: Hoist) => string;
  /**
   * Per argument, the contribution to that argument's adjoint given the output adjoint `g`, the
   * output value `y` and the arguments; null where the op is not differentiable in that argument.
   */
  readonly grad: readonly (((g: string, y: string, a: readonly string[], h: Hoist) => string) | null)[];
}

/**
 * An op: its shape rule, its forward evaluation and its vector-Jacobian product side by side, and
 * its TensorFlow.js forward (the tfjs backend differentiates that with tf.grad).
 */
export interface OpDef {
  readonly name: string;
  /** Number of arguments, or [min, max]. */
  readonly arity: number | readonly [number, number];
  readonly shape: (args: readonly Shape[], attrs: Attrs) => Shape;
  /** Elementwise ops give scalar templates; emit and vjp are derived from them. */
  readonly elementwise?: ElementwiseSpec;
  readonly emit?: (e: Emit, out: Buf, args: readonly Buf[], attrs: Attrs) => void;
  readonly vjp?: (e: Emit, c: VjpContext) => void;
  /** Arguments the op is never differentiable in (indices, counts, …). */
  readonly nondiff?: readonly number[];
  /**
   * TensorFlow.js forward, batched: every tensor arrives shaped [b, ...shape] (b = B for values
   * that depend on the parameters, 1 for data), so axis k of the value is axis k + 1 of the
   * tensor. Elementwise ops receive rank-aligned arguments and need not care.
   */
  // biome-ignore lint/suspicious/noExplicitAny: tfjs is an optional, dynamically loaded module
  readonly tf?: (tf: any, args: readonly any[], attrs: Attrs) => any;
}
