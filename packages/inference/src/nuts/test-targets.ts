import type { Target } from './target.js';

// Hand-written targets for the sampler's own tests: exact gradients, no allocation.

/** Independent standard normal in `dim` dimensions. */
export function standardNormal(dim: number): Target {
  return {
    dim,
    logDensityAndGradient(q, grad) {
      let s = 0;
      for (let i = 0; i < dim; i++) {
        s += q[i] * q[i];
        grad[i] = -q[i];
      }
      return -0.5 * s;
    },
  };
}

/** Zero-mean 2-d Gaussian with scales s1, s2 and correlation rho. */
export function correlatedGaussian(s1: number, s2: number, rho: number): Target & { cov: number[] } {
  const c12 = rho * s1 * s2;
  const det = s1 * s1 * s2 * s2 - c12 * c12;
  const p11 = (s2 * s2) / det;
  const p22 = (s1 * s1) / det;
  const p12 = -c12 / det;
  return {
    dim: 2,
    cov: [s1 * s1, c12, c12, s2 * s2],
    logDensityAndGradient(q, grad) {
      const g0 = p11 * q[0] + p12 * q[1];
      const g1 = p12 * q[0] + p22 * q[1];
      grad[0] = -g0;
      grad[1] = -g1;
      return -0.5 * (q[0] * g0 + q[1] * g1);
    },
  };
}

/**
 * Neal's funnel, centred: v ~ N(0, 3), xᵢ ~ N(0, exp(v/2)) for i < dim − 1. The neck is far
 * narrower than the mouth, so a single adapted step size diverges there.
 */
export function funnel(dim: number): Target {
  return {
    dim,
    logDensityAndGradient(q, grad) {
      const v = q[0];
      const k = dim - 1;
      const ev = Math.exp(-v);
      let ss = 0;
      for (let i = 1; i < dim; i++) {
        ss += q[i] * q[i];
        grad[i] = -q[i] * ev;
      }
      grad[0] = -v / 9 - k / 2 + 0.5 * ss * ev;
      return (-v * v) / 18 - (k * v) / 2 - 0.5 * ss * ev;
    },
  };
}
