import { getOp } from '../../ops/index.js';
import { studentT } from '../../random/index.js';
import { betaIncInv, LN_PI, studentTCdf } from '../../special/index.js';
import { scalarFamily } from '../distribution.js';

/**
 * StudentT(nu, mu, sigma): mu + sigma·T with T Student's t on nu degrees of freedom; sigma is a
 * scale, not the standard deviation (that is sigma·√(ν/(ν−2)) for ν > 2).
 *
 * log p = lgamma((ν+1)/2) − lgamma(ν/2) − ½·log(νπ) − log σ − (ν+1)/2 · log1p(z²/ν), z = (x − μ)/σ.
 *
 * @example getDistribution('StudentT').cdf!(1, { nu: 1, mu: 0, sigma: 1 }) // 0.75 (the Cauchy)
 */
export const StudentT = scalarFamily({
  name: 'StudentT',
  params: ['nu', 'mu', 'sigma'],
  defaults: { mu: 0, sigma: 1 },
  support: { kind: 'real' },
  checks: { nu: 'positive', mu: 'real', sigma: 'positive' },
  lpdf: {
    fwd: ([x, nu, mu, s]) => {
      const z = `((${x} - ${mu}) / ${s})`;
      return (
        `(${nu} > 0 && ${s} > 0 ? rt.lgamma(0.5 * (${nu} + 1)) - rt.lgamma(0.5 * ${nu}) - 0.5 * (Math.log(${nu}) + ${LN_PI})` +
        ` - Math.log(${s}) - 0.5 * (${nu} + 1) * Math.log1p(${z} * ${z} / ${nu}) : -Infinity)`
      );
    },
    grad: [
      // ∂/∂x = −(ν+1)·z / (σ·(ν + z²))
      (g, _y, [x, nu, mu, s]) => {
        const z = `((${x} - ${mu}) / ${s})`;
        return `${g} * -(${nu} + 1) * ${z} / (${s} * (${nu} + ${z} * ${z}))`;
      },
      // ∂/∂ν = ½·[ψ((ν+1)/2) − ψ(ν/2) − 1/ν − log1p(z²/ν) + (ν+1)·z² / (ν·(ν + z²))]
      (g, _y, [x, nu, mu, s]) => {
        const z2 = `(((${x} - ${mu}) / ${s}) * ((${x} - ${mu}) / ${s}))`;
        return (
          `${g} * 0.5 * (rt.digamma(0.5 * (${nu} + 1)) - rt.digamma(0.5 * ${nu}) - 1 / ${nu}` +
          ` - Math.log1p(${z2} / ${nu}) + (${nu} + 1) * ${z2} / (${nu} * (${nu} + ${z2})))`
        );
      },
      (g, _y, [x, nu, mu, s]) => {
        const z = `((${x} - ${mu}) / ${s})`;
        return `${g} * (${nu} + 1) * ${z} / (${s} * (${nu} + ${z} * ${z}))`;
      },
      // ∂/∂σ = ((ν+1)·z² / (ν + z²) − 1) / σ
      (g, _y, [x, nu, mu, s]) => {
        const z2 = `(((${x} - ${mu}) / ${s}) * ((${x} - ${mu}) / ${s}))`;
        return `${g} * ((${nu} + 1) * ${z2} / (${nu} + ${z2}) - 1) / ${s}`;
      },
    ],
  },
  tf: (tf, [x, nu, mu, s]) => {
    const lgamma = (a: unknown) => getOp('lgamma').tf!(tf, [a], {});
    const z = tf.div(tf.sub(x, mu), s);
    const half = tf.mul(0.5, tf.add(nu, 1));
    const norm = tf.sub(
      tf.sub(lgamma(half), lgamma(tf.mul(0.5, nu))),
      tf.mul(0.5, tf.add(tf.log(nu), LN_PI)),
    );
    return tf.sub(tf.sub(norm, tf.log(s)), tf.mul(half, tf.log1p(tf.div(tf.square(z), nu))));
  },
  sample: (rng, { nu, mu, sigma }) => mu + sigma * studentT(rng, nu),
  cdf: (x, { nu, mu, sigma }) => studentTCdf((x - mu) / sigma, nu),
  // The standardized t is not normal, so the noise is the uniform u = F(x).
  structural: {
    base: 'uniform',
    apply: ({ nu, mu, sigma }, u) => mu + sigma * studentTQuantile(u, nu),
    abduct: ({ nu, mu, sigma }, x) => studentTCdf((x - mu) / sigma, nu),
  },
});

/**
 * The u-quantile of Student's t. With p = P(|T| > t) = 2·min(u, 1 − u) = I_{ν/(ν+t²)}(ν/2, ½), the
 * incomplete beta is inverted on whichever side keeps its argument away from 1.
 */
export function studentTQuantile(u: number, nu: number): number {
  const p = 2 * Math.min(u, 1 - u);
  let t: number;
  if (p > 0.5) {
    // |t| small: t²/(ν + t²) = I⁻¹(½, ν/2; 1 − p).
    const w = betaIncInv(0.5, 0.5 * nu, Math.abs(1 - 2 * u));
    t = Math.sqrt((nu * w) / (1 - w));
  } else {
    const y = betaIncInv(0.5 * nu, 0.5, p);
    t = Math.sqrt((nu * (1 - y)) / y);
  }
  return u < 0.5 ? -t : t;
}
