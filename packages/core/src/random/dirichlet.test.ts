import { describe, expect, it } from 'vitest';
import { DoplError } from '../errors.js';
import { dirichlet } from './dirichlet.js';
import { Rng } from './rng.js';
import { betaMoments, expectMoments, N, sample } from './testing.js';

describe('dirichlet(rng, alpha, out)', () => {
  // Each component of Dirichlet(α) is marginally Beta(α_i, α_0 − α_i), α_0 = Σ α_j.
  it.each([[[1, 2, 3]], [[0.1, 0.1, 0.1, 0.1]], [[50, 20]], [[0.5, 4]]])(
    'gives each component the Beta marginal of Dirichlet(%j)',
    (alpha) => {
      const rng = new Rng(`dirichlet ${alpha.join(' ')}`);
      const k = alpha.length;
      const total = alpha.reduce((s, a) => s + a, 0);
      const out = new Float64Array(k);
      const components = alpha.map(() => new Float64Array(N));
      for (let i = 0; i < N; i++) {
        dirichlet(rng, alpha, out);
        for (let j = 0; j < k; j++) components[j][i] = out[j];
      }
      for (let j = 0; j < k; j++) expectMoments(components[j], betaMoments(alpha[j], total - alpha[j]));
    },
  );

  it('writes a point of the simplex into out and returns out', () => {
    const rng = new Rng('simplex');
    const out = new Float64Array(4);
    for (const alpha of [
      [1, 2, 3, 4],
      [1e-3, 1e-3, 1e-3, 1e-3],
      [1e-4, 5, 1e-4, 0.3],
    ]) {
      for (let i = 0; i < 2000; i++) {
        expect(dirichlet(rng, alpha, out)).toBe(out);
        expect(out.every((x) => x >= 0 && x <= 1)).toBe(true);
        expect(Math.abs(out.reduce((s, x) => s + x, 0) - 1)).toBeLessThan(1e-12);
      }
    }
  });

  it('fills out with NaN for a non-positive or non-finite concentration', () => {
    const out = new Float64Array(2);
    expect(sample(2, (i) => dirichlet(new Rng(0), [1, 0], out)[i]).every(Number.isNaN)).toBe(true);
    expect(dirichlet(new Rng(0), [1, Number.POSITIVE_INFINITY], out).every(Number.isNaN)).toBe(true);
  });

  it('throws when out and alpha differ in length', () => {
    expect(() => dirichlet(new Rng(0), [1, 2, 3], new Float64Array(2))).toThrow(DoplError);
  });
});
