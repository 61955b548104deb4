import { compile, Rng } from '@dopl/core';
import { compileModel } from '@dopl/dsl';
import { describe, expect, it } from 'vitest';

// `p[2, 3] ~ Dirichlet(a)` (the rows of an HMM's transition matrix, as docs/language.md writes
// them) is a batch of two simplexes along the last axis. Law: its log-density, Jacobian included,
// equals that of two separate simplex vectors at the same unconstrained point, and constrain /
// unconstrain are inverse.

describe('a matrix of Dirichlet rows is a batch of simplexes', () => {
  const batched = compile(compileModel('p[2, 3] ~ Dirichlet([1.5, 2, 3])\n'));
  const separate = compile(
    compileModel('p0: simplex[3] ~ Dirichlet([1.5, 2, 3])\np1: simplex[3] ~ Dirichlet([1.5, 2, 3])\n'),
  );

  it('has 2 × (3 − 1) unconstrained coordinates', () => {
    expect(batched.dim).toBe(4);
    expect(separate.dim).toBe(4);
  });

  it('has the log-density of two separate simplexes, and rows that sum to 1', () => {
    const rng = new Rng('batched-simplex');
    for (let k = 0; k < 5; k++) {
      const theta = Float64Array.from({ length: 4 }, () => 4 * rng.uniform() - 2);
      expect(batched.logDensity(theta)).toBeCloseTo(separate.logDensity(theta), 12);
      const p = batched.constrain(theta).p;
      expect(p.shape).toEqual([2, 3]);
      const { p0, p1 } = separate.constrain(theta);
      expect(Array.from(p.data)).toEqual([...p0.data, ...p1.data]);
      for (let r = 0; r < 2; r++)
        expect(p.data[3 * r] + p.data[3 * r + 1] + p.data[3 * r + 2]).toBeCloseTo(1, 14);
      const back = batched.unconstrain({ p });
      for (let i = 0; i < 4; i++) expect(back[i]).toBeCloseTo(theta[i], 10);
    }
  });
});
