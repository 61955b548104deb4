import { Rng } from '@dopl/core';
import { describe, expect, it } from 'vitest';
import { runMultiPathfinder } from './multi-pathfinder.js';
import { runSinglePathfinder, updateDiagonal } from './pathfinder.js';
import { gaussianDensity } from './test-densities.js';

// A 12-d Gaussian with scales from 0.1 to 10 and neighbour correlation 0.5. With history 5 the
// L-BFGS inverse Hessian (diagonal + rank 10) cannot match this covariance: the approximations
// are underdispersed (sd ≈ 0.8–0.9 of the truth), k̂ is around 0.8, and PSIS corrects only part of it.
const d = 12;
const sds = Array.from({ length: d }, (_, i) => 0.1 * 100 ** (i / (d - 1)));
const rho = 0.5;
const cov = Array.from({ length: d * d }, (_, k) => {
  const i = Math.floor(k / d);
  const j = k % d;
  return (i === j ? 1 : Math.abs(i - j) === 1 ? rho : 0) * sds[i] * sds[j];
});
// precision via Gauss–Jordan
function invert(a: number[], n: number): number[] {
  const m = a.map((v) => v);
  const inv = Array.from({ length: n * n }, (_, k) => (Math.floor(k / n) === k % n ? 1 : 0));
  for (let c = 0; c < n; c++) {
    const p = m[c * n + c];
    for (let j = 0; j < n; j++) {
      m[c * n + j] /= p;
      inv[c * n + j] /= p;
    }
    for (let r = 0; r < n; r++) {
      if (r === c) continue;
      const f = m[r * n + c];
      for (let j = 0; j < n; j++) {
        m[r * n + j] -= f * m[c * n + j];
        inv[r * n + j] -= f * inv[c * n + j];
      }
    }
  }
  return inv;
}
const mean = Array.from({ length: d }, (_, i) => i - 5);
const target = gaussianDensity(mean, invert(cov, d));

describe('Pathfinder on a Gaussian', () => {
  it('the diagonal update keeps α positive and has the inverse of a diagonal Hessian as fixed point', () => {
    const alpha = Float64Array.of(1, 1, 1);
    const s = Float64Array.of(1, 0.5, -0.2);
    const y = Float64Array.of(2, 1, -0.1);
    updateDiagonal(alpha, s, y);
    expect(Array.from(alpha).every((a) => a > 0)).toBe(true);
    const b = [2, 5, 0.1];
    const exact = Float64Array.from(b, (v) => 1 / v);
    updateDiagonal(
      exact,
      s,
      Float64Array.from(s, (v, i) => b[i] * v),
    );
    expect(Array.from(exact)).toEqual(b.map((v) => expect.closeTo(1 / v, 12)));
  });

  it('a single path: ELBO below log Z, center near the mode', () => {
    const r = runSinglePathfinder(target, new Rng(1));
    expect(r.draws.length).toBe(1000 * d);
    expect(r.bestIteration).toBeGreaterThan(0);
    expect(r.elboTrace.length).toBe(r.lbfgsIterations);
    // log Z = ½ log det(2π Σ) (Σ from its Cholesky factor: sd's times that of the correlation).
    let logDetCorr = 0;
    let prev = 1;
    for (let i = 0; i < d; i++) {
      const diag = i === 0 ? 1 : 1 - (rho * rho) / prev;
      logDetCorr += Math.log(diag);
      prev = diag;
    }
    const logZ =
      0.5 * d * Math.log(2 * Math.PI) + sds.reduce((acc, v) => acc + Math.log(v), 0) + 0.5 * logDetCorr;
    expect(r.elbo).toBeLessThan(logZ);
    for (let i = 0; i < d; i++)
      expect(Math.abs(r.approximation.center[i] - mean[i])).toBeLessThan(0.2 * sds[i]);
  });

  it('multi-path: k̂ reported and warned about, means within 0.3 sd, reproducible bit for bit', () => {
    const a = runMultiPathfinder(target, 7);
    const b = runMultiPathfinder(target, 7);
    expect(Array.from(a.draws)).toEqual(Array.from(b.draws));
    expect(Number.isFinite(a.paretoK)).toBe(true);
    if (a.paretoK > 0.7) expect(a.warnings.some((w) => /Pareto k̂/.test(w))).toBe(true);
    expect(a.paths.length).toBe(4);
    expect(a.numDraws).toBe(1000);
    for (let i = 0; i < d; i++) {
      let m = 0;
      for (let t = 0; t < a.numDraws; t++) m += a.draws[t * d + i] / a.numDraws;
      expect(Math.abs(m - mean[i])).toBeLessThan(0.3 * sds[i]);
    }
    const single = runMultiPathfinder(target, 7, { numPaths: 1 });
    expect(single.numDraws).toBe(1000);
    expect(Array.from(single.draws)).toEqual(Array.from(a.paths[0].draws));
  });
});

describe('Pathfinder on a low-dimensional Gaussian', () => {
  // d = 4 ≤ 2J: the dense form; the approximation is close to exact and k̂ small.
  const m4 = [1, -1, 0.5, 3];
  const s4 = [0.05, 1, 2, 10];
  const c4 = Array.from({ length: 16 }, (_, k) => {
    const i = Math.floor(k / 4);
    const j = k % 4;
    return (i === j ? 1 : 0.6) * s4[i] * s4[j];
  });
  const t4 = gaussianDensity(m4, invert(c4, 4));
  it('means within 0.1 sd and sds within 10 %, k̂ < 0.7', () => {
    const r = runMultiPathfinder(t4, 1);
    expect(r.paretoK).toBeLessThan(0.7);
    for (let i = 0; i < 4; i++) {
      let m = 0;
      for (let t = 0; t < r.numDraws; t++) m += r.draws[t * 4 + i] / r.numDraws;
      let v = 0;
      for (let t = 0; t < r.numDraws; t++) v += (r.draws[t * 4 + i] - m) ** 2 / (r.numDraws - 1);
      expect(Math.abs(m - m4[i])).toBeLessThan(0.1 * s4[i]);
      expect(Math.abs(Math.sqrt(v) / s4[i] - 1)).toBeLessThan(0.1);
    }
    expect(r.paths.every((p) => p.approximation.form === 'dense')).toBe(true);
  });
});
