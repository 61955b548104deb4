import * as dopl from '@dopl/core';
import { compile, gradientError, ModelBuilder, Normal } from '@dopl/core';
import { describe, expect, it } from 'vitest';

describe('smoke', () => {
  it('eight schools compiles and its gradient matches finite differences', () => {
    const m = new ModelBuilder();
    m.data('J', { type: 'int' });
    const y = m.data('y', { dims: ['J'] });
    const sigma = m.data('sigma', { dims: ['J'], lower: 0 });
    const mu = m.random('mu', Normal(0, 5));
    const tau = m.random('tau', Normal(0, 5), { constraint: { lower: 0 } });
    const z = m.random('z', Normal(0, 1), { dims: ['J'] });
    const theta = m.let('theta', mu.add(tau.mul(z)));
    void y;
    m.random('y', Normal(theta, sigma));
    const g = m.build({ J: 8, y: [28, 8, -3, 7, -1, 1, 18, 12], sigma: [15, 10, 16, 11, 9, 11, 10, 18] });
    console.log(g.toString());
    const c = compile(g);
    console.log(c.source);
    expect(c.dim).toBe(10);
    const theta0 = Float64Array.from({ length: 10 }, (_, i) => Math.sin(i));
    expect(gradientError(c, theta0).maxRelError).toBeLessThan(1e-6);
    expect(typeof dopl.do).toBe('function');
  });
});
