// The structural form of every discrete family (DESIGN §3): u drawn uniformly inside abduct(x)
// maps back to x through apply, and apply turns uniforms into draws from the family.
import { describe, expect, test } from 'vitest';
import { Rng } from '../../random/index.js';
import { logit } from '../../special/index.js';
import { getDistribution } from '../distribution.js';
import '../index.js';
import { categoricalStructural } from './categorical.js';

type Params = Readonly<Record<string, number>>;

const cases: readonly [string, Params, readonly number[]][] = [
  ['Bernoulli', { p: 0.3 }, [0, 1]],
  ['Bernoulli', { logit_p: logit(0.8) }, [0, 1]],
  ['Binomial', { n: 10, p: 0.3 }, [0, 1, 3, 9, 10]],
  // Far in the upper tail (P(X = x) below ~1e-16) [F(x − 1), F(x)) rounds to an empty interval at 1:
  // a limit of coupling through one double u, so the cases stay where the mass is representable.
  ['Binomial', { n: 100, logit_p: logit(0.05) }, [0, 5, 17, 22]],
  ['Poisson', { mu: 4 }, [0, 1, 4, 12, 30]],
  ['Poisson', { mu: 60 }, [0, 9, 55, 60, 102]],
  ['Poisson', { log_mu: Math.log(0.5) }, [0, 1, 7]],
  ['NegativeBinomial', { mu: 3, alpha: 2 }, [0, 2, 22]],
  ['NegativeBinomial', { mu: 40, alpha: 0.7 }, [0, 15, 170, 1000]],
  ['BetaBinomial', { n: 25, alpha: 0.5, beta: 0.5 }, [0, 1, 12, 13, 25]],
];

describe('u inside abduct(x) maps back to x', () => {
  test.each(cases)('%s(%o)', (name, p, xs) => {
    const { structural } = getDistribution(name);
    expect(structural!.base).toBe('uniform');
    const rng = new Rng(`structural ${name} ${JSON.stringify(p)}`);
    for (const x of xs) {
      const [lo, hi] = structural!.abduct(p, x) as readonly [number, number];
      expect(hi, `abduct(${x}) = [${lo}, ${hi})`).toBeGreaterThan(lo);
      expect(structural!.apply(p, lo), `apply at the left end of abduct(${x})`).toBe(x);
      for (let i = 0; i < 20; i++) {
        const u = lo + (hi - lo) * rng.uniform();
        if (u < hi) expect(structural!.apply(p, u), `u = ${u} in [${lo}, ${hi})`).toBe(x);
      }
    }
  });

  test('Bernoulli couples x = 1[u < p]', () => {
    const { structural } = getDistribution('Bernoulli');
    expect(structural!.abduct({ p: 0.3 }, 1)).toEqual([0, 0.3]);
    expect(structural!.abduct({ p: 0.3 }, 0)).toEqual([0.3, 1]);
    expect(structural!.apply({ p: 0.3 }, 0.29)).toBe(1);
    expect(structural!.apply({ p: 0.3 }, 0.31)).toBe(0);
  });

  test('Categorical (probability-vector form)', () => {
    const p = [0.1, 0.2, 0.3, 0.4];
    const rng = new Rng('structural categorical');
    for (let x = 0; x < p.length; x++) {
      const [lo, hi] = categoricalStructural.abduct(p, x);
      expect(hi - lo).toBeCloseTo(p[x], 15);
      for (let i = 0; i < 20; i++)
        expect(categoricalStructural.apply(p, lo + (hi - lo) * rng.uniform())).toBe(x);
    }
  });

  test('abducting a value outside the support throws', () => {
    expect(() => getDistribution('Poisson').structural!.abduct({ mu: 3 }, -1)).toThrow(/outside the support/);
    expect(() => getDistribution('Binomial').structural!.abduct({ n: 3, p: 0.5 }, 4)).toThrow(
      /outside the support/,
    );
    expect(() => categoricalStructural.abduct([0.5, 0.5], 2)).toThrow(/not a category/);
  });
});

describe('apply turns uniforms into draws', () => {
  test.each([
    ['Poisson', { mu: 4 }, 4, 4],
    ['Binomial', { n: 10, p: 0.3 }, 3, 2.1],
    ['NegativeBinomial', { mu: 3, alpha: 2 }, 3, 7.5],
  ] as const)('%s: mean of apply(u) over 20 000 uniforms', (name, p, mean, variance) => {
    const { structural } = getDistribution(name);
    const rng = new Rng(`apply ${name}`);
    const n = 20_000;
    let s = 0;
    for (let i = 0; i < n; i++) s += structural!.apply(p, rng.uniform());
    expect(Math.abs(s / n - mean)).toBeLessThan(5 * Math.sqrt(variance / n));
  });
});
