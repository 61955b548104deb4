import { Rng } from '@dopl/core';
import { describe, expect, it } from 'vitest';
import { cholesky, dot, logDetCholesky } from './linalg.js';
import { approximationLogDensity, lbfgsGaussian } from './pathfinder-approximation.js';

/** Dense BFGS inverse-Hessian recursion from diag(alpha), pairs oldest first. */
function bfgsInverse(s: Float64Array[], y: Float64Array[], alpha: Float64Array): number[][] {
  const d = alpha.length;
  const idx = Array.from({ length: d }, (_, i) => i);
  let H = idx.map((i) => idx.map((j) => (i === j ? alpha[i] : 0)));
  s.forEach((sk, k) => {
    const yk = y[k];
    const rho = 1 / dot(sk, yk);
    const A = idx.map((i) => idx.map((j) => (i === j ? 1 : 0) - rho * sk[i] * yk[j]));
    const AH = A.map((row) => idx.map((j) => row.reduce((acc, a, t) => acc + a * H[t][j], 0)));
    H = AH.map((row, i) =>
      idx.map((j) => row.reduce((acc, v, t) => acc + v * A[j][t], 0) + rho * sk[i] * sk[j]),
    );
  });
  return H;
}

function history(d: number, m: number, seed: number) {
  const rng = new Rng(seed);
  const s: Float64Array[] = [];
  const y: Float64Array[] = [];
  // Pairs from a random SPD Hessian B = diag + low rank, so that sᵀy > 0.
  const diag = Array.from({ length: d }, () => 0.5 + rng.uniform() * 3);
  const u = Array.from({ length: d }, () => rng.normal());
  for (let k = 0; k < m; k++) {
    const sk = Float64Array.from({ length: d }, () => rng.normal());
    const uts = dot(u, sk);
    s.push(sk);
    y.push(Float64Array.from(sk, (v, i) => diag[i] * v + 0.3 * u[i] * uts));
  }
  const alpha = Float64Array.from({ length: d }, () => 0.2 + rng.uniform());
  const x = Float64Array.from({ length: d }, () => rng.normal());
  const g = Float64Array.from({ length: d }, () => rng.normal());
  return { s, y, alpha, x, g };
}

describe("Pathfinder's Gaussian from the L-BFGS factors", () => {
  for (const [d, m, form] of [
    [4, 3, 'dense'],
    [12, 3, 'sparse'],
    [12, 6, 'dense'],
  ] as const) {
    it(`${form} form (d = ${d}, m = ${m}): covariance = BFGS inverse Hessian, center = x − H g, A Aᵀ = H`, () => {
      const { s, y, alpha, x, g } = history(d, m, d * 10 + m);
      const q = lbfgsGaussian(s, y, alpha, x, g);
      expect(q).toBeDefined();
      expect(q!.form).toBe(form);
      const H = bfgsInverse(s, y, alpha);
      const C = q!.covariance();
      for (let i = 0; i < d; i++) {
        for (let j = 0; j < d; j++) expect(C[i * d + j]).toBeCloseTo(H[i][j], 10);
        expect(q!.center[i]).toBeCloseTo(x[i] - dot(H[i], g), 10);
      }
      // The sampling map u ↦ center + A u: columns of A from unit vectors.
      const A: Float64Array[] = [];
      const e = new Float64Array(d);
      for (let j = 0; j < d; j++) {
        e.fill(0);
        e[j] = 1;
        const out = new Float64Array(d);
        q!.sample(e, out);
        A.push(out.map((v, i) => v - q!.center[i]));
      }
      for (let i = 0; i < d; i++) {
        for (let j = 0; j < d; j++) {
          let v = 0;
          for (let k = 0; k < d; k++) v += A[k][i] * A[k][j];
          expect(v).toBeCloseTo(H[i][j], 10);
        }
      }
      const flat = Float64Array.from(H.flat());
      const L = new Float64Array(d * d);
      cholesky(flat, d, L);
      expect(q!.logDetCholesky).toBeCloseTo(logDetCholesky(L, d), 10);
      const u = Float64Array.from({ length: d }, (_, i) => 0.1 * i);
      expect(approximationLogDensity(q!, u)).toBeCloseTo(
        -logDetCholesky(L, d) - 0.5 * dot(u, u) - 0.5 * d * Math.log(2 * Math.PI),
        10,
      );
    });
  }
});
