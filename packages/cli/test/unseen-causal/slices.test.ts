import { query } from '@dopl/inference';
import { describe, expect, it } from 'vitest';
import { cli, graphOf } from './harness.js';

// Interventions on slices of array nodes (random vectors, a random matrix, a data vector).
// N = 4, K = 3, price = [1, 2, 3, 4]. Sampled answers: independent forward draws, MCSE =
// sd/√n with the sd known, 4 MCSE allowed; counterfactuals of seen units are exact points.
const MODEL = 'slices.dopl';
const DATA = ['--data', new URL('slices.json', import.meta.url).pathname];
const n = 4000;
const within = (got: number, mean: number, variance: number) =>
  expect(Math.abs(got - mean)).toBeLessThan(4 * Math.sqrt(variance / n));
const HALF_NORMAL_MEAN = Math.sqrt(2 / Math.PI);
const HALF_NORMAL_VAR = 1 - 2 / Math.PI;

describe('slice interventions on array nodes', () => {
  it('spend[1:3] = 0: E[sum(out)] = 2·(1 + 1) = 4, var 4·2 + 4', async () => {
    const out = await cli(MODEL, [
      ...DATA,
      '--target',
      'sum(out)',
      '--do',
      'spend[1:3] = 0',
      '--draws',
      `${n}`,
      '--seed',
      '31',
    ]);
    within(out.mean, 4, 12);
    const api = query(graphOf(MODEL, 'slices.json'), {
      target: (v) => v.out.reduce((a, b) => a + b, 0),
      do: { spend: { slice: [[1, 3]], value: 0 } },
      draws: n,
      seed: 32,
    });
    within(api.mean, 4, 12);
  });

  it('a 2-D slice w[0:2, 1] = 0: E[g] = (3 − 1)·√(2/π), var 4·(1 − 2/π) + 1', async () => {
    const out = await cli(MODEL, [
      ...DATA,
      '--target',
      'g',
      '--do',
      'w[0:2, 1] = 0',
      '--draws',
      `${n}`,
      '--seed',
      '33',
    ]);
    within(out.mean, 2 * HALF_NORMAL_MEAN, 4 * HALF_NORMAL_VAR + 1);
  });

  it('a slice of a data node price[0:2] = 0: E[sum(demand)] = 40 − 3 − 4 = 33', async () => {
    const out = await cli(MODEL, [
      ...DATA,
      '--target',
      'sum(demand)',
      '--do',
      'price[0:2] = 0',
      '--draws',
      `${n}`,
      '--seed',
      '34',
    ]);
    within(out.mean, 33, 4);
  });

  it('the unit spend = [1, 2, 3, 4], out = [2, 5, 6, 9]: slices set and scaled, exact points', async () => {
    // Noise out − 2·spend = [0, 1, 0, 1]. spend[1:3] = 0 → out′ = [2, 1, 0, 9];
    // spend[0:2] tripled → spend′ = [3, 6, 3, 4], out′ = [6, 13, 6, 9], sum 34.
    const unit = ['--given', 'spend = [1, 2, 3, 4]; out = [2, 5, 6, 9]', '--counterfactual'];
    const one = await cli(MODEL, [...DATA, '--target', 'out[1]', '--do', 'spend[1:3] = 0', ...unit]);
    expect(one.mean).toBe(1);
    expect(one.sd).toBe(0);
    const sum = await cli(MODEL, [
      ...DATA,
      '--target',
      'sum(out)',
      '--do',
      'spend[0:2] = spend[0:2] * 3',
      ...unit,
    ]);
    expect(sum.mean).toBeCloseTo(34, 12);
  });

  it('a seen matrix and a seen data slice: g′ = 2.5 and sum(demand′) = 34 exactly', async () => {
    // g's noise: 0 − Σ w·[1, −1] = 0 − (−1 + 0 + 1) = 0; with w[0:2, 1] = 0: 1 + 0.5 + 2 − 1 = 2.5.
    const g = await cli(MODEL, [
      ...DATA,
      ...['--target', 'g', '--given', 'w = [[1, 2], [0.5, 0.5], [2, 1]]; g = 0'],
      ...['--do', 'w[0:2, 1] = 0', '--counterfactual'],
    ]);
    expect(g.mean).toBeCloseTo(2.5, 12);
    // demand's noise: [9, 8, 7, 7] − (10 − price) = [0, 0, 0, 1]; price′ = [0, 0, 3, 4].
    const d = await cli(MODEL, [
      ...DATA,
      ...[
        '--target',
        'sum(demand)',
        '--given',
        'demand = [9, 8, 7, 7]',
        '--do',
        'price[0:2] = 0',
        '--counterfactual',
      ],
    ]);
    expect(d.mean).toBeCloseTo(34, 12);
    expect(d.sd).toBe(0);
  });

  it('evidence about units of another size: N = 2, and the actions read the new shapes', async () => {
    // Noise out − 2·spend = [0, 1]; spend[1:2] = 0 → out′ = [2, 1]; spend = [0, 0] → [0, 1].
    const unit = ['--given', 'N = 2; price = [1, 1]; demand = [9, 9]; spend = [1, 1]; out = [2, 3]'];
    const slice = await cli(MODEL, [
      ...DATA,
      '--target',
      'sum(out)',
      ...unit,
      '--do',
      'spend[1:2] = 0',
      '--counterfactual',
    ]);
    expect(slice.mean).toBeCloseTo(3, 12);
    const all = await cli(MODEL, [
      ...DATA,
      '--target',
      'sum(out)',
      ...unit,
      '--do',
      'spend = [0, 0]',
      '--counterfactual',
    ]);
    expect(all.mean).toBeCloseTo(1, 12);
  });
});
