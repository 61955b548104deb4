// Every posteriordb model compiles on both backends, and the tfjs backend (float32, tf.grad)
// agrees with the js backend (float64, generated reverse mode) on the log-density and gradient.
import { type CompiledModel, compile, initTfjs, Rng, type TfjsCompiledModel } from '@dopl/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { posteriors, readPosteriorFile } from './index.js';

/**
 * Tolerance. tfjs rounds θ and every intermediate to float32 (unit roundoff u = 2⁻²⁴ ≈ 6e-8). A
 * log-density summing n terms through d ops carries an error of at most about d·n·u times the
 * size of the terms; with rounding errors of random sign it grows like d·√n·u. The largest
 * models here have n ≈ 5000 observations (diamonds, nes) and d ≈ 10 ops per term, so
 * d·√n·u ≈ 4e-5 and the worst case d·n·u ≈ 3e-3. The sum itself, |lp|, is of the size of the
 * terms times n except when terms cancel, so the relative error against max(1, |lp|) stays
 * near d·u·√n/… ≲ 1e-4 in practice; 1e-3 leaves the worst-case factor and still catches any
 * wrong term (a missing log-Jacobian or a wrong constant moves lp by ≳ 1e-2 relative). Gradient
 * components are sums of the same kind, compared to 1e-3 of max(1, ‖∇‖∞).
 */
const TOLERANCE = 1e-3;

/** Random points per model, uniform(−2, 2) on the unconstrained scale as the sampler's inits. */
const POINTS = 3;

/**
 * Half-widths other than 2, with the reason. gp_pois_regr takes the Cholesky factor of an 11×11
 * squared-exponential covariance with jitter 1e-10: at log ρ = 1.93 (ρ = 6.9, the first point
 * drawn) its condition number is 1.7e10 (Jacobi eigenvalues), beyond float32's 1/u = 1.7e7, so
 * float32 Cholesky has no correct digit to compare there (measured: 2e-2 in lp, 0.23 in the
 * gradient). For log ρ ∈ (−1, 1) the condition number is at most 1.4e3 (at ρ = e), so float32
 * Cholesky keeps ~4 digits and the 1e-3 tolerance applies.
 */
const HALF_WIDTH: Readonly<Record<string, number>> = { 'gp_pois_regr-gp_pois_regr': 1 };

beforeAll(async () => {
  await initTfjs();
});

describe('posteriordb models: tfjs backend agrees with the js backend', () => {
  const worst: string[] = [];
  afterAll(() => console.log(worst.join('\n')));

  it.each(Object.entries(posteriors))(
    '%s',
    (name, posterior) => {
      const graph = posterior.build(readPosteriorFile(name, 'data.json'));
      const js: CompiledModel = compile(graph, { backend: 'js' });
      const tf: TfjsCompiledModel = compile(graph, { backend: 'tfjs' });
      try {
        expect(tf.dim).toBe(js.dim);
        expect(tf.layout).toEqual(js.layout);
        const rng = new Rng(`backends/${name}`);
        const gj = new Float64Array(js.dim);
        const gt = new Float64Array(js.dim);
        let valueErr = 0;
        let gradErr = 0;
        for (let k = 0; k < POINTS; k++) {
          const w = HALF_WIDTH[name] ?? 2;
          const theta = Float64Array.from({ length: js.dim }, () => w * (2 * rng.uniform() - 1));
          const vj = js.logDensityAndGradient(theta, gj);
          const vt = tf.logDensityAndGradient(theta, gt);
          expect(Number.isFinite(vj), `${name}: js log-density at point ${k}`).toBe(true);
          expect(Number.isFinite(vt), `${name}: tfjs log-density at point ${k}`).toBe(true);
          expect(tf.logDensity(theta)).toBe(vt);
          valueErr = Math.max(valueErr, Math.abs(vt - vj) / Math.max(1, Math.abs(vj)));
          let scale = 1;
          for (const g of gj) scale = Math.max(scale, Math.abs(g));
          for (let i = 0; i < js.dim; i++) {
            expect(Number.isFinite(gt[i]), `${name}: tfjs gradient[${i}]`).toBe(true);
            gradErr = Math.max(gradErr, Math.abs(gt[i] - gj[i]) / scale);
          }
        }
        worst.push(`${name}: value ${valueErr.toExponential(2)}, gradient ${gradErr.toExponential(2)}`);
        expect(valueErr).toBeLessThan(TOLERANCE);
        expect(gradErr).toBeLessThan(TOLERANCE);
      } finally {
        tf.dispose();
      }
    },
    60_000,
  );
});
