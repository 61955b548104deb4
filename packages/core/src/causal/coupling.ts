import { cumsum, exp, invLogit, log, logSoftmax, reshape, sum, where } from '../builder/functions.js';
import { Term, term } from '../builder/term.js';
import { call } from '../graph/expr.js';
import { tensor } from '../tensor/index.js';

type Args = Readonly<Record<string, Term>>;

/** The node's shape, and the number of categories of a family with a category axis. */
export interface CouplingShape {
  readonly shape: readonly number[];
  readonly categories?: number;
}

/**
 * A family's structural form written with graph ops, so that a twin network can hold the noise
 * as a node. `point`: the noise is a function of x (continuous families); `interval`: x pins the
 * noise only to [lower, upper) of a Uniform(0, 1) (inverse-CDF coupling of discrete families).
 *
 * Continuous families store a *standardized* value z = (x − loc)/scale (LogNormal: on the log
 * scale) rather than the structural u = F(x). Their CDF is F(x) = G((x − loc)/scale; shape) with G
 * strictly increasing in z, so the same z means the same u, and x′ = loc′ + scale′·z is exactly
 * F′⁻¹(F(x)) — provided the shape parameters (`fixed`) are the same in both worlds. That keeps the
 * twin free of quantile functions no op computes.
 */
export type GraphCoupling =
  | {
      readonly kind: 'point';
      /** Parameters that must be equal in both worlds for the coupling to be the CDF coupling. */
      readonly fixed: readonly string[];
      readonly abduct: (x: Term, a: Args) => Term;
      readonly apply: (z: Term, a: Args) => Term;
    }
  | {
      readonly kind: 'interval';
      readonly fixed: readonly string[];
      readonly lower: (x: Term, a: Args, s: CouplingShape) => Term;
      readonly upper: (x: Term, a: Args, s: CouplingShape) => Term;
      readonly apply: (u: Term, a: Args, s: CouplingShape) => Term;
    };

const locScale = (loc: string, scale: string, fixed: readonly string[] = []): GraphCoupling => ({
  kind: 'point',
  fixed,
  abduct: (x, a) => x.sub(a[loc]).div(a[scale]),
  apply: (z, a) => a[loc].add(a[scale].mul(z)),
});

const scaled = (scale: string, fixed: readonly string[] = []): GraphCoupling => ({
  kind: 'point',
  fixed,
  abduct: (x, a) => x.div(a[scale]),
  apply: (z, a) => a[scale].mul(z),
});

const rated = (rate: string, fixed: readonly string[] = []): GraphCoupling => ({
  kind: 'point',
  fixed,
  abduct: (x, a) => x.mul(a[rate]),
  apply: (z, a) => z.div(a[rate]),
});

/** Bernoulli's success probability from either parametrization. */
const successP = (a: Args): Term => a.p ?? invLogit(a.logit_p);

export const graphCouplings: Readonly<Record<string, GraphCoupling>> = {
  Normal: locScale('mu', 'sigma'),
  StudentT: locScale('mu', 'sigma', ['nu']),
  Cauchy: locScale('alpha', 'beta'),
  Laplace: locScale('mu', 'b'),
  Logistic: locScale('mu', 's'),
  Uniform: {
    kind: 'point',
    fixed: [],
    abduct: (x, a) => x.sub(a.lower).div(a.upper.sub(a.lower)),
    apply: (z, a) => a.lower.add(a.upper.sub(a.lower).mul(z)),
  },
  LogNormal: {
    kind: 'point',
    fixed: [],
    abduct: (x, a) => log(x).sub(a.mu).div(a.sigma),
    apply: (z, a) => exp(a.mu.add(a.sigma.mul(z))),
  },
  HalfNormal: scaled('sigma'),
  HalfCauchy: scaled('beta'),
  HalfStudentT: scaled('sigma', ['nu']),
  Exponential: rated('lam'),
  Gamma: rated('beta', ['alpha']),
  InverseGamma: scaled('beta', ['alpha']),
  Weibull: scaled('beta', ['alpha']),
  Beta: { kind: 'point', fixed: ['alpha', 'beta'], abduct: (x) => x, apply: (z) => z },
  // x = 1[u < p]: x = 1 came from u in [0, p), x = 0 from [p, 1).
  Bernoulli: {
    kind: 'interval',
    fixed: [],
    lower: (x, a) => where(x.eq(1), 0, successP(a)),
    upper: (x, a) => where(x.eq(1), successP(a), 1),
    apply: (u, a) => u.lt(successP(a)),
  },
  Categorical: categoricalCoupling(),
};

/**
 * Categorical over 0 … K − 1 as inverse-CDF coupling x = #{k < K − 1 : F(k) ≤ u}, with
 * [F(x − 1), F(x)) the noise of x; every term broadcast to [...shape, K], the category axis last.
 */
function categoricalCoupling(): GraphCoupling {
  const probs = (a: Args, s: CouplingShape): Term => {
    const K = s.categories ?? 1;
    const full = [...s.shape, K];
    const to = (t: Term) => new Term(call('broadcast_to', [t.expr], { shape: full }));
    if (a.logits) return to(exp(logSoftmax(a.logits)));
    const p = to(a.p);
    return p.div(
      reshape(
        sum(p, s.shape.length),
        full.map((d, i) => (i === s.shape.length ? 1 : d)),
      ),
    );
  };
  const column = (t: Term, s: CouplingShape) => reshape(t, [...s.shape, 1]);
  const index = (s: CouplingShape) => {
    const K = s.categories ?? 1;
    return term(
      tensor(
        Array.from({ length: K }, (_, k) => k),
        [K],
      ),
    );
  };
  const axis = (s: CouplingShape) => s.shape.length;
  return {
    kind: 'interval',
    fixed: [],
    lower: (x, a, s) => sum(probs(a, s).mul(index(s).lt(column(x, s))), axis(s)),
    // The last category's upper end is 1 exactly, not a sum that may round below it.
    upper: (x, a, s) =>
      where(x.eq((s.categories ?? 1) - 1), 1, sum(probs(a, s).mul(index(s).le(column(x, s))), axis(s))),
    apply: (u, a, s) => {
      const below = cumsum(probs(a, s), axis(s)).le(column(u, s));
      return sum(below.mul(index(s).lt((s.categories ?? 1) - 1)), axis(s));
    },
  };
}

/** Families a twin network can copy, for error messages. */
export const coupledFamilies = (): string[] => Object.keys(graphCouplings);
