import { negativeBinomial } from '../../random/index.js';
import { betaInc } from '../../special/index.js';
import { scalarFamily } from '../distribution.js';
import {
  guard,
  guard0,
  HALF_LN_2PI,
  inverseCdfStructural,
  isCount,
  tfAll,
  tfBd0,
  tfGuard,
  tfIsCount,
  tfLog1p,
  tfStirlerr,
  xdivy,
} from './shared.js';

/** P(X ≤ x) = I_{α/(α+μ)}(α, ⌊x⌋ + 1). */
export function negativeBinomialCdf(x: number, mu: number, alpha: number): number {
  if (
    !(mu >= 0 && mu < Number.POSITIVE_INFINITY && alpha > 0 && alpha < Number.POSITIVE_INFINITY) ||
    Number.isNaN(x)
  ) {
    return Number.NaN;
  }
  if (x < 0) return 0;
  if (x === Number.POSITIVE_INFINITY || mu === 0) return 1;
  return betaInc(alpha, Math.floor(x) + 1, alpha / (alpha + mu));
}

/**
 * Above this alpha, lgamma(x + α) − lgamma(α) would lose digits to cancellation (relative error
 * ~1e-8 at α = 1e8, 1e-3 at 1e12); the log-mass is then written with Stirling's series, in which
 * the terms of size x·log α cancel analytically and the Poisson limit appears term by term:
 *   (α − ½)·log1p(x/α) − α·log1p(μ/α) + x·log1p((x − μ)/(μ + α)) + x·log μ − x − lgamma(x + 1)
 *   − x/(12·α·(x + α)),
 * whose neglected Stirling terms are below 1/(360·α³) < 3e-15.
 */
const LARGE_ALPHA = 1e4;
const largeAlpha = (x: string, mu: string, a: string) =>
  `((${a} - 0.5) * Math.log1p(${x} / ${a}) - ${a} * Math.log1p(${mu} / ${a})` +
  ` + (${x} === 0 ? 0 : ${x} * (Math.log1p((${x} - ${mu}) / (${mu} + ${a})) + Math.log(${mu}) - 1))` +
  ` - rt.lgamma(${x} + 1) - ${x} / (12 * ${a} * (${x} + ${a})))`;

/**
 * NegativeBinomial(mu, alpha) in PyMC's mean/dispersion form: Var = mu + mu²/alpha (the
 * gamma–Poisson mixture; alpha → ∞ is Poisson(mu)).
 *
 * log p(x) = lgamma(x + α) − lgamma(α) − lgamma(x + 1) − α·log1p(μ/α) + x·log(μ/(μ + α)).
 * Structural form: inverse-CDF coupling.
 *
 * @example getDistribution('NegativeBinomial').cdf!(0, { mu: 3, alpha: 2 }) // 0.16
 */
export const NegativeBinomial = scalarFamily({
  name: 'NegativeBinomial',
  params: ['mu', 'alpha'],
  support: { kind: 'integer', lower: 0 },
  discrete: true,
  checks: { mu: 'positive', alpha: 'positive' },
  lpdf: {
    fwd: ([x, mu, a]) =>
      guard(
        `${isCount(x)} && ${mu} >= 0 && ${mu} < Infinity && ${a} > 0 && ${a} < Infinity`,
        `(${a} > ${LARGE_ALPHA} ? ${largeAlpha(x, mu, a)} : ` +
          `rt.lgamma(${x} + ${a}) - rt.lgamma(${a}) - rt.lgamma(${x} + 1) - ${a} * Math.log1p(${mu} / ${a})` +
          ` + (${x} === 0 ? 0 : ${x} * Math.log(${mu} / (${mu} + ${a}))))`,
      ),
    grad: [
      null,
      (g, _y, [x, mu, a]) => guard0(isCount(x), `${g} * (${xdivy(x, mu)} - (${x} + ${a}) / (${mu} + ${a}))`),
      (g, _y, [x, mu, a]) =>
        guard0(
          isCount(x),
          `${g} * (rt.digamma(${x} + ${a}) - rt.digamma(${a}) - Math.log1p(${mu} / ${a}) + (${mu} - ${x}) / (${mu} + ${a}))`,
        ),
    ],
  },
  // Saddle-point form (R's dnbinom_mu): at x > 0, with M_a = (x + α)·α/(α + μ), M_x = (x + α)·μ/(α + μ),
  //   log p = −½·log1p(x/α) + δ(x + α) − δ(α) − δ(x) − bd0(α, M_a) − bd0(x, M_x) − ½·log(2πx),
  // where α − M_a = α(μ − x)/(α + μ) = −(x − M_x) is formed without rounding M_a: accurate for
  // every α (no switch to the Poisson limit needed).
  tf: (tf, [x, mu, a]) => {
    const ok = tfAll(
      tf,
      tfIsCount(tf, x),
      tf.greaterEqual(mu, 0),
      tf.less(mu, Infinity),
      tf.greater(a, 0),
      tf.less(a, Infinity),
    );
    const [xs, ms, as] = [tf.where(ok, x, 0), tf.where(ok, mu, 1), tf.where(ok, a, 1)];
    const zero = tf.equal(xs, 0);
    const atZero = tf.neg(tf.mul(as, tfLog1p(tf, tf.div(ms, as))));
    // The x > 0 branch with x = μ = 1 where x = 0.
    const [x1, m1] = [tf.where(zero, 1, xs), tf.where(zero, 1, ms)];
    const xa = tf.add(x1, as);
    const dA = tf.div(tf.mul(as, tf.sub(m1, x1)), tf.add(as, m1));
    const bd0A = tfBd0(tf, as, dA, tf.div(tf.sub(m1, x1), xa));
    const bd0X = tfBd0(tf, x1, tf.neg(dA), tf.div(tf.mul(as, tf.sub(x1, m1)), tf.mul(xa, m1)));
    const main = tf.sub(
      tf.sub(
        tf.add(tf.mul(-0.5, tfLog1p(tf, tf.div(x1, as))), tf.sub(tfStirlerr(tf, xa), tfStirlerr(tf, as))),
        tf.add(tfStirlerr(tf, x1), tf.add(bd0A, bd0X)),
      ),
      tf.add(tf.mul(0.5, tf.log(x1)), HALF_LN_2PI),
    );
    return tfGuard(tf, ok, tf.where(zero, atZero, main));
  },
  sample: (rng, { mu, alpha }) => negativeBinomial(rng, mu, alpha),
  cdf: (x, { mu, alpha }) => negativeBinomialCdf(x, mu, alpha),
  structural: inverseCdfStructural({
    name: 'NegativeBinomial',
    cdf: (x, { mu, alpha }) => negativeBinomialCdf(x, mu, alpha),
    lower: 0,
    upper: () => Number.POSITIVE_INFINITY,
    mean: (p) => p.mu,
  }),
});
