import { describe, expect, it } from 'vitest';
import { getDistribution, Rng } from '../index.js';
import { abductNoise, applyNoise, drawNoise } from './abduct.js';

describe('abductNoise', () => {
  it('Normal: the point u = (x − mu)/sigma, which applyNoise maps back to x', () => {
    // x = 3 = mu + sigma·u = 2 + 0.5·u ⇒ u = 2.
    expect(abductNoise('Normal', { mu: 2, sigma: 0.5 }, 3)).toEqual({ kind: 'point', base: 'normal', u: 2 });
    expect(applyNoise('Normal', { mu: 2, sigma: 0.5 }, 2)).toBe(3);
  });

  it('fills in default parameters (Normal() is Normal(0, 1))', () => {
    expect(abductNoise('Normal', {}, 1.5)).toMatchObject({ u: 1.5 });
  });

  it('Bernoulli: x = 1 ⇔ u ∈ [0, p), x = 0 ⇔ u ∈ [p, 1), in both parametrizations', () => {
    expect(abductNoise('Bernoulli', { p: 0.3 }, 1)).toEqual({
      kind: 'interval',
      base: 'uniform',
      lo: 0,
      hi: 0.3,
    });
    expect(abductNoise('Bernoulli', { p: 0.3 }, 0)).toMatchObject({ lo: 0.3, hi: 1 });
    // logit_p = 0 is p = ½.
    expect(abductNoise('Bernoulli', { logit_p: 0 }, 1)).toMatchObject({ lo: 0, hi: 0.5 });
  });

  it('Poisson: x pins u to [F(x − 1), F(x)), and every u drawn there maps back to x', () => {
    const cdf = getDistribution('Poisson').cdf!;
    const noise = abductNoise('Poisson', { mu: 2 }, 3);
    expect(noise).toMatchObject({ kind: 'interval', lo: cdf(2, { mu: 2 }), hi: cdf(3, { mu: 2 }) });
    const rng = new Rng(4);
    for (let i = 0; i < 100; i++) expect(applyNoise('Poisson', { mu: 2 }, drawNoise(noise, rng))).toBe(3);
  });

  it('names the family when it has no structural form', () => {
    expect(() => abductNoise('Dirichlet', {}, 0)).toThrow(
      'Dirichlet has no structural form x = F(params, u), so its noise cannot be shared between worlds',
    );
  });
});
