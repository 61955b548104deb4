import { query } from '@dopl/inference';
import { describe, expect, it } from 'vitest';
import { cli, graphOf } from './harness.js';

// A five-node linear-Gaussian SCM. With unit-level evidence every counterfactual is a point,
// derived by hand below (abduction u = (v − mean)/sd per node, then prediction).
const MODEL = 'linear-five.dopl';
const UNIT = 'a = 1; b = 2; c = 0; d = 4; e = 5';

describe('linear-Gaussian SCM on five nodes', () => {
  it('the unit a=1, b=2, c=0, d=4, e=5 had b been 0: c = 2, d = 8, e = 7 exactly', async () => {
    // u_c = 0 − (1 − 2) = 1 → c' = 1 − 0 + 1 = 2;  u_d = (4 − 3)/0.5 = 2 → d' = 3 + 4 + 1 = 8;
    // u_e = 5 − (2 + 4) = −1 → e' = 0 + 8 − 1 = 7. a is upstream of b and keeps its value.
    for (const [target, exact] of [
      ['c', 2],
      ['d', 8],
      ['e', 7],
      ['a', 1],
      ['c + d - e', 3],
    ] as const) {
      const out = await cli(MODEL, [
        '--target',
        target,
        '--given',
        UNIT,
        '--do',
        'b = 0',
        '--counterfactual',
      ]);
      expect(out.kind).toBe('counterfactual');
      expect(out.mean).toBeCloseTo(exact, 12);
      expect(out.sd).toBe(0);
    }
    const g = graphOf(MODEL);
    const given = { a: 1, b: 2, c: 0, d: 4, e: 5 };
    expect(query(g, { target: 'e', given, do: { b: 0 }, counterfactual: true }).draws[0]).toBeCloseTo(7, 12);
  });

  it('c unseen: e had b been 0 is still 7 in every posterior draw; c itself moves by +2', async () => {
    // With c latent, u_c = c − (a − b) and u_d = (d − 3 − 2c)/0.5 depend on c, but
    // e' = b' + d' + u_e = 0 + (3 + 2(c + 2) + d − 3 − 2c) + (e − b − d) = 4 + e − b = 7.
    // c' = a − 0 + u_c = c + b = c + 2, with c | a, b, d ~ N(7/17, 1/17): prior N(a − b, 1) =
    // N(−1, 1), likelihood d = 4 ~ N(3 + 2c, 0.5²) gives precision 1 + 4/0.25 = 17 and mean
    // (−1 + 16 · 0.5)/17 = 7/17.
    const args = ['--given', 'a = 1; b = 2; d = 4; e = 5', '--do', 'b = 0', '--counterfactual'];
    const e = await cli(MODEL, ['--target', 'e', ...args, '--draws', '200', '--seed', '3']);
    expect(e.method).toMatch(/^nuts/);
    expect(Math.abs(e.q5 - 7)).toBeLessThan(1e-9);
    expect(Math.abs(e.q95 - 7)).toBeLessThan(1e-9);
    const c = await cli(MODEL, ['--target', 'c', ...args, '--draws', '200', '--seed', '3']);
    // NUTS: mcse_mean from the chains' ESS; 4 of them allowed. The sd is checked loosely (20%),
    // as its own error with 200 draws is about 1/√(2·ESS) ≈ 5–10%.
    expect(Math.abs(c.mean - (2 + 7 / 17))).toBeLessThan(4 * c.mcse_mean);
    expect(Math.abs(c.sd - 1 / Math.sqrt(17))).toBeLessThan(0.2 / Math.sqrt(17));
  });

  it('E[e | do(c = 1)] = E[b] + 3 + 2 = 6, var = var b + 0.5² + 1 = 4.25 + 1.25', async () => {
    // b = 1 + 0.5a + 2u: mean 1, var 0.25 + 4; d = 5 + 0.5u_d; e = b + d + u_e.
    const n = 4000;
    const out = await cli(MODEL, ['--target', 'e', '--do', 'c = 1', '--draws', `${n}`, '--seed', '5']);
    expect(out.method).toBe('forward sampling');
    // Independent draws: MCSE = √5.5/√n ≈ 0.037, 4 of them; sd of a sample sd ≈ sd/√(2n).
    expect(Math.abs(out.mean - 6)).toBeLessThan(4 * Math.sqrt(5.5 / n));
    expect(Math.abs(out.sd - Math.sqrt(5.5))).toBeLessThan(4 * Math.sqrt(5.5 / (2 * n)));
  });
});
