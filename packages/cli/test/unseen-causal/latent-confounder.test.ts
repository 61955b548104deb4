import { ett, expectedDisablement, expectedSufficiency, query } from '@dopl/inference';
import { describe, expect, it } from 'vitest';
import { cli, graphOf } from './harness.js';
import { bernoulli, oracle } from './oracle.js';

// A latent confounder seen only through its descendants. Every answer needs the posterior of u
// (and of y where it is unseen) given the evidence: exact by enumeration, checked against the
// twin-network oracle of oracle.ts, and by importance sampling within its reported MCSE.
const MODEL = 'latent-confounder.dopl';
const NODES = [
  bernoulli('u', () => 0.3),
  bernoulli('x', (v) => 0.2 + 0.6 * v.u),
  bernoulli('y', (v) => 0.1 + 0.4 * v.x + 0.4 * v.u),
  bernoulli('w', (v) => 0.2 + 0.7 * v.u),
  bernoulli('v', (v) => 0.1 + 0.8 * v.y),
];
const EXACT = 1e-10;

describe('a latent confounder seen through its descendants', () => {
  it('P(u = 1 | w = 1, v = 1) by enumeration, and by importance sampling within 4 MCSE', async () => {
    const exact = oracle(NODES, [{ given: { w: 1, v: 1 } }], ([s]) => s.u);
    const out = await cli(MODEL, ['--target', 'u', '--given', 'w = 1; v = 1']);
    expect(out.method).toBe('enumerate');
    expect(Math.abs(out.mean - exact)).toBeLessThan(EXACT);
    const is = await cli(MODEL, [
      ...[
        '--target',
        'u',
        '--given',
        'w = 1; v = 1',
        '--method',
        'importance',
        '--draws',
        '4000',
        '--seed',
        '2',
      ],
    ]);
    // mcse_mean is sd/√ESS with Kish's ESS of the weights, which the method reports.
    expect(is.method).toMatch(/^importance \(ess \d+(\.\d)?\)$/);
    expect(Math.abs(is.mean - exact)).toBeLessThan(4 * is.mcse_mean);
  });

  it('P(y | do(x = 1), w = 1) = 0.5 + 0.4 · P(u = 1 | w = 1) = 0.5 + 0.4 · 0.27/0.41', async () => {
    // w is not downstream of x, so conditioning the intervened graph on it reweights u only.
    const exact = 0.5 + (0.4 * 0.27) / 0.41;
    expect(oracle(NODES, [{ do: { x: 1 }, given: { w: 1 } }], ([s]) => s.y)).toBeCloseTo(exact, 12);
    const out = await cli(MODEL, ['--target', 'y', '--do', 'x = 1', '--given', 'w = 1']);
    expect(out.kind).toBe('interventional');
    expect(Math.abs(out.mean - exact)).toBeLessThan(EXACT);
  });

  it('the effect on the treated E[y_{x=1} − y_{x=0} | x = 1] and its conditional on w = 1', async () => {
    const ettExact = oracle(
      NODES,
      [{ given: { x: 1 } }, { do: { x: 1 } }, { do: { x: 0 } }],
      ([, a, b]) => a.y - b.y,
    );
    // Every unit's y moves by exactly 0.4 in probability, so the ETT is 0.4 whatever the confounding.
    expect(ettExact).toBeCloseTo(0.4, 12);
    expect(Math.abs(ett(graphOf(MODEL), { treatment: 'x', outcome: 'y' }).mean - 0.4)).toBeLessThan(EXACT);
    // y itself had x been 0 for the treated seen with w = 1 and v = 1 is not a plain 0.4 shift.
    const exact = oracle(NODES, [{ given: { x: 1, w: 1, v: 1 } }, { do: { x: 0 } }], ([, cf]) => cf.y);
    const out = await cli(MODEL, [
      ...['--target', 'y', '--given', 'x = 1; w = 1; v = 1', '--do', 'x = 0', '--counterfactual'],
    ]);
    expect(out.mcse_mean).toBe(0);
    expect(Math.abs(out.mean - exact)).toBeLessThan(EXACT);
    const api = query(graphOf(MODEL), {
      target: 'y',
      given: { x: 1, w: 1, v: 1 },
      do: { x: 0 },
      counterfactual: true,
    });
    expect(Math.abs(api.mean - exact)).toBeLessThan(EXACT);
  });

  it('expected disablement and sufficiency of x for the present symptoms y and v', () => {
    // ED: how many of y, v would switch off had x been 0; ES: how many would stay on had every
    // other cause of them (u, the only other parent of y; v's parent y is a symptom) been 0.
    const evidence = { x: 1, y: 1, v: 1 };
    const seen = { given: evidence };
    const ed = oracle(NODES, [seen, { do: { x: 0 } }], ([, cf]) => 2 - cf.y - cf.v);
    const es = oracle(NODES, [seen, { do: { u: 0 } }], ([, cf]) => cf.y + cf.v);
    const g = graphOf(MODEL);
    expect(Math.abs(expectedDisablement(g, { cause: 'x', evidence }).mean - ed)).toBeLessThan(EXACT);
    expect(Math.abs(expectedSufficiency(g, { cause: 'x', evidence }).mean - es)).toBeLessThan(EXACT);
  });

  it('v had x been 0, for units seen with v = 1, w = 0 (y and u unseen)', async () => {
    const exact = oracle(NODES, [{ given: { v: 1, w: 0 } }, { do: { x: 0 } }], ([, cf]) => cf.v);
    const out = await cli(MODEL, [
      ...['--target', 'v', '--given', 'v = 1; w = 0', '--do', 'x = 0', '--counterfactual'],
    ]);
    expect(Math.abs(out.mean - exact)).toBeLessThan(EXACT);
  });
});
