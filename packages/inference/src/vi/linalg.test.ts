import { describe, expect, it } from 'vitest';
import {
  cholesky,
  logDetCholesky,
  lowerMatVec,
  solveLower,
  solveLowerTransposed,
  solveSpd,
  thinQr,
} from './linalg.js';

const spd = Float64Array.from([4, 2, 0.4, 2, 5, 1, 0.4, 1, 3]);

describe('dense linear algebra', () => {
  it('factors an SPD matrix as L Lᵀ and rejects an indefinite one', () => {
    const L = new Float64Array(9);
    expect(cholesky(spd, 3, L)).toBe(true);
    for (let i = 0; i < 3; i++) {
      for (let j = 0; j < 3; j++) {
        let s = 0;
        for (let k = 0; k < 3; k++) s += L[i * 3 + k] * L[j * 3 + k];
        expect(s).toBeCloseTo(spd[i * 3 + j], 12);
      }
    }
    expect(L[1]).toBe(0);
    expect(logDetCholesky(L, 3)).toBeCloseTo(
      0.5 * Math.log(4 * (5 * 3 - 1) - 2 * (2 * 3 - 0.4) + 0.4 * (2 - 5 * 0.4)),
      12,
    );
    expect(cholesky(Float64Array.from([1, 2, 2, 1]), 2)).toBe(false);
  });

  it('solves triangular and SPD systems', () => {
    const L = new Float64Array(9);
    cholesky(spd, 3, L);
    const x = [1, -2, 0.5];
    const b = new Float64Array(3);
    lowerMatVec(L, 3, x, b);
    solveLower(L, 3, b);
    expect(Array.from(b)).toEqual(x.map((v) => expect.closeTo(v, 12)));
    const y = Float64Array.from([0.3, 0.1, -1]);
    const ly = Float64Array.from(y);
    solveLowerTransposed(L, 3, ly);
    // Lᵀ ly = y
    for (let i = 0; i < 3; i++) {
      let s = 0;
      for (let k = i; k < 3; k++) s += L[k * 3 + i] * ly[k];
      expect(s).toBeCloseTo(y[i], 12);
    }
    const sol = solveSpd(spd, 3, [1, 2, 3]);
    for (let i = 0; i < 3; i++) {
      let s = 0;
      for (let k = 0; k < 3; k++) s += spd[i * 3 + k] * sol![k];
      expect(s).toBeCloseTo([1, 2, 3][i], 12);
    }
  });

  it('computes a thin QR with orthonormal Q, also for a rank-deficient matrix', () => {
    const a = Float64Array.from([1, 2, 1, 2, 0, 2, 3, 1, 3, -1, 4, -1, 2, 2, 2]); // 5 × 3, third col = first
    const { q, r } = thinQr(a, 5, 3);
    for (let i = 0; i < 3; i++) {
      for (let j = 0; j < 3; j++) {
        let s = 0;
        for (let k = 0; k < 5; k++) s += q[k * 3 + i] * q[k * 3 + j];
        expect(s).toBeCloseTo(i === j ? 1 : 0, 12);
      }
    }
    for (let i = 0; i < 5; i++) {
      for (let j = 0; j < 3; j++) {
        let s = 0;
        for (let k = 0; k < 3; k++) s += q[i * 3 + k] * r[k * 3 + j];
        expect(s).toBeCloseTo(a[i * 3 + j], 12);
      }
    }
    expect(Math.abs(r[8])).toBeLessThan(1e-12);
  });
});
