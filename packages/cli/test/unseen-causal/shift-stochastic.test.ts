import { Normal, ref, Term } from '@dopl/core';
import { query } from '@dopl/inference';
import { describe, expect, it } from 'vitest';
import { cli, graphOf } from './harness.js';

// Shift interventions (x := f(natural x)) and stochastic ones (x ~ D), on every rung.
// s ~ Gamma(2, 1): mean 2, var 2. x = 0.5 s + e_x, y = 3x − s + 0.5 e_y, e ~ N(0, 1).
// Sampled answers: independent forward draws, so MCSE = sd/√n with the sd known; 4 MCSE allowed.
const MODEL = 'shift-stochastic.dopl';
const n = 4000;
const within = (got: number, mean: number, variance: number) =>
  expect(Math.abs(got - mean)).toBeLessThan(4 * Math.sqrt(variance / n));

describe('shift and stochastic interventions', () => {
  it('do(x = x + 1): y = 0.5 s + 3 e_x + 3 + 0.5 e_y, mean 4, var 0.5 + 9 + 0.25', async () => {
    const out = await cli(MODEL, ['--target', 'y', '--do', 'x = x + 1', '--draws', `${n}`, '--seed', '21']);
    within(out.mean, 4, 9.75);
    expect(Math.abs(out.sd - Math.sqrt(9.75))).toBeLessThan(4 * Math.sqrt(9.75 / (2 * n)));
    // The same shift written as a function of the natural value, through the API.
    const api = query(graphOf(MODEL), { target: 'y', do: { x: (x) => x.add(1) }, draws: n, seed: 22 });
    within(api.mean, 4, 9.75);
  });

  it('do(x = x + 1) vs do(x = x): every draw differs by exactly 3 (shared forward stream)', async () => {
    const out = await cli(MODEL, ['--target', 'y', '--do', 'x = x + 1', '--vs', 'x = x', '--draws', '50']);
    expect(out.q5).toBeCloseTo(3, 12);
    expect(out.q95).toBeCloseTo(3, 12);
  });

  it('do(x ~ Uniform(0, 2)): mean 3·1 − 2 = 1, var 9/3 + 2 + 0.25', async () => {
    const out = await cli(MODEL, [
      ...['--target', 'y', '--do', 'x ~ Uniform(0, 2)', '--draws', `${n}`, '--seed', '23'],
    ]);
    within(out.mean, 1, 5.25);
    // A stochastic intervention reading a parent: x ~ N(s, 0.1), y = 2s + 0.3 e + 0.5 e_y.
    const api = query(graphOf(MODEL), {
      target: 'y',
      do: { x: Normal(new Term(ref('s')), 0.1) },
      draws: n,
      seed: 24,
    });
    within(api.mean, 4, 8 + 0.09 + 0.25);
  });

  it('the unit s = 1, x = 0.2, y = 0: shifted by +1, y = 3; doubled, y = 0.6; exact points', async () => {
    // u_y = (0 − (0.6 − 1))/0.5 = 0.8; y′ = 3x′ − 1 + 0.4 with x′ = 1.2 or 0.4.
    const unit = ['--given', 's = 1; x = 0.2; y = 0', '--counterfactual'];
    const plus = await cli(MODEL, ['--target', 'y', '--do', 'x = x + 1', ...unit]);
    expect(plus.mean).toBeCloseTo(3, 12);
    expect(plus.sd).toBe(0);
    const twice = await cli(MODEL, ['--target', 'y', '--do', 'x = x * 2', ...unit]);
    expect(twice.mean).toBeCloseTo(0.6, 12);
  });

  it('the same unit had x been drawn from Uniform(0, 2): y′ = 3x′ − 0.6, mean 2.4, sd √3', async () => {
    const out = await cli(MODEL, [
      ...['--target', 'y', '--given', 's = 1; x = 0.2; y = 0', '--do', 'x ~ Uniform(0, 2)'],
      ...['--counterfactual', '--draws', `${n}`, '--seed', '25'],
    ]);
    within(out.mean, 2.4, 3);
    expect(Math.abs(out.sd - Math.sqrt(3))).toBeLessThan(4 * Math.sqrt(3 / (2 * n)));
  });
});
