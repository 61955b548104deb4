import { binomial } from '../../random/index.js';
import { betaIncComplement, invLogit } from '../../special/index.js';
import { scalarFamily } from '../distribution.js';
import {
  guard,
  guard0,
  inverseCdfStructural,
  isCount,
  lchooseT,
  tfAll,
  tfBinomialLogPmf,
  tfGuard,
  tfIsCount,
  tfIsInteger,
  tfLog1p,
  tfXmul,
  xdivy,
  xlog1my,
  xlogy,
} from './shared.js';

type Params = Readonly<Record<string, number>>;

const prob = (p: Params): number => ('p' in p ? p.p : invLogit(p.logit_p));

/** P(X ≤ x) = 1 − I_p(k + 1, n − k), k = ⌊x⌋. */
export function binomialCdf(x: number, n: number, p: number): number {
  if (!(Number.isInteger(n) && n >= 0 && p >= 0 && p <= 1) || Number.isNaN(x)) return Number.NaN;
  if (x < 0) return 0;
  if (x >= n) return 1;
  const k = Math.floor(x);
  return betaIncComplement(k + 1, n - k, p);
}

const valid = (x: string, n: string) => `${isCount(x)} && Number.isInteger(${n}) && ${x} <= ${n}`;
const tfValid = (tf: any, x: any, n: any) =>
  tfAll(tf, tfIsCount(tf, x), tfIsInteger(tf, n), tf.lessEqual(x, n));

/**
 * Binomial(n, p): successes in n trials, or Binomial(n, logit_p).
 *
 * log p(x) = log C(n, x) + x·log p + (n − x)·log1p(−p); with logit_p the last two terms are
 * −x·log1p_exp(−logit_p) − (n − x)·log1p_exp(logit_p). Structural form: inverse-CDF coupling.
 *
 * @example getDistribution('Binomial').cdf!(3, { n: 10, p: 0.3 }) // 0.6496107184
 */
export const Binomial = scalarFamily({
  name: 'Binomial',
  params: ['n', 'p'],
  parametrizations: [
    ['n', 'p'],
    ['n', 'logit_p'],
  ],
  support: { kind: 'integer', lower: 0, upper: 'n' },
  discrete: true,
  checks: { n: 'count', p: 'unit_closed', logit_p: 'real' },
  lpdf: [
    {
      fwd: ([x, n, p]) =>
        guard(
          `${valid(x, n)} && ${p} >= 0 && ${p} <= 1`,
          `${lchooseT(n, x)} + ${xlogy(x, p)} + ${xlog1my(`(${n} - ${x})`, p)}`,
        ),
      grad: [
        null,
        null,
        (g, _y, [x, n, p]) =>
          guard0(`${valid(x, n)}`, `${g} * (${xdivy(x, p)} - ${xdivy(`(${n} - ${x})`, `(1 - ${p})`)})`),
      ],
    },
    {
      fwd: ([x, n, l]) =>
        guard(
          `${valid(x, n)} && ${l} === ${l}`,
          `${lchooseT(n, x)} - (${x} === 0 ? 0 : ${x} * rt.log1pExp(-${l})) - (${n} === ${x} ? 0 : (${n} - ${x}) * rt.log1pExp(${l}))`,
        ),
      grad: [
        null,
        null,
        (g, _y, [x, n, l]) => guard0(`${valid(x, n)}`, `${g} * (${x} - ${n} * rt.invLogit(${l}))`),
      ],
    },
  ],
  tf: [
    (tf, [x, n, p]) => {
      const ok = tfAll(tf, tfValid(tf, x, n), tf.greaterEqual(p, 0), tf.lessEqual(p, 1));
      const [xs, ns, ps] = [tf.where(ok, x, 0), tf.where(ok, n, 0), tf.where(ok, p, 0.5)];
      const lp = tfBinomialLogPmf(
        tf,
        xs,
        ns,
        tf.mul(ns, ps),
        tf.mul(ns, tf.sub(1, ps)),
        tfXmul(tf, ns, ps, (v) => tfLog1p(tf, tf.neg(v))),
        tfXmul(tf, ns, ps, (v) => tf.log(v), 1),
      );
      return tfGuard(tf, ok, lp);
    },
    (tf, [x, n, l]) => {
      const ok = tf.logicalAnd(tfValid(tf, x, n), tf.logicalNot(tf.isNaN(l)));
      const [xs, ns, ls] = [tf.where(ok, x, 0), tf.where(ok, n, 0), tf.where(ok, l, 0)];
      const lp = tfBinomialLogPmf(
        tf,
        xs,
        ns,
        tf.mul(ns, tf.sigmoid(ls)),
        tf.mul(ns, tf.sigmoid(tf.neg(ls))),
        tf.neg(tfXmul(tf, ns, ls, (v) => tf.softplus(v))),
        tf.neg(tfXmul(tf, ns, ls, (v) => tf.softplus(tf.neg(v)))),
      );
      return tfGuard(tf, ok, lp);
    },
  ],
  sample: (rng, p) => binomial(rng, p.n, prob(p)),
  cdf: (x, p) => binomialCdf(x, p.n, prob(p)),
  structural: inverseCdfStructural({
    name: 'Binomial',
    cdf: (x, p) => binomialCdf(x, p.n, prob(p)),
    lower: 0,
    upper: (p) => p.n,
    mean: (p) => p.n * prob(p),
  }),
});
