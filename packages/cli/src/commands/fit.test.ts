import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fromJSON } from '@dopl/inference';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PARAMETER_KEYS } from '../json-summary.js';
import {
  fixtureDir,
  hasStackTrace,
  NORMAL_JSON,
  NORMAL_MODEL,
  NORMAL_POSTERIOR,
  NORMAL_Y,
  type RunResult,
  removeFixtures,
  runMain,
} from '../test-util.js';
import { ELBO_TRACE_TAIL } from './fit.js';

// `dopl fit` in this process (through `main`) on the conjugate normal model of the sample tests:
// mu ~ Normal(0, 10), theta[k] ~ Normal(mu, 1), y ~ Normal(mu, 1). Its posterior is Gaussian on
// the unconstrained space, so every method's Gaussian family contains it: Pathfinder, full-rank
// ADVI and the Laplace approximation are exact up to optimisation and Monte Carlo error, and the
// mode is the posterior mean, sum(y) / (1/100 + N).

let dir: string;
afterAll(removeFixtures);
beforeAll(() => {
  dir = fixtureDir({ 'normal.dopl': NORMAL_MODEL, 'normal.json': NORMAL_JSON });
});

const fit = (...args: string[]) =>
  runMain(['fit', join(dir, 'normal.dopl'), '--data', join(dir, 'normal.json'), ...args]);

function parseJson(r: RunResult): any {
  expect(r.stderr).not.toMatch(/internal error/);
  expect(r.code).toBe(0);
  return JSON.parse(r.stdout);
}

const KEYS = ['parameters', 'diagnostics', 'timing', 'chains', 'draws', 'tune', 'seed', 'method'];

describe('dopl fit', () => {
  it('--method pathfinder --json: the sample JSON keys plus method, Pareto k̂, the posterior of mu', async () => {
    const [r, again] = await Promise.all([
      fit('--method', 'pathfinder', '--seed', '4', '--json'),
      fit('--method', 'pathfinder', '--seed', '4', '--json'),
    ]);
    const out = parseJson(r);
    expect(Object.keys(out)).toEqual(KEYS);
    expect(out.method).toBe('pathfinder');
    expect(parseJson(again).parameters).toEqual(out.parameters);
    expect(Object.keys(out.parameters)).toEqual(['mu', 'theta[0]', 'theta[1]', 'twice']);
    for (const stats of Object.values<Record<string, number>>(out.parameters)) {
      expect(Object.keys(stats)).toEqual([...PARAMETER_KEYS]);
    }
    expect([out.chains, out.draws, out.tune, out.seed]).toEqual([1, 1000, 0, 4]);
    expect(Object.keys(out.timing)).toEqual(['compile_s', 'warmup_s', 'sampling_s', 'total_s']);
    const d = out.diagnostics;
    expect(d.pareto_k).toBeLessThan(0.7);
    expect(d.paths).toHaveLength(4);
    for (const p of d.paths) {
      expect(Number.isFinite(p.elbo)).toBe(true);
      expect(p.lbfgs_iterations).toBeGreaterThan(0);
    }
    expect(d.gradient_evaluations).toBeGreaterThan(0);
    // The draws are resampled from exact Gaussians: the mean is off by Monte Carlo error only.
    const mu = out.parameters.mu;
    expect(Math.abs(mu.mean - NORMAL_POSTERIOR.mean)).toBeLessThan(4 * mu.mcse_mean);
    expect(out.parameters.twice.mean).toBeCloseTo(2 * mu.mean, 10);
  });

  it('--method fullrank --precondition laplace: mean within 4 MCSE', async () => {
    // Only the mean is asserted: the fitted sd carries the stochastic optimiser's own noise (one
    // gradient draw per step, stopped at a relative ELBO change of 0.01), which the inference
    // package's accuracy tests measure against posteriordb; here it is 14 % off with seed 2.
    const out = parseJson(
      await fit('--method', 'fullrank', '--precondition', 'laplace', '--seed', '2', '--json'),
    );
    expect(out.method).toBe('fullrank');
    const mu = out.parameters.mu;
    expect(Math.abs(mu.mean - NORMAL_POSTERIOR.mean)).toBeLessThan(4 * mu.mcse_mean);
    expect(out.diagnostics.converged).toBe(true);
  });

  it('--method advi: the ELBO, the tail of its trace, iterations and gradient evaluations', async () => {
    const out = parseJson(await fit('--method', 'advi', '--seed', '3', '--draws', '500', '--json'));
    const d = out.diagnostics;
    expect(Object.keys(d)).toEqual([
      'elbo',
      'elbo_trace',
      'converged',
      'iterations',
      'eta',
      'gradient_evaluations',
      'log_density_evaluations',
      'warnings',
    ]);
    expect(out.draws).toBe(500);
    expect(d.elbo_trace.length).toBeGreaterThan(0);
    expect(d.elbo_trace.length).toBeLessThanOrEqual(ELBO_TRACE_TAIL);
    expect(d.elbo).toBe(d.elbo_trace.at(-1).elbo);
    expect(d.elbo_trace.at(-1).iteration).toBeLessThanOrEqual(d.iterations);
    // One gradient per iteration (1 gradient draw) plus 50 per η tried by the adaptation.
    expect(d.gradient_evaluations).toBeGreaterThanOrEqual(d.iterations);
    expect([1, 10, 100, 0.1, 0.01]).toContain(d.eta);
  });

  it('--method map: the mode is the posterior mean of this Gaussian posterior; --laplace draws its sd', async () => {
    const [mode, laplace] = await Promise.all([
      fit('--method', 'map', '--seed', '1', '--json'),
      fit('--method', 'map', '--laplace', '--seed', '1', '--json'),
    ]);
    const m = parseJson(mode);
    expect(m.draws).toBe(1);
    expect(m.diagnostics.converged).toBe(true);
    // Stan's default L-BFGS tolerances; the relative-gradient stop leaves it ~1e-8 sd away here.
    expect(Math.abs(m.diagnostics.mode.mu - NORMAL_POSTERIOR.mean)).toBeLessThan(1e-6);
    expect(m.parameters.mu.mean).toBe(m.diagnostics.mode.mu);
    expect(m.parameters.mu.sd).toBeNull();
    const l = parseJson(laplace);
    expect(l.diagnostics.laplace).toBe(true);
    expect(l.draws).toBe(1000);
    expect(Math.abs(l.parameters.mu.sd / NORMAL_POSTERIOR.sd - 1)).toBeLessThan(4 / Math.sqrt(2 * 999));
  });

  it('prints the summary table and a line on the method; --out writes the files ppc reads', async () => {
    const out = join(dir, 'fit-out');
    const r = await fit('--method', 'pathfinder', '--seed', '5', '--out', out);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^\s+mean\s+sd\s+5%\s+50%\s+95%/);
    expect(r.stdout).toMatch(/^Pathfinder, seed 5: 4 paths, Pareto k-hat \d\.\d\d; 1000 draws/m);
    expect(readdirSync(out).sort()).toEqual(['chain_1.csv', 'idata.json', 'summary.json']);
    const idata = fromJSON(readFileSync(join(out, 'idata.json'), 'utf8'));
    expect(idata.posterior?.theta.shape).toEqual([1, 1000, 2]);
    expect(idata.attrs.sampler?.algorithm).toBe('pathfinder');
    expect(Array.from(idata.observed_data!.y.data)).toEqual(NORMAL_Y);
    expect(JSON.parse(readFileSync(join(out, 'summary.json'), 'utf8')).method).toBe('pathfinder');
    const csv = readFileSync(join(out, 'chain_1.csv'), 'utf8').split('\n');
    expect(csv.filter((l) => /^[-0-9]/.test(l))).toHaveLength(1000);
    const ppc = await runMain(['ppc', join(dir, 'normal.dopl'), '--fit', out, '--seed', '1', '--json']);
    expect(parseJson(ppc).observed.y.size).toBe(NORMAL_Y.length);
  });

  it('dopl sample --init pathfinder starts NUTS from Pathfinder draws (recorded in idata.json)', async () => {
    const out = join(dir, 'nuts-out');
    const args = ['--chains', '2', '--draws', '300', '--tune', '200', '--seed', '6', '--workers', '1'];
    const r = await runMain([
      'sample',
      join(dir, 'normal.dopl'),
      '--data',
      join(dir, 'normal.json'),
      ...args,
      '--init',
      'pathfinder',
      '--out',
      out,
    ]);
    expect(r.code).toBe(0);
    const idata = fromJSON(readFileSync(join(out, 'idata.json'), 'utf8'));
    expect(idata.attrs.sampler?.init).toBe('pathfinder');
    const summary = JSON.parse(readFileSync(join(out, 'summary.json'), 'utf8'));
    const mu = summary.parameters.mu;
    expect(Math.abs(mu.mean - NORMAL_POSTERIOR.mean)).toBeLessThan(4 * mu.mcse_mean);
    const bad = await runMain(['sample', join(dir, 'normal.dopl'), '--init', 'advi']);
    expect(bad.stderr).toMatch(/--init expects one of 'random', 'pathfinder', got 'advi'/);
  });

  it('rejects bad command lines with a usage message and no stack trace', async () => {
    const cases: [string[], RegExp][] = [
      [[], /missing --method METHOD/],
      [['--method', 'nuts'], /--method expects one of 'advi', 'fullrank', 'pathfinder', 'map', got 'nuts'/],
      [['--method', 'advi', '--laplace'], /--laplace applies to --method map only/],
      [
        ['--method', 'map', '--precondition', 'laplace'],
        /--precondition applies to --method advi and fullrank/,
      ],
      [['--method', 'map', '--draws', '10'], /--draws with --method map needs --laplace/],
    ];
    for (const [args, message] of cases) {
      const r = await fit(...args);
      expect(r.code).toBe(1);
      expect(r.stderr).toMatch(message);
      expect(r.stderr).toMatch(/Run 'dopl fit --help'/);
      expect(hasStackTrace(r.stderr)).toBe(false);
    }
  });
});
