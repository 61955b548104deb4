import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fromJSON, type InferenceData } from '@dopl/inference';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  fixtureDir,
  hasStackTrace,
  NORMAL_JSON,
  NORMAL_MODEL,
  removeFixtures,
  runMain,
} from '../test-util.js';

// The sampler options of `dopl sample` (--metric, --target-accept, --max-treedepth, --init), run in
// this process on the conjugate normal model of the other CLI tests:
//   mu ~ Normal(0, 10), theta[k] ~ Normal(mu, 1) (k = 0, 1), y_i ~ Normal(mu, 1) (6 values).
// Its posterior is Gaussian: Var(mu) = 1 / (1/100 + 6), and theta[k] = mu + N(0, 1) noise, so
// Cov(mu, theta[k]) = Var(mu) and Var(theta[k]) = Var(mu) + 1. The unconstrained vector is
// (mu, theta[0], theta[1]).

let dir: string;
afterAll(removeFixtures);
beforeAll(() => {
  dir = fixtureDir({ 'normal.dopl': NORMAL_MODEL, 'normal.json': NORMAL_JSON });
});

const VAR_MU = 1 / (1 / 100 + 6);

/** Runs `dopl sample` with --out into a fresh directory and reads back the InferenceData and Stan CSV header. */
async function sampleOut(name: string, ...args: string[]): Promise<{ idata: InferenceData; csv: string }> {
  const out = join(dir, name);
  const r = await runMain([
    'sample',
    join(dir, 'normal.dopl'),
    '--data',
    join(dir, 'normal.json'),
    '--chains',
    '2',
    '--workers',
    '1',
    '--seed',
    '11',
    '--out',
    out,
    ...args,
  ]);
  expect(r.stderr).not.toMatch(/internal error/);
  expect(r.code).toBe(0);
  return {
    idata: fromJSON(readFileSync(join(out, 'idata.json'), 'utf8')),
    csv: readFileSync(join(out, 'chain_1.csv'), 'utf8'),
  };
}

describe('dopl sample sampler options', () => {
  it('--metric dense adapts the full covariance; the default stays diagonal', async () => {
    // 1000 warm-up iterations: the last slow window (Stan's 75 / 25 doubling / 50 schedule) holds
    // n = 500 draws, and the metric is (n/(n+5))·Σ̂ + 1e-3·(5/(n+5))·I.
    const [dense, diag] = await Promise.all([
      sampleOut('dense', '--metric', 'dense', '--draws', '200'),
      sampleOut('diag', '--draws', '200'),
    ]);
    expect(dense.idata.attrs.sampler?.metric).toBe('dense_e');
    expect(dense.csv).toMatch(/^#\s+metric = dense_e$/m);
    expect(diag.idata.attrs.sampler?.metric).toBe('diag_e');
    expect(diag.csv).toMatch(/^#\s+metric = diag_e \(Default\)$/m);

    const shrink = 500 / 505;
    const ridge = 1e-3 * (5 / 505);
    const exact = [
      [VAR_MU, VAR_MU, VAR_MU],
      [VAR_MU, VAR_MU + 1, VAR_MU],
      [VAR_MU, VAR_MU, VAR_MU + 1],
    ];
    // Monte Carlo error of a covariance estimate from n draws of a Gaussian: sd(Σ̂ᵢⱼ) =
    // sqrt((ΣᵢᵢΣⱼⱼ + Σᵢⱼ²) / n). Warm-up draws are autocorrelated, so n is taken as 500 / 4 (an
    // effective sample size a quarter of the draws, below what NUTS achieves on a Gaussian), and
    // the bound is 4 of those standard deviations.
    const nEff = 500 / 4;
    for (const inv of dense.idata.attrs.sampler!.inverseMetric! as number[][][]) {
      expect(inv).toHaveLength(3);
      for (let i = 0; i < 3; i++) {
        expect(inv[i]).toHaveLength(3);
        for (let j = 0; j < 3; j++) {
          expect(inv[i][j]).toBe(inv[j][i]);
          const sd = Math.sqrt((exact[i][i] * exact[j][j] + exact[i][j] ** 2) / nEff);
          const expected = shrink * exact[i][j] + (i === j ? ridge : 0);
          expect(Math.abs(inv[i][j] - expected)).toBeLessThan(4 * sd * shrink);
        }
      }
    }
    for (const inv of diag.idata.attrs.sampler!.inverseMetric! as number[][]) {
      expect(inv).toHaveLength(3);
      for (const v of inv) expect(typeof v).toBe('number');
    }
  });

  it('--target-accept sets δ: a higher target gives a smaller step size on every chain', async () => {
    const [low, high] = await Promise.all([
      sampleOut('delta-low', '--target-accept', '0.6', '--draws', '200'),
      sampleOut('delta-high', '--target-accept', '0.97', '--draws', '200'),
    ]);
    expect(low.idata.attrs.sampler?.targetAccept).toBe(0.6);
    expect(high.idata.attrs.sampler?.targetAccept).toBe(0.97);
    expect(high.csv).toMatch(/^#\s+delta = 0\.96999999999999997$/m);
    const lowSteps = low.idata.attrs.sampler!.stepSize!;
    const highSteps = high.idata.attrs.sampler!.stepSize!;
    for (let c = 0; c < 2; c++) {
      expect(highSteps[c]).toBeLessThan(lowSteps[c]);
      // The step size of every draw is the adapted one.
      const steps = high.idata.sample_stats!.step_size.data.subarray(c * 200, (c + 1) * 200);
      expect(steps.every((s) => s === highSteps[c])).toBe(true);
    }
    // Dual averaging moves the acceptance statistic with δ (not onto it: the averaged step size is
    // smaller than the last iterate, so the realised mean sits above a low target).
    const mean = (a: Float64Array) => a.reduce((s, x) => s + x, 0) / a.length;
    expect(mean(high.idata.sample_stats!.accept_stat.data)).toBeGreaterThan(
      mean(low.idata.sample_stats!.accept_stat.data),
    );
  });

  it('--max-treedepth caps the doublings: depth ≤ N and at most 2^N − 1 leapfrog steps per draw', async () => {
    const { idata, csv } = await sampleOut(
      'depth',
      '--max-treedepth',
      '2',
      '--draws',
      '200',
      '--tune',
      '200',
    );
    expect(idata.attrs.sampler?.maxTreeDepth).toBe(2);
    expect(csv).toMatch(/^#\s+max_depth = 2$/m);
    const depth = idata.sample_stats!.tree_depth.data;
    const leapfrog = idata.sample_stats!.n_leapfrog.data;
    expect(Math.max(...depth)).toBe(2);
    expect(Math.max(...leapfrog)).toBeLessThanOrEqual(3);
    // With cap 1 every transition that does not diverge makes exactly one doubling (one leapfrog
    // step), so every draw counts as a hit in the JSON diagnostics.
    const r = await runMain([
      'sample',
      join(dir, 'normal.dopl'),
      '--data',
      join(dir, 'normal.json'),
      '--chains',
      '2',
      '--workers',
      '1',
      '--draws',
      '100',
      '--tune',
      '100',
      '--seed',
      '2',
      '--max-treedepth',
      '1',
      '--json',
    ]);
    expect(r.code).toBe(0);
    const out = JSON.parse(r.stdout);
    expect(out.diagnostics.max_treedepth_hits + out.diagnostics.divergences).toBe(200);
  });

  it('--init pathfinder starts the chains from Pathfinder draws and says so in the attrs', async () => {
    const { idata } = await sampleOut(
      'pathfinder',
      '--init',
      'pathfinder',
      '--draws',
      '200',
      '--tune',
      '200',
    );
    expect(idata.attrs.sampler?.init).toBe('pathfinder');
    const mu = idata.posterior!.mu.data;
    const mean = mu.reduce((s, x) => s + x, 0) / mu.length;
    // The exact posterior mean of mu is sum(y) / (1/100 + 6); 400 draws, sd sqrt(VAR_MU) ≈ 0.41:
    // even at an ESS of 100 the MCSE is 0.041, and 4 MCSE is 0.17.
    expect(Math.abs(mean - 12.2 / (1 / 100 + 6))).toBeLessThan(0.17);
  });

  it('a := node of data alone is transformed data: not a posterior draw, not in the summary', async () => {
    // ybar depends on no latent node, so it is the same in every draw (Stan's transformed data);
    // storing it per draw is what made a 5000 × 24 centred design take gigabytes.
    const model = `${NORMAL_MODEL}ybar := mean(y)\nshift := mu - ybar\n`;
    const d = fixtureDir({ 'm.dopl': model, 'm.json': NORMAL_JSON });
    const r = await runMain([
      'sample',
      join(d, 'm.dopl'),
      '--data',
      join(d, 'm.json'),
      '--chains',
      '1',
      '--draws',
      '100',
      '--tune',
      '100',
      '--seed',
      '1',
      '--json',
    ]);
    expect(r.code).toBe(0);
    const out = JSON.parse(r.stdout);
    expect(Object.keys(out.parameters)).toEqual(['mu', 'theta[0]', 'theta[1]', 'twice', 'shift']);
    // shift = mu − mean(y) draw by draw, so its mean is mu's mean minus the data mean (to rounding).
    const ybar = 12.2 / 6;
    expect(out.parameters.shift.mean).toBeCloseTo(out.parameters.mu.mean - ybar, 10);
  });

  it('--help documents every sampler option', async () => {
    const r = await runMain(['sample', '--help']);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^ {2}--metric KIND\s+Mass matrix .*'diag'.*'dense'/m);
    expect(r.stdout).toMatch(/^ {2}--target-accept P\s+Target acceptance rate δ .*default 0\.8/m);
    expect(r.stdout).toMatch(/^ {2}--max-treedepth N\s+Maximum NUTS tree depth.*default 10/m);
    expect(r.stdout).toMatch(/^ {2}--init KIND\s+Initial values: 'random' .* 'pathfinder'/m);
  });

  const bad: [string[], string][] = [
    [['--metric', 'full'], "--metric expects one of 'diag', 'dense', got 'full'"],
    [['--target-accept', '1'], "--target-accept expects a number strictly between 0 and 1, got '1'"],
    [['--target-accept', '0'], "--target-accept expects a number strictly between 0 and 1, got '0'"],
    [['--target-accept', '-0.5'], "--target-accept expects a number strictly between 0 and 1, got '-0.5'"],
    [['--target-accept', 'high'], "--target-accept expects a number strictly between 0 and 1, got 'high'"],
    [['--max-treedepth', '0'], "--max-treedepth expects an integer from 1 to 30, got '0'"],
    [['--max-treedepth', '2.5'], "--max-treedepth expects an integer from 1 to 30, got '2.5'"],
    [['--max-treedepth', '31'], "--max-treedepth expects an integer from 1 to 30, got '31'"],
    [['--init', 'zero'], "--init expects one of 'random', 'pathfinder', got 'zero'"],
    [['--metric'], '--metric needs a value (KIND)'],
  ];
  for (const [args, message] of bad) {
    it(`dopl sample ${args.join(' ')}: exit 1 with "dopl sample: ${message}"`, async () => {
      const r = await runMain([
        'sample',
        join(dir, 'normal.dopl'),
        '--data',
        join(dir, 'normal.json'),
        ...args,
      ]);
      expect(r.code).toBe(1);
      expect(r.stdout).toBe('');
      expect(r.stderr).toBe(`dopl sample: ${message}\nRun 'dopl sample --help' for usage.\n`);
      expect(hasStackTrace(r.stderr)).toBe(false);
    });
  }
});
