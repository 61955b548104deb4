import { DoplError } from '../../errors.js';
import { invLogit } from '../../special/index.js';
import { scalarFamily } from '../distribution.js';
import { guard, guard0, tfAll, tfGuard, tfLog1p } from './shared.js';

type Params = Readonly<Record<string, number>>;

/** The success probability from either parametrization. */
export const bernoulliP = (p: Params): number => ('p' in p ? p.p : invLogit(p.logit_p));

/**
 * Bernoulli(p) on {0, 1}, or Bernoulli(logit_p) with p = inv_logit(logit_p).
 *
 * log p(1) = log p, log p(0) = log1p(−p); with logit_p, −log1p_exp(∓logit_p).
 * Structural form (DESIGN §3): x = 1[u < p], u ~ Uniform(0, 1); abduct(1) = [0, p), abduct(0) = [p, 1).
 *
 * @example getDistribution('Bernoulli').cdf!(0, { p: 0.3 }) // 0.7
 */
export const Bernoulli = scalarFamily({
  name: 'Bernoulli',
  params: ['p'],
  parametrizations: [['p'], ['logit_p']],
  support: { kind: 'integer', lower: 0, upper: 1 },
  discrete: true,
  checks: { p: 'unit_closed', logit_p: 'real' },
  lpdf: [
    {
      fwd: ([x, p]) =>
        guard(
          `${p} >= 0 && ${p} <= 1`,
          `(${x} === 1 ? Math.log(${p}) : ${x} === 0 ? Math.log1p(-${p}) : -Infinity)`,
        ),
      grad: [null, (g, _y, [x, p]) => `(${x} === 1 ? ${g} / ${p} : ${x} === 0 ? -${g} / (1 - ${p}) : 0)`],
    },
    {
      fwd: ([x, l]) =>
        guard(
          `${l} === ${l}`,
          `(${x} === 1 ? -rt.log1pExp(-${l}) : ${x} === 0 ? -rt.log1pExp(${l}) : -Infinity)`,
        ),
      grad: [
        null,
        (g, _y, [x, l]) =>
          guard0(
            `${l} === ${l}`,
            `(${x} === 1 ? ${g} * rt.invLogit(-${l}) : ${x} === 0 ? -${g} * rt.invLogit(${l}) : 0)`,
          ),
      ],
    },
  ],
  tf: [
    (tf, [x, p]) => {
      const one = tf.equal(x, 1);
      const zero = tf.equal(x, 0);
      const lp = tf.where(one, tf.log(tf.where(one, p, 1)), tfLog1p(tf, tf.neg(tf.where(zero, p, 0))));
      return tfGuard(tf, tfAll(tf, tf.logicalOr(one, zero), tf.greaterEqual(p, 0), tf.lessEqual(p, 1)), lp);
    },
    // −log1p_exp(−l) for x = 1, −log1p_exp(l) for x = 0.
    (tf, [x, l]) => {
      const one = tf.equal(x, 1);
      const lp = tf.neg(tf.softplus(tf.where(one, tf.neg(l), l)));
      return tfGuard(tf, tfAll(tf, tf.logicalOr(one, tf.equal(x, 0)), tf.logicalNot(tf.isNaN(l))), lp);
    },
  ],
  sample: (rng, p) => {
    const q = bernoulliP(p);
    return q >= 0 && q <= 1 ? (rng.uniform() < q ? 1 : 0) : Number.NaN;
  },
  cdf: (x, p) => (Number.isNaN(x) ? Number.NaN : x < 0 ? 0 : x < 1 ? 1 - bernoulliP(p) : 1),
  structural: {
    base: 'uniform',
    apply: (p, u) => (u < bernoulliP(p) ? 1 : 0),
    abduct: (p, x) => {
      const q = bernoulliP(p);
      if (x === 1) return [0, q] as const;
      if (x === 0) return [q, 1] as const;
      throw new DoplError(`Bernoulli: cannot abduct the noise of ${x}, which is outside {0, 1}`);
    },
  },
});
