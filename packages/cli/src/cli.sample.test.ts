import { existsSync, mkdirSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fromJSON } from '@dopl/inference';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PARAMETER_KEYS } from './json-summary.js';
import {
  fixtureDir,
  hasStackTrace,
  NORMAL_CSV,
  NORMAL_JSON,
  NORMAL_MODEL,
  NORMAL_POSTERIOR,
  NORMAL_Y,
  type RunResult,
  removeFixtures,
  runCli,
  runMain,
} from './test-util.js';

// `dopl sample`, `prior` and `ppc` on a small conjugate model: as child processes, except for a
// few follow-up runs through `main` in this process (to keep the suite fast).

let dir: string;
const SMALL = ['--chains', '2', '--draws', '400', '--tune', '300'];

afterAll(removeFixtures);

beforeAll(() => {
  dir = fixtureDir({
    'normal.dopl': NORMAL_MODEL,
    'normal.json': NORMAL_JSON,
    'normal.csv': NORMAL_CSV,
    'bad.json': '{ "N": 6, "y": [1, 2, NaN, 2.5, 1.5, 2.2] }',
  });
});

const p = (name: string) => join(dir, name);

function parseJson(r: RunResult): any {
  expect(r.stderr).not.toMatch(/internal error/);
  expect(r.code).toBe(0);
  return JSON.parse(r.stdout);
}

describe.concurrent('dopl sample', () => {
  it('--json prints exactly one JSON object with the contract keys and a correct posterior', async () => {
    // The same seed gives the same parameters, with any number of workers.
    const args = ['sample', p('normal.dopl'), '--data', p('normal.json'), ...SMALL, '--seed', '11', '--json'];
    const [r, again] = await Promise.all([runCli(args), runCli([...args, '--workers', '1'])]);
    const out = parseJson(r);
    expect(parseJson(again).parameters).toEqual(out.parameters);
    expect(Object.keys(out)).toEqual([
      'parameters',
      'diagnostics',
      'timing',
      'chains',
      'draws',
      'tune',
      'seed',
    ]);
    expect(Object.keys(out.parameters)).toEqual(['mu', 'theta[0]', 'theta[1]', 'twice']);
    for (const stats of Object.values<Record<string, number>>(out.parameters)) {
      expect(Object.keys(stats)).toEqual([...PARAMETER_KEYS]);
      for (const v of Object.values(stats)) expect(Number.isFinite(v)).toBe(true);
    }
    expect(Object.keys(out.diagnostics)).toEqual(['divergences', 'max_treedepth_hits', 'bfmi']);
    expect(out.diagnostics.bfmi).toHaveLength(2);
    expect(out.diagnostics.divergences).toBe(0);
    expect(Object.keys(out.timing)).toEqual(['compile_s', 'warmup_s', 'sampling_s', 'total_s']);
    for (const t of Object.values<number>(out.timing)) expect(t).toBeGreaterThanOrEqual(0);
    expect(out.timing.total_s).toBeGreaterThanOrEqual(out.timing.sampling_s);
    expect([out.chains, out.draws, out.tune, out.seed]).toEqual([2, 400, 300, 11]);

    const mu = out.parameters.mu;
    expect(Math.abs(mu.mean - NORMAL_POSTERIOR.mean)).toBeLessThan(4 * mu.mcse_mean);
    expect(mu.sd).toBeGreaterThan(0.8 * NORMAL_POSTERIOR.sd);
    expect(mu.sd).toBeLessThan(1.2 * NORMAL_POSTERIOR.sd);
    expect(mu.q5).toBeLessThan(mu.q50);
    expect(mu.q50).toBeLessThan(mu.q95);
    expect(mu.hdi_low).toBeLessThan(mu.hdi_high);
    expect(mu.r_hat).toBeLessThan(1.05);
    // The deterministic node follows mu.
    expect(out.parameters.twice.mean).toBeCloseTo(2 * mu.mean, 10);
  });

  it('--out writes Stan CSV per chain, summary.json and idata.json; ppc and the text table read them', async () => {
    const out = join(dir, 'fit', 'nested');
    const r = await runCli([
      'sample',
      p('normal.dopl'),
      '--data',
      p('normal.json'),
      ...SMALL,
      '--seed',
      '3',
      '--out',
      out,
    ]);
    expect(r.code).toBe(0);
    // Without --json: the summary table on stdout.
    expect(r.stdout).toMatch(/^\s+mean\s+sd\s+5%\s+50%\s+95%/);
    expect(r.stdout).toMatch(/^theta\[1\]\s/m);
    expect(readdirSync(out).sort()).toEqual(['chain_1.csv', 'chain_2.csv', 'idata.json', 'summary.json']);

    const csv = readFileSync(join(out, 'chain_1.csv'), 'utf8');
    const lines = csv.split('\n').filter((l) => l && !l.startsWith('#'));
    const header = lines[0].split(',');
    expect(header).toEqual(expect.arrayContaining(['lp__', 'mu', 'theta.1', 'theta.2', 'twice']));
    expect(lines).toHaveLength(1 + 400);
    for (const line of lines.slice(1)) {
      const cells = line.split(',').map(Number);
      expect(cells).toHaveLength(header.length);
      expect(cells.every(Number.isFinite)).toBe(true);
    }

    const summary = JSON.parse(readFileSync(join(out, 'summary.json'), 'utf8'));
    expect(Object.keys(summary.parameters)).toEqual(['mu', 'theta[0]', 'theta[1]', 'twice']);
    expect(summary.seed).toBe(3);
    const idata = fromJSON(readFileSync(join(out, 'idata.json'), 'utf8'));
    expect(idata.posterior?.mu.shape).toEqual([2, 400]);
    expect(idata.posterior?.theta.shape).toEqual([2, 400, 2]);
    expect(Array.from(idata.observed_data!.y.data)).toEqual(NORMAL_Y);

    // ppc from the fit, with the fit's own data and with --data.
    const [own, given] = await Promise.all([
      runCli(['ppc', p('normal.dopl'), '--fit', out, '--seed', '1', '--json']),
      runMain([
        'ppc',
        p('normal.dopl'),
        '--fit',
        join(out, 'idata.json'),
        '--data',
        p('normal.csv'),
        '--seed',
        '1',
        '--json',
      ]),
    ]);
    const check = parseJson(own);
    expect(parseJson(given)).toEqual(check);
    expect(Object.keys(check.observed)).toEqual(['y']);
    expect(check.observed.y.size).toBe(NORMAL_Y.length);
    expect(check.observed.y.statistics.mean.observed).toBeCloseTo(
      NORMAL_Y.reduce((a, b) => a + b, 0) / NORMAL_Y.length,
      12,
    );
    for (const k of ['mean', 'sd', 'min', 'max']) {
      const s = check.observed.y.statistics[k];
      expect(s.p_value).toBeGreaterThanOrEqual(0);
      expect(s.p_value).toBeLessThanOrEqual(1);
    }
    expect([check.chains, check.draws]).toEqual([2, 400]);

    const text = await runMain(['ppc', p('normal.dopl'), '--fit', out, '--seed', '1']);
    expect(text.code).toBe(0);
    expect(text.stdout).toMatch(/^y \(6 values\)$/m);
    expect(text.stdout).toMatch(/^mean\s/m);
  });

  it('a failing run leaves the --out directory without files', async () => {
    const fresh = join(dir, 'never');
    const existing = join(dir, 'existing');
    mkdirSync(existing);
    const [a, b] = await Promise.all([
      runCli(['sample', p('normal.dopl'), '--data', p('bad.json'), ...SMALL, '--out', fresh]),
      runMain(['sample', p('normal.dopl'), '--data', p('bad.json'), ...SMALL, '--out', existing]),
    ]);
    for (const r of [a, b]) {
      expect(r.code).toBe(1);
      expect(r.stderr).toMatch(/bad\.json:1:\d+: .*NaN/);
      expect(hasStackTrace(r.stderr)).toBe(false);
    }
    expect(existsSync(fresh) ? readdirSync(fresh) : []).toEqual([]);
    expect(readdirSync(existing)).toEqual([]);
  });
});

describe.concurrent('dopl prior', () => {
  it('--json summarises the prior and the prior predictive', async () => {
    const r = await runCli([
      'prior',
      p('normal.dopl'),
      '--data',
      p('normal.json'),
      '--draws',
      '300',
      '--seed',
      '2',
      '--json',
    ]);
    const out = parseJson(r);
    expect(Object.keys(out)).toEqual([
      'parameters',
      'diagnostics',
      'timing',
      'chains',
      'draws',
      'tune',
      'seed',
    ]);
    expect(Object.keys(out.parameters)).toEqual([
      'mu',
      'theta[0]',
      'theta[1]',
      'twice',
      ...NORMAL_Y.map((_, i) => `y[${i}]`),
    ]);
    expect(out.diagnostics).toEqual({ divergences: 0, max_treedepth_hits: 0, bfmi: [] });
    expect([out.chains, out.draws, out.tune, out.seed]).toEqual([1, 300, 0, 2]);
    // mu ~ Normal(0, 10): 300 independent draws.
    expect(Math.abs(out.parameters.mu.mean)).toBeLessThan(4 * (10 / Math.sqrt(300)));
    expect(out.parameters.mu.sd).toBeGreaterThan(8);
    expect(out.parameters.mu.sd).toBeLessThan(12);
  });

  it('prints two tables without --json', async () => {
    const r = await runMain([
      'prior',
      p('normal.dopl'),
      '--data',
      p('normal.csv'),
      '--draws',
      '100',
      '--seed',
      '2',
    ]);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^Prior:$/m);
    expect(r.stdout).toMatch(/^Prior predictive:$/m);
  });
});
