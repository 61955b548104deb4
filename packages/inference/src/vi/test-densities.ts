import type { DensityModel } from './density.js';

// Hand-written densities for the tests of this folder (exact gradients).

/** A Gaussian N(mean, cov) in any dimension; `precision` is cov⁻¹ (row-major). */
export function gaussianDensity(mean: readonly number[], precision: readonly number[]): DensityModel {
  const d = mean.length;
  const r = new Float64Array(d);
  const quad = (t: ArrayLike<number>, g?: Float64Array) => {
    for (let i = 0; i < d; i++) r[i] = t[i] - mean[i];
    let s = 0;
    for (let i = 0; i < d; i++) {
      let v = 0;
      for (let j = 0; j < d; j++) v += precision[i * d + j] * r[j];
      if (g) g[i] = -v;
      s += r[i] * v;
    }
    return -0.5 * s;
  };
  return { dim: d, logDensity: (t) => quad(t), logDensityAndGradient: (t, g) => quad(t, g) };
}

/** The inverse of a 2 × 2 matrix (row-major). */
export function inverse2(c: readonly number[]): number[] {
  const det = c[0] * c[3] - c[1] * c[2];
  return [c[3] / det, -c[1] / det, -c[2] / det, c[0] / det];
}

/** Rosenbrock's banana as a log density: −(100 (y − x²)² + (1 − x)²); its mode is (1, 1). */
export const rosenbrock: DensityModel = {
  dim: 2,
  logDensity: (t) => -(100 * (t[1] - t[0] ** 2) ** 2 + (1 - t[0]) ** 2),
  logDensityAndGradient(t, g) {
    const a = t[1] - t[0] ** 2;
    g[0] = -(-400 * t[0] * a - 2 * (1 - t[0]));
    g[1] = -(200 * a);
    return -(100 * a * a + (1 - t[0]) ** 2);
  },
};

/** A skewed 2-d density: x ~ N(0, 1), y | x ~ N(x², 0.5²)·… plus a log-gamma-like term in x. */
export const skewed: DensityModel = {
  dim: 2,
  logDensity: (t) => 2 * t[0] - Math.exp(t[0]) - 2 * (t[1] - 0.5 * t[0]) ** 2,
  logDensityAndGradient(t, g) {
    const r = t[1] - 0.5 * t[0];
    g[0] = 2 - Math.exp(t[0]) + 2 * r;
    g[1] = -4 * r;
    return 2 * t[0] - Math.exp(t[0]) - 2 * r * r;
  },
};
