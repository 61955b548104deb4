import { negativeBinomial } from '../../random/index.js';
import { betaInc } from '../../special/index.js';
import { scalarFamily } from '../distribution.js';
import { guard, guard0, inverseCdfStructural, isCount, xdivy } from './shared.js';

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
