import { ShapeError } from '../../errors.js';
import { call, constant, type Expr } from '../../graph/expr.js';
import { defineOp } from '../../ops/registry.js';
import { dirichlet } from '../../random/index.js';
import { formatShape, scalar, size } from '../../tensor/index.js';
import { registerDistribution } from '../distribution.js';

/** How far Σx may be from 1 for x to count as a point of the simplex (Stan's tolerance). */
export const SIMPLEX_TOLERANCE = 1e-8;

/**
 * The same tolerance in float32 (the tfjs forward): a float32 simplex of K components sums to 1
 * only within about K·2⁻²⁴ (each component rounded, then K − 1 rounded additions); a factor 8 of
 * margin.
 */
const simplexToleranceF32 = (K: number): number => Math.max(SIMPLEX_TOLERANCE, 8 * K * 2 ** -24);

/**
 * simplex_lpdf(x): the log-indicator of the probability simplex along the last axis of x — 0 where
 * every component is ≥ 0 and |Σx − 1| ≤ 1e-8 (SIMPLEX_TOLERANCE), −Infinity elsewhere (and for NaN).
 * The tfjs forward allows simplexToleranceF32(K) instead, float32 being unable to resolve 1e-8.
 * Its derivative is 0 wherever it exists. (x is not declared `nondiff`: the js backend would then
 * take it for data and evaluate the op once.)
 */
export const simplexLpdf = defineOp({
  name: 'simplex_lpdf',
  arity: 1,
  shape: ([x]) => {
    if (x.length === 0) throw new ShapeError(`simplex_lpdf needs a vector argument, got ${formatShape(x)}`);
    return x.slice(0, -1);
  },
  emit: (e, out, [x]) => {
    const K = x.shape[x.shape.length - 1];
    e.loop(size(out.shape), (r) => {
      const s = e.fresh('s');
      const ok = e.fresh('ok');
      e.line(`let ${s} = 0, ${ok} = true;`);
      e.loop(K, (k) => {
        const v = e.at(x, `${r} * ${K} + ${k}`);
        e.line(`if (!(${v} >= 0)) ${ok} = false;`);
        e.line(`${s} += ${v};`);
      });
      e.line(`${e.at(out, r)} = ${ok} && Math.abs(${s} - 1) <= ${SIMPLEX_TOLERANCE} ? 0 : -Infinity;`);
    });
  },
  vjp: () => {},
  // Batched: x [b, ...batch, K]; failures are counted with sums of casts (tfjs has no gradient
  // for `all`, and x may depend on the parameters).
  tf: (tf, [x]) => {
    const K = x.shape[x.rank - 1];
    const negative = tf.sum(tf.cast(tf.logicalNot(tf.greaterEqual(x, 0)), 'float32'), x.rank - 1);
    const near = tf.lessEqual(tf.abs(tf.sub(tf.sum(x, x.rank - 1), 1)), simplexToleranceF32(K));
    return tf.where(tf.logicalAnd(tf.equal(negative, 0), near), 0, Number.NEGATIVE_INFINITY);
  },
});

const c = (v: number) => constant(scalar(v));
const sumLast = (e: Expr) => call('sum', [e], { axis: -1 });
/** 1 where no element along the last axis fails `bad`, else 0. */
const noneAlongLast = (bad: Expr) => call('eq', [sumLast(bad), c(0)]);

/**
 * Dirichlet(a) on the simplex {x : x_k ≥ 0, Σx = 1}; the component axis is the last axis of a
 * (and of the value).
 *
 * log p(x) = Σ (a_k − 1)·log x_k + lgamma(Σ a) − Σ lgamma(a_k); −Infinity off the simplex
 * (a negative component, or |Σx − 1| > 1e-8) and for non-positive a.
 */
export const Dirichlet = registerDistribution({
  name: 'Dirichlet',
  params: ['a'],
  parametrizations: [['a']],
  defaults: {},
  eventRank: 1,
  support: { kind: 'simplex' },
  discrete: false,
  checks: { a: 'positive' },
  shapes: (args, where) => {
    const a = args.a;
    if (a === undefined || a.length === 0) {
      throw new ShapeError('Dirichlet: a must be a vector of concentrations (components on the last axis)', {
        node: where,
      });
    }
    return { batch: a.slice(0, -1), event: [a[a.length - 1]] };
  },
  logp: (x, { a }) => {
    const kernel = sumLast(call('mul', [call('sub', [a, c(1)]), call('log', [x])]));
    const lp = call('add', [
      call('sub', [kernel, sumLast(call('lgamma', [a]))]),
      call('lgamma', [sumLast(a)]),
    ]);
    const onSimplex = call('eq', [call('simplex_lpdf', [x]), c(0)]);
    const valid = call('and', [onSimplex, noneAlongLast(call('not', [call('gt', [a, c(0)])]))]);
    return call('where', [valid, lp, c(Number.NEGATIVE_INFINITY)]);
  },
  /** One draw; `p.a` holds one concentration vector. */
  sampleEvent: (rng, { a }, out, offset) => {
    dirichlet(rng, a, out.subarray(offset, offset + a.length));
  },
});
