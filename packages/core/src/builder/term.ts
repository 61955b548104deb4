import { DoplError } from '../errors.js';
import { type Attrs, call, constant, type Expr, self, step } from '../graph/expr.js';
import { isTensor, type NestedArray, type Tensor, toTensor } from '../tensor/index.js';

/**
 * A value in a model under construction: a node, a constant or an expression of them. Methods
 * read like the language (`mu.add(tau.mul(z))` is `mu + tau * z`).
 */
export class Term {
  constructor(readonly expr: Expr) {}
  add(b: TermLike): Term {
    return op('add', this, b);
  }
  sub(b: TermLike): Term {
    return op('sub', this, b);
  }
  mul(b: TermLike): Term {
    return op('mul', this, b);
  }
  div(b: TermLike): Term {
    return op('div', this, b);
  }
  pow(b: TermLike): Term {
    return op('pow', this, b);
  }
  neg(): Term {
    return op('neg', this);
  }
  matmul(b: TermLike): Term {
    return op('matmul', this, b);
  }
  /** Integer-array or scalar indexing along an axis (0-based): `x[idx]`. */
  at(index: TermLike, axis = 0): Term {
    return new Term(call('take', [term(this).expr, term(index).expr], { axis }));
  }
  /** `x[start:stop:step]` along an axis; null for an open end. */
  slice(start: number | null, stop: number | null, stepSize = 1, axis = 0): Term {
    return new Term(call('slice', [this.expr], { axis, start, stop, step: stepSize }));
  }
  lt(b: TermLike): Term {
    return op('lt', this, b);
  }
  le(b: TermLike): Term {
    return op('le', this, b);
  }
  gt(b: TermLike): Term {
    return op('gt', this, b);
  }
  ge(b: TermLike): Term {
    return op('ge', this, b);
  }
  eq(b: TermLike): Term {
    return op('eq', this, b);
  }
}

export type TermLike = Term | number | boolean | NestedArray | Tensor | Float64Array;

export function term(x: TermLike): Term {
  if (x instanceof Term) return x;
  if (
    typeof x === 'number' ||
    typeof x === 'boolean' ||
    Array.isArray(x) ||
    isTensor(x) ||
    x instanceof Float64Array
  ) {
    return new Term(constant(toTensor(x as NestedArray)));
  }
  throw new DoplError(`expected a number, an array or a model term, got ${typeof x}`);
}

export const op = (name: string, ...args: TermLike[]): Term =>
  new Term(
    call(
      name,
      args.map((a) => term(a).expr),
    ),
  );
export const opWith = (name: string, attrs: Attrs, ...args: TermLike[]): Term =>
  new Term(
    call(
      name,
      args.map((a) => term(a).expr),
      attrs,
    ),
  );

/** Inside a recurrence step: the node's own element x[t − lag]. */
export const prev = (lag = 1): Term => new Term(self(lag));
/** Inside a recurrence step: the index t. */
export const t = (): Term => new Term(step());
