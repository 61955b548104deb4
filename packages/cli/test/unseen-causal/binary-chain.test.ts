import {
  ate,
  probabilityOfNecessity,
  probabilityOfNecessityAndSufficiency,
  probabilityOfSufficiency,
  query,
} from '@dopl/inference';
import { describe, expect, it } from 'vitest';
import { cli, graphOf } from './harness.js';
import { bernoulli, oracle } from './oracle.js';

// A binary SCM with a confounder (z), a mediator (m) and a collider (c): z → x → m → y ← z,
// x → c ← y. Every answer is exact by enumeration, so dopl's enumeration must match the
// twin-network oracle of harness.ts (written independently of dopl) to 1e-10.
const MODEL = 'binary-chain.dopl';
const NODES = [
  bernoulli('z', () => 0.4),
  bernoulli('x', (w) => 0.3 + 0.4 * w.z),
  bernoulli('m', (w) => 0.2 + 0.6 * w.x),
  bernoulli('y', (w) => 0.1 + 0.5 * w.m + 0.3 * w.z),
  bernoulli('c', (w) => 0.1 + 0.4 * w.x + 0.4 * w.y),
];
const EXACT = 1e-10;

describe('binary chain with a collider and a mediator', () => {
  it('ATE of x on y = 0.5 · (0.8 − 0.2) = 0.3 (only through m), CLI and API', async () => {
    // E[y | do(x)] = 0.1 + 0.5·P(m = 1 | do(x)) + 0.3·P(z = 1): the z term cancels.
    const exact = 0.5 * (0.8 - 0.2);
    expect(
      oracle(NODES, [{ do: { x: 1 } }], ([w]) => w.y) - oracle(NODES, [{ do: { x: 0 } }], ([w]) => w.y),
    ).toBeCloseTo(exact, 12);
    const out = await cli(MODEL, ['--target', 'y', '--do', 'x = 1', '--vs', 'x = 0']);
    expect(out.kind).toBe('interventional');
    expect(out.method).toBe('enumerate');
    expect(Math.abs(out.mean - exact)).toBeLessThan(EXACT);
    const g = graphOf(MODEL);
    expect(Math.abs(ate(g, { treatment: 'x', outcome: 'y' }).mean - exact)).toBeLessThan(EXACT);
  });

  it('conditioning on the collider opens x ← z → y: P(z = 1 | x = 1, c = 1) by enumeration', async () => {
    const exact = oracle(NODES, [{ given: { x: 1, c: 1 } }], ([w]) => w.z);
    const out = await cli(MODEL, ['--target', 'z', '--given', 'x = 1; c = 1']);
    expect(out.kind).toBe('observational');
    expect(out.mcse_mean).toBe(0);
    expect(Math.abs(out.mean - exact)).toBeLessThan(EXACT);
    // Not the prior 0.4, nor P(z | x = 1) alone: the collider moves it.
    expect(Math.abs(exact - oracle(NODES, [{ given: { x: 1 } }], ([w]) => w.z))).toBeGreaterThan(0.01);
  });

  it('P(y = 1 | do(x = 1), c = 1): the intervened population restricted to c = 1', async () => {
    const exact = oracle(NODES, [{ do: { x: 1 }, given: { c: 1 } }], ([w]) => w.y);
    const out = await cli(MODEL, ['--target', 'y', '--do', 'x = 1', '--given', 'c = 1']);
    expect(Math.abs(out.mean - exact)).toBeLessThan(EXACT);
    const api = query(graphOf(MODEL), { target: 'y', do: { x: 1 }, given: { c: 1 } });
    expect(Math.abs(api.mean - exact)).toBeLessThan(EXACT);
  });

  it('PN = P(y_{x=0} = 0 | x = 1, y = 1) through the latent confounder and mediator', async () => {
    const exact = oracle(NODES, [{ given: { x: 1, y: 1 } }, { do: { x: 0 } }], ([, cf]) =>
      cf.y === 0 ? 1 : 0,
    );
    const out = await cli(MODEL, [
      ...['--target', 'y == 0', '--given', 'x = 1; y = 1', '--do', 'x = 0', '--counterfactual'],
    ]);
    expect(out.kind).toBe('counterfactual');
    expect(out.mcse_mean).toBe(0);
    expect(Math.abs(out.mean - exact)).toBeLessThan(EXACT);
    const pn = probabilityOfNecessity(graphOf(MODEL), { treatment: 'x', outcome: 'y' });
    expect(Math.abs(pn.mean - exact)).toBeLessThan(EXACT);
  });

  it('PS = P(y_{x=1} = 1 | x = 0, y = 0) and PNS = P(y_{x=1} = 1, y_{x=0} = 0)', async () => {
    const ps = oracle(NODES, [{ given: { x: 0, y: 0 } }, { do: { x: 1 } }], ([, cf]) => cf.y);
    const out = await cli(MODEL, [
      ...['--target', 'y', '--given', 'x = 0; y = 0', '--do', 'x = 1', '--counterfactual'],
    ]);
    expect(Math.abs(out.mean - ps)).toBeLessThan(EXACT);
    const g = graphOf(MODEL);
    expect(Math.abs(probabilityOfSufficiency(g, { treatment: 'x', outcome: 'y' }).mean - ps)).toBeLessThan(
      EXACT,
    );
    // PNS: two acted worlds of the same unit, sharing every noise (no evidence).
    const pns = oracle(NODES, [{ do: { x: 1 } }, { do: { x: 0 } }], ([y1, y0]) =>
      y1.y === 1 && y0.y === 0 ? 1 : 0,
    );
    const a = probabilityOfNecessityAndSufficiency(g, { treatment: 'x', outcome: 'y' });
    expect(Math.abs(a.mean - pns)).toBeLessThan(EXACT);
  });

  it('the collider had x been 0, for a unit seen with x = 1, c = 1: E[c_{x=0}]', async () => {
    const exact = oracle(NODES, [{ given: { x: 1, c: 1 } }, { do: { x: 0 } }], ([, cf]) => cf.c);
    const out = await cli(MODEL, [
      ...['--target', 'c', '--given', 'x = 1; c = 1', '--do', 'x = 0', '--counterfactual'],
    ]);
    expect(Math.abs(out.mean - exact)).toBeLessThan(EXACT);
    // The contrast of two counterfactual worlds shares the unit's noise row by row.
    const both = oracle(
      NODES,
      [{ given: { x: 1, c: 1 } }, { do: { x: 0 } }, { do: { x: 1 } }],
      ([, c0, c1]) => c0.y - c1.y,
    );
    const vs = await cli(MODEL, [
      ...['--target', 'y', '--given', 'x = 1; c = 1', '--do', 'x = 0', '--vs', 'x = 1', '--counterfactual'],
    ]);
    expect(Math.abs(vs.mean - both)).toBeLessThan(EXACT);
  });
});
