import { getOp } from '../../ops/index.js';
import { studentT } from '../../random/index.js';
import { betaInc, betaIncComplement, betaIncInv, LN_2, LN_PI } from '../../special/index.js';
import { scalarFamily } from '../distribution.js';

/**
 * HalfStudentT(nu, sigma): sigma·|T| with T Student's t on nu degrees of freedom, on [0, ∞).
 *
 * log p = log 2 + lgamma((ν+1)/2) − lgamma(ν/2) − ½·log(νπ) − log σ − (ν+1)/2 · log1p(z²/ν), z = x/σ.
 *
 * @example getDistribution('HalfStudentT').cdf!(1, { nu: 1, sigma: 1 }) // 0.5 (the half-Cauchy median)
 */
export const HalfStudentT = scalarFamily({
  name: 'HalfStudentT',
  params: ['nu', 'sigma'],
  defaults: { nu: 1, sigma: 1 },
  support: { kind: 'positive' },
  checks: { nu: 'positive', sigma: 'positive' },
  lpdf: {
    fwd: ([x, nu, s]) => {
      const z = `(${x} / ${s})`;
      return (
        `(${nu} > 0 && ${s} > 0 && ${x} >= 0 ? ${LN_2} + rt.lgamma(0.5 * (${nu} + 1)) - rt.lgamma(0.5 * ${nu})` +
        ` - 0.5 * (Math.log(${nu}) + ${LN_PI}) - Math.log(${s}) - 0.5 * (${nu} + 1) * Math.log1p(${z} * ${z} / ${nu}) : -Infinity)`
      );
    },
    grad: [
      // ∂/∂x = −(ν+1)·z / (σ·(ν + z²))
      (g, _y, [x, nu, s]) =>
        `${g} * -(${nu} + 1) * (${x} / ${s}) / (${s} * (${nu} + (${x} / ${s}) * (${x} / ${s})))`,
      // ∂/∂ν = ½·[ψ((ν+1)/2) − ψ(ν/2) − 1/ν − log1p(z²/ν) + (ν+1)·z² / (ν·(ν + z²))]
      (g, _y, [x, nu, s]) => {
        const z2 = `((${x} / ${s}) * (${x} / ${s}))`;
        return (
          `${g} * 0.5 * (rt.digamma(0.5 * (${nu} + 1)) - rt.digamma(0.5 * ${nu}) - 1 / ${nu}` +
          ` - Math.log1p(${z2} / ${nu}) + (${nu} + 1) * ${z2} / (${nu} * (${nu} + ${z2})))`
        );
      },
      // ∂/∂σ = ((ν+1)·z² / (ν + z²) − 1) / σ
      (g, _y, [x, nu, s]) => {
        const z2 = `((${x} / ${s}) * (${x} / ${s}))`;
        return `${g} * ((${nu} + 1) * ${z2} / (${nu} + ${z2}) - 1) / ${s}`;
      },
    ],
  },
  tf: (tf, [x, nu, s]) => {
    const lgamma = (a: unknown) => getOp('lgamma').tf!(tf, [a], {});
    const half = tf.mul(0.5, tf.add(nu, 1));
    const norm = tf.sub(
      tf.sub(lgamma(half), lgamma(tf.mul(0.5, nu))),
      tf.mul(0.5, tf.add(tf.log(nu), LN_PI)),
    );
    const lp = tf.sub(
      tf.sub(tf.add(norm, LN_2), tf.log(s)),
      tf.mul(half, tf.log1p(tf.div(tf.square(tf.div(x, s)), nu))),
    );
    return tf.where(tf.greaterEqual(x, 0), lp, -Infinity);
  },
  sample: (rng, { nu, sigma }) => sigma * Math.abs(studentT(rng, nu)),
  cdf: (x, { nu, sigma }) => halfStudentTCdf(x / sigma, nu),
  structural: {
    base: 'uniform',
    apply: ({ nu, sigma }, u) => sigma * halfStudentTQuantile(u, nu),
    abduct: ({ nu, sigma }, x) => halfStudentTCdf(x / sigma, nu),
  },
});

/**
 * P(|T| ≤ z) = I_{z²/(ν+z²)}(½, ν/2) = 1 − I_{ν/(ν+z²)}(ν/2, ½): the first form for z² < ν, where its
 * argument is small, the complement of the second beyond, where ν/(ν+z²) is.
 */
function halfStudentTCdf(z: number, nu: number): number {
  if (!(z > 0)) return 0;
  const z2 = z * z;
  return z2 < nu ? betaInc(0.5, 0.5 * nu, z2 / (nu + z2)) : betaIncComplement(0.5 * nu, 0.5, nu / (nu + z2));
}

/** The inverse of halfStudentTCdf, inverting the incomplete beta on the same two sides. */
function halfStudentTQuantile(u: number, nu: number): number {
  if (u < 0.5) {
    const w = betaIncInv(0.5, 0.5 * nu, u);
    return Math.sqrt((nu * w) / (1 - w));
  }
  const y = betaIncInv(0.5 * nu, 0.5, 1 - u);
  return Math.sqrt((nu * (1 - y)) / y);
}
