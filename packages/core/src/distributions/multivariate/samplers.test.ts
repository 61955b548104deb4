// Dirichlet and MvNormal samplers against exact moments: component means and variances within
// 5 Monte Carlo standard errors (the variance's from the exact fourth central moment), and the
// MvNormal sample covariance within 5 standard errors of each entry.
import { describe, expect, test } from 'vitest';
import { Rng } from '../../random/index.js';
import { betaMoments, expectMoments } from '../../random/testing.js';
import { getDistribution } from '../distribution.js';
import '../index.js';

const N = 100_000;

describe('Dirichlet', () => {
  test.each([[[0.5, 2, 5]], [[1, 1, 1, 1]], [[0.2, 0.3]]])(
    'a = %o: each component is Beta(a_k, Σa − a_k)',
    (a) => {
      const d = getDistribution('Dirichlet');
      const K = a.length;
      const rng = new Rng(`dirichlet ${a}`);
      const draws = new Float64Array(N * K);
      const params = { a: Float64Array.from(a) };
      for (let s = 0; s < N; s++) d.sampleEvent!(rng, params, draws, s * K);
      const a0 = a.reduce((x, y) => x + y, 0);
      let worst = 0;
      for (let s = 0; s < N; s++) {
        let sum = 0;
        for (let k = 0; k < K; k++) sum += draws[s * K + k];
        worst = Math.max(worst, Math.abs(sum - 1));
      }
      expect(worst).toBeLessThan(1e-12);
      for (let k = 0; k < K; k++) {
        const xs = Float64Array.from({ length: N }, (_, s) => draws[s * K + k]);
        expectMoments(xs, betaMoments(a[k], a0 - a[k]));
      }
    },
  );
});

describe('MvNormal', () => {
  const mu = [1, -1, 0.5];
  const cov = [2, 0.6, 0.2, 0.6, 1, -0.3, 0.2, -0.3, 0.5];
  const chol = (() => {
    // Cholesky of cov by hand (3×3).
    const L = new Float64Array(9);
    for (let j = 0; j < 3; j++) {
      let d = cov[j * 3 + j];
      for (let k = 0; k < j; k++) d -= L[j * 3 + k] ** 2;
      L[j * 3 + j] = Math.sqrt(d);
      for (let i = j + 1; i < 3; i++) {
        let s = cov[i * 3 + j];
        for (let k = 0; k < j; k++) s -= L[i * 3 + k] * L[j * 3 + k];
        L[i * 3 + j] = s / L[j * 3 + j];
      }
    }
    return L;
  })();

  test.each([
    ['cov', { mu: Float64Array.from(mu), cov: Float64Array.from(cov) }],
    ['chol', { mu: Float64Array.from(mu), chol: chol }],
  ] as const)('%s: means, marginal variances and covariances', (_name, params) => {
    const d = getDistribution('MvNormal');
    const rng = new Rng(`mvnormal ${_name}`);
    const draws = new Float64Array(N * 3);
    for (let s = 0; s < N; s++) d.sampleEvent!(rng, params, draws, s * 3);
    const col = (k: number) => Float64Array.from({ length: N }, (_, s) => draws[s * 3 + k]);
    for (let k = 0; k < 3; k++) {
      const v = cov[k * 4];
      expectMoments(col(k), { mean: mu[k], variance: v, fourth: 3 * v * v });
    }
    // Sample covariance: Var(S_ij) ≈ (Σ_ii Σ_jj + Σ_ij²)/n for Gaussian vectors.
    for (let i = 0; i < 3; i++) {
      for (let j = 0; j < i; j++) {
        const xi = col(i);
        const xj = col(j);
        let mi = 0;
        let mj = 0;
        for (let s = 0; s < N; s++) {
          mi += xi[s] / N;
          mj += xj[s] / N;
        }
        let sij = 0;
        for (let s = 0; s < N; s++) sij += ((xi[s] - mi) * (xj[s] - mj)) / (N - 1);
        const se = Math.sqrt((cov[i * 4] * cov[j * 4] + cov[i * 3 + j] ** 2) / N);
        expect(Math.abs(sij - cov[i * 3 + j]), `cov[${i}, ${j}] = ${sij}`).toBeLessThanOrEqual(5 * se);
      }
    }
  });
});
