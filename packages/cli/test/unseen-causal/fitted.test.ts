import { createAttrs, type InferenceData, query, toJSON } from '@dopl/inference';
import { afterAll, describe, expect, it } from 'vitest';
import { fixtureDir, removeFixtures } from '../../src/test-util.js';
import { cli, graphOf, here } from './harness.js';

// Queries on a saved fit: an intervention must re-draw every latent descendant of the acted
// node from the posterior draws of its other parents (PyMC's do-on-a-fit bug keeps the factual
// posterior value), and a counterfactual abducts per posterior draw from the fitted data.

/** 2 chains × 50 draws per variable, as `dopl sample --out` writes them. */
function fit(values: Record<string, (i: number) => number>): InferenceData {
  const posterior: InferenceData['posterior'] = {};
  for (const [k, f] of Object.entries(values))
    posterior[k] = { shape: [2, 50], data: Float64Array.from({ length: 100 }, (_, i) => f(i)) };
  return { posterior, attrs: createAttrs() };
}

// alpha varies per draw (−3.5 … −2.51) so that keeping it per draw is visible; beta and gamma
// hold factual values far from what the action implies.
const CHAIN_FIT = fit({ alpha: (i) => -3.5 + i / 100, beta: () => -7, gamma: () => -10 });
const UNITS_FIT = fit({ mu: () => 2, tau: (i) => 5 + (i - 50) / 1e5 });
const dir = fixtureDir({ 'chain.json': toJSON(CHAIN_FIT), 'units.json': toJSON(UNITS_FIT) });
afterAll(removeFixtures);
const path = (name: string) => `${dir}/${name}`;

describe('do() on a fit re-draws latent descendants', () => {
  it('posterior alpha ≈ −3, do(beta = 100): gamma ≈ alpha + 100 in every draw, not its posterior −10', async () => {
    const out = await cli('fitted-chain.dopl', [
      ...['--fit', path('chain.json'), '--target', 'gamma', '--do', 'beta = 100', '--seed', '1'],
    ]);
    expect(out.kind).toBe('interventional');
    expect(out.n_draws).toBe(100);
    // alpha is uniform on −3.5 … −2.51: gamma = alpha + 100 + N(0, 0.001²), mean −3.005 + 100.
    expect(Math.abs(out.mean - 96.995)).toBeLessThan(0.001);
    // Per draw: gamma − alpha − 100 ~ N(0, 0.001²); 6 sd bound every one of 100 draws.
    const diff = await cli('fitted-chain.dopl', [
      ...['--fit', path('chain.json'), '--target', 'gamma - alpha', '--do', 'beta = 100', '--seed', '1'],
    ]);
    expect(Math.abs(diff.q5 - 100)).toBeLessThan(0.006);
    expect(Math.abs(diff.q95 - 100)).toBeLessThan(0.006);
    const api = query(
      { graph: graphOf('fitted-chain.dopl'), fit: CHAIN_FIT },
      { target: 'gamma', do: { beta: 100 }, seed: 2 },
    );
    expect(api.draws.every((g, i) => Math.abs(g - (-3.5 + i / 100 + 100)) < 0.006)).toBe(true);
  });

  it('acting on a latent with observed descendants re-draws them: do(tau = 50) gives mean(y) ≈ 50', async () => {
    const data = ['--data', here('fitted-units.json'), '--fit', path('units.json')];
    const out = await cli('fitted-units.dopl', [
      ...data,
      '--target',
      'mean(y)',
      '--do',
      'tau = 50',
      '--seed',
      '3',
    ]);
    // mean(y) − 50 ~ N(0, 0.001²/3): 6 sd ≈ 0.0035.
    expect(Math.abs(out.q5 - 50)).toBeLessThan(0.0035);
    expect(Math.abs(out.q95 - 50)).toBeLessThan(0.0035);
  });

  it('a counterfactual shift of tau on the fitted data moves every unit by exactly 1', async () => {
    // Per draw, ε_i = y_i − tau; had tau been tau + 1, y_i′ = y_i + 1: sum(y′) = 15.0005 + 3.
    const data = ['--data', here('fitted-units.json'), '--fit', path('units.json')];
    const out = await cli('fitted-units.dopl', [
      ...[...data, '--target', 'sum(y)', '--do', 'tau = tau + 1', '--counterfactual'],
    ]);
    expect(out.kind).toBe('counterfactual');
    expect(out.mean).toBeCloseTo(4.9995 + 5.001 + 5.0 + 3, 9);
    expect(out.sd).toBeLessThan(1e-9);
  });

  it('a counterfactual about two new units on the same fit: N = 2, y = [6, 6], had tau been 0', async () => {
    // Per draw ε_i = 6 − tau ≈ 1, so y_i′ = 0 + ε_i and sum(y′) = 12 − 2·mean(tau) = 2 − 2·1e-5·(−0.5).
    const out = await cli('fitted-units.dopl', [
      ...['--data', here('fitted-units.json'), '--fit', path('units.json'), '--target', 'sum(y)'],
      ...['--given', 'N = 2; y = [6, 6]', '--do', 'tau = 0', '--counterfactual'],
    ]);
    expect(out.mean).toBeCloseTo(2 + 1e-5, 9);
  });
});
