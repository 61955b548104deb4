import { describe, expect, it } from 'vitest';
import { linearScm } from './linear-scm.js';

describe('linear-Gaussian SCM', () => {
  it('interventional means within Monte Carlo error, counterfactuals exact points', () => {
    const draws = 20000;
    const r = linearScm(draws);
    // do(x = 2): y ~ N(5, 1), z = y − 2 + 0.5 e ~ N(3, √1.25); tolerance 5 MCSE = 5 sd/√draws.
    expect(Math.abs(r.doX2.y - 5)).toBeLessThan(5 / Math.sqrt(draws));
    expect(Math.abs(r.doX2.z - 3)).toBeLessThan((5 * Math.sqrt(1.25)) / Math.sqrt(draws));
    // Abduction: u_y = 4 − (2·1 + 1) = 1; u_z = (2 − (4 − 1)) / 0.5 = −2.
    // Prediction under x = 0: y = 0 + 1 + 1 = 2; z = (2 − 0) + 0.5·(−2) = 1.
    expect(r.counterfactual.y).toBeCloseTo(2, 12);
    expect(r.counterfactual.z).toBeCloseTo(1, 12);
  });
});
