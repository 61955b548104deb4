import { ShapeError } from '../../errors.js';
import { call, constant, type Expr } from '../../graph/expr.js';
import { dirichlet } from '../../random/index.js';
import { scalar } from '../../tensor/index.js';
import { registerDistribution } from '../distribution.js';

/** How far Σx may be from 1 for x to count as a point of the simplex (Stan's tolerance). */
export const SIMPLEX_TOLERANCE = 1e-8;

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
    const onSimplex = call('and', [
      noneAlongLast(call('not', [call('ge', [x, c(0)])])),
      call('le', [call('abs', [call('sub', [sumLast(x), c(1)])]), c(SIMPLEX_TOLERANCE)]),
    ]);
    const valid = call('and', [onSimplex, noneAlongLast(call('not', [call('gt', [a, c(0)])]))]);
    return call('where', [valid, lp, c(Number.NEGATIVE_INFINITY)]);
  },
  /** One draw; `p.a` holds one concentration vector. */
  sampleEvent: (rng, { a }, out, offset) => {
    dirichlet(rng, a, out.subarray(offset, offset + a.length));
  },
});
