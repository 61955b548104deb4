import { DoplError } from '../errors.js';
import { call, constant, type Expr } from '../graph/expr.js';
import { type Shape, scalar, size } from '../tensor/index.js';

/**
 * A bijection from unconstrained reals to a constrained set, with the log absolute determinant
 * of its Jacobian, both as graph expressions so the compiler differentiates them like any op.
 * `inverse` maps natural values back (for inits and `unconstrain`).
 */
export interface Bijector {
  readonly name: string;
  /** Shape of the unconstrained vector for a value of the given (constrained) shape. */
  unconstrainedShape(shape: Shape): Shape;
  /** Constrained value and log|J| (a scalar), from the unconstrained expression u. */
  forward(u: Expr, bounds: Bounds): { value: Expr; logJac: Expr };
  /** Unconstrained values from natural ones; bounds already evaluated. */
  inverse(x: Float64Array, shape: Shape, bounds: NumericBounds): Float64Array;
}

export interface Bounds {
  readonly lower?: Expr;
  readonly upper?: Expr;
}
export interface NumericBounds {
  readonly lower?: ArrayLike<number>;
  readonly upper?: ArrayLike<number>;
}

const ZERO = constant(scalar(0));
const sumAll = (e: Expr) => call('sum', [e]);
const at = (b: ArrayLike<number> | undefined, i: number) =>
  b === undefined ? Number.NaN : b.length === 1 ? b[0] : b[i];

export const identity: Bijector = {
  name: 'identity',
  unconstrainedShape: (s) => s,
  forward: (u) => ({ value: u, logJac: ZERO }),
  inverse: (x) => Float64Array.from(x),
};

/** (lower, ∞): x = lower + eᵘ. */
export const lowerBound: Bijector = {
  name: 'lower',
  unconstrainedShape: (s) => s,
  forward: (u, { lower }) => ({ value: call('add', [lower ?? ZERO, call('exp', [u])]), logJac: sumAll(u) }),
  inverse: (x, _s, { lower }) => x.map((v, i) => Math.log(v - (lower ? at(lower, i) : 0))),
};

/** (−∞, upper): x = upper − eᵘ. */
export const upperBound: Bijector = {
  name: 'upper',
  unconstrainedShape: (s) => s,
  forward: (u, { upper }) => ({ value: call('sub', [upper!, call('exp', [u])]), logJac: sumAll(u) }),
  inverse: (x, _s, { upper }) => x.map((v, i) => Math.log(at(upper, i) - v)),
};

/** (lower, upper): x = lower + (upper − lower)·logistic(u). */
export const interval: Bijector = {
  name: 'interval',
  unconstrainedShape: (s) => s,
  forward: (u, { lower, upper }) => {
    const lo = lower ?? ZERO;
    const width = call('sub', [upper!, lo]);
    const value = call('add', [lo, call('mul', [width, call('inv_logit', [u])])]);
    const perElement = call('add', [
      call('log', [width]),
      call('add', [call('log_inv_logit', [u]), call('log1m_inv_logit', [u])]),
    ]);
    // log(width) broadcasts against u, so a scalar bound counts once per element.
    return { value, logJac: sumAll(perElement) };
  },
  inverse: (x, _s, { lower, upper }) =>
    x.map((v, i) => {
      const lo = lower ? at(lower, i) : 0;
      const p = (v - lo) / (at(upper, i) - lo);
      return Math.log(p / (1 - p));
    }),
};

const vectorOnly = (name: string, s: Shape) => {
  if (s.length !== 1) throw new DoplError(`${name} values must be vectors, got shape [${s.join(', ')}]`);
};

/** Ordered vectors: x₀ = u₀, x_k = x_{k−1} + e^{u_k}. */
export const ordered: Bijector = {
  name: 'ordered',
  unconstrainedShape: (s) => {
    vectorOnly('ordered', s);
    return s;
  },
  forward: (u) => {
    const head = call('slice', [u], { axis: 0, start: 0, stop: 1 });
    const tail = call('slice', [u], { axis: 0, start: 1, stop: null });
    const value = call('concat', [head, call('add', [head, call('cumsum', [call('exp', [tail])])])], {
      axis: 0,
    });
    return { value, logJac: sumAll(tail) };
  },
  inverse: (x) => x.map((v, i) => (i === 0 ? v : Math.log(v - x[i - 1]))),
};

/** Positive ordered vectors: x = cumsum(eᵘ). */
export const positiveOrdered: Bijector = {
  name: 'positive_ordered',
  unconstrainedShape: (s) => {
    vectorOnly('positive_ordered', s);
    return s;
  },
  forward: (u) => ({ value: call('cumsum', [call('exp', [u])]), logJac: sumAll(u) }),
  inverse: (x) => x.map((v, i) => Math.log(i === 0 ? v : v - x[i - 1])),
};

/**
 * Simplex by the additive log-ratio map: x = softmax([u, 0]). Its Jacobian determinant is the
 * product of all K components, so log|J| = Σ log x. A matrix (or higher) is a batch of simplexes
 * along its last axis (an HMM's transition rows, `p[K, K] ~ Dirichlet(…)`).
 */
export const simplex: Bijector = {
  name: 'simplex',
  unconstrainedShape: (s) => {
    if (s.length === 0) throw new DoplError('simplex values must be vectors, got a scalar');
    return [...s.slice(0, -1), s[s.length - 1] - 1];
  },
  forward: (u) => {
    // The appended 0 of each row: its shape is u's with a last axis of 1 (a vector's is [1]).
    const batch = u.kind === 'param' ? u.shape.slice(0, -1) : [];
    const zeros = constant({ shape: [...batch, 1], data: new Float64Array(size(batch)) });
    const logx = call('log_softmax', [call('concat', [u, zeros], { axis: -1 })]);
    return { value: call('exp', [logx]), logJac: sumAll(logx) };
  },
  inverse: (x, s) => {
    const K = s[s.length - 1];
    const rows = K === 0 ? 0 : x.length / K;
    const out = new Float64Array(rows * (K - 1));
    for (let r = 0; r < rows; r++) {
      const last = Math.log(x[r * K + K - 1]);
      for (let i = 0; i < K - 1; i++) out[r * (K - 1) + i] = Math.log(x[r * K + i]) - last;
    }
    return out;
  },
};

export const unconstrainedSize = (b: Bijector, s: Shape): number => size(b.unconstrainedShape(s));
