import { join } from 'node:path';
import { createAttrs, type InferenceData, toJSON } from '@dopl/inference';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fixtureDir, hasStackTrace, removeFixtures, runMain } from '../test-util.js';

// `dopl query` through `main`, in this process: every rung of the ladder on models whose answers
// are known exactly, and every way the option texts can be wrong.

// x ~ N(0, 1); y = 2x + 1 + u, u ~ N(0, 1).
const LINEAR = 'x ~ Normal(0, 1)\ny ~ Normal(2 * x + 1, 1)\n';
// spend[c] ≥ 0; sales = sum(spend) + u.
const SPEND = 'spend[3] ~ HalfNormal(1)\nsales ~ Normal(sum(spend), 1)\n';
// Pearl's sprinkler: rain → sprinkler, both → wet grass.
const SPRINKLER = `rain ~ Bernoulli(0.2)
sprinkler ~ Bernoulli(if rain == 1 then 0.01 else 0.4)
wet ~ Bernoulli(if sprinkler == 1 then 0.9 else (if rain == 1 then 0.8 else 0.05))
`;
// PyMC's do-on-a-fit bug: z must follow an intervened y, not keep its posterior value.
const CHAIN = 'x ~ Normal(0, 10)\ny ~ Normal(x, 1)\nz ~ Normal(x + y, 0.001)\n';
const OBSERVED = 'data N: int\ndata y: real[N]\nmu ~ Normal(0, 10)\ny ~ Normal(mu, 1)\n';
// Sales observed on a scale, as the marketing-mix model observes them: ys = w / 2.
const SCALED =
  'data N: int\ndata s: real[N]\ndata w: real[N]\nb ~ Normal(0, 1)\nys ~ Normal(b * s, 1) observes w / 2\n';
// Both the cause and the effect observed, as in a fitted regression of sales on spend.
const REGRESSION =
  'data N: int\ndata x: real[N]\ndata y: real[N]\na ~ Normal(0, 5)\nb ~ Normal(0, 5)\nx ~ Normal(0, 1)\ny ~ Normal(a + b * x, 0.001)\n';
const S = [1, 2, 3];
const W = [5, 3, 8];
/** b = 1, 1.01, …, 1.99 in 2 chains × 50 draws: every draw's abduction differs. */
const B = Array.from({ length: 100 }, (_, i) => 1 + i / 100);

let dir: string;
const p = (name: string) => join(dir, name);

/** A fit saved as `dopl sample --out` saves it: x ≡ 25, y ≡ −7, z ≡ 18 in 2 chains × 100 draws. */
function constantFit(values: Record<string, number>, shape: number[] = []): string {
  const n = 100;
  const posterior: InferenceData['posterior'] = {};
  const size = shape.reduce((a, b) => a * b, 1);
  for (const [k, v] of Object.entries(values))
    posterior[k] = { shape: [2, n, ...shape], data: new Float64Array(2 * n * size).fill(v) };
  return toJSON({ posterior, attrs: createAttrs() });
}

beforeAll(() => {
  dir = fixtureDir({
    'linear.dopl': LINEAR,
    'spend.dopl': SPEND,
    'sprinkler.dopl': SPRINKLER,
    'chain.dopl': CHAIN,
    'observed.dopl': OBSERVED,
    'observed.json': JSON.stringify({ N: 3, y: [1, 2, 3] }),
    'chain-fit.json': constantFit({ x: 25, y: -7, z: 18 }),
    'missing-fit.json': constantFit({ x: 25, y: -7 }),
    'shape-fit.json': constantFit({ x: 25, y: -7, z: 18 }, [3]),
    'regression.dopl': REGRESSION,
    'regression.json': JSON.stringify({ N: 3, x: [0.5, -1, 2], y: [2, -1, 5] }),
    'regression-fit.json': constantFit({ a: 1, b: 2 }),
    'scaled.dopl': SCALED,
    'scaled.json': JSON.stringify({ N: 3, s: S, w: W }),
    'scaled-fit.json': toJSON({
      posterior: { b: { shape: [2, 50], data: Float64Array.from(B) } },
      attrs: createAttrs(),
    }),
  });
});
afterAll(removeFixtures);

async function json(args: string[]): Promise<Record<string, any>> {
  const r = await runMain(['query', ...args, '--json']);
  expect(r.stderr).toBe('');
  expect(r.code).toBe(0);
  return JSON.parse(r.stdout);
}

async function fails(args: string[]): Promise<string> {
  const r = await runMain(['query', ...args]);
  expect(r.code).toBe(1);
  expect(r.stdout).toBe('');
  expect(hasStackTrace(r.stderr)).toBe(false);
  expect(r.stderr).not.toMatch(/internal error/);
  return r.stderr.trimEnd();
}

describe('dopl query: the three rungs on a linear-Gaussian SCM', () => {
  it('interventional: E[y | do(x = 1)] = 3 within its MCSE, with the contract keys', async () => {
    const n = 4000;
    const out = await json([
      p('linear.dopl'),
      '--target',
      'y',
      '--do',
      'x = 1',
      '--draws',
      `${n}`,
      '--seed',
      '1',
    ]);
    expect(Object.keys(out)).toEqual([
      'kind',
      'target',
      'method',
      'mean',
      'sd',
      'q5',
      'q50',
      'q95',
      'hdi_low',
      'hdi_high',
      'mcse_mean',
      'n_draws',
    ]);
    expect(out.kind).toBe('interventional');
    expect(out.target).toBe('y');
    expect(out.n_draws).toBe(n);
    // y | do(x = 1) ~ N(3, 1): independent forward draws, so MCSE = 1/√n ≈ 0.016; 4 MCSE allowed.
    expect(Math.abs(out.mean - 3)).toBeLessThan(4 / Math.sqrt(n));
    expect(out.mcse_mean).toBeGreaterThan(0.7 / Math.sqrt(n));
    expect(out.mcse_mean).toBeLessThan(1.3 / Math.sqrt(n));
    // sd of a sample sd ≈ 1/√(2n) ≈ 0.011: 4 of them. Quantiles of N(3, 1): 3 ∓ 1.645, HDI 3 ∓ 1.881.
    expect(Math.abs(out.sd - 1)).toBeLessThan(4 / Math.sqrt(2 * n));
    expect(Math.abs(out.q5 - (3 - 1.6449))).toBeLessThan(0.1);
    expect(Math.abs(out.q95 - (3 + 1.6449))).toBeLessThan(0.1);
    expect(Math.abs(out.hdi_low - (3 - 1.8808))).toBeLessThan(0.12);
    expect(Math.abs(out.hdi_high - (3 + 1.8808))).toBeLessThan(0.12);
    // The same seed gives the same numbers, bit for bit.
    expect(
      await json([p('linear.dopl'), '--target', 'y', '--do', 'x = 1', '--draws', `${n}`, '--seed', '1']),
    ).toEqual(out);
  });

  it('counterfactual: seen x = 1, y = 4, had x been 2 then y = 6 in every draw', async () => {
    // Abduction u = 4 − (2·1 + 1) = 1; prediction 2·2 + 1 + 1 = 6: a point, so sd = MCSE = 0.
    const out = await json([
      p('linear.dopl'),
      ...['--target', 'y', '--given', 'x = 1; y = 4', '--do', 'x = 2', '--counterfactual', '--draws', '50'],
    ]);
    expect(out.kind).toBe('counterfactual');
    for (const k of ['mean', 'q5', 'q50', 'q95', 'hdi_low', 'hdi_high']) expect(out[k]).toBeCloseTo(6, 12);
    expect(out.sd).toBe(0);
    expect(out.mcse_mean).toBe(0);
  });

  it('an expression target is evaluated in the counterfactual world: y − x = 6 − 2', async () => {
    const out = await json([
      p('linear.dopl'),
      ...[
        '--target',
        'y - x',
        '--given',
        'x = 1; y = 4',
        '--do',
        'x = 2',
        '--counterfactual',
        '--draws',
        '20',
      ],
    ]);
    expect(out.target).toBe('y - x');
    expect(out.mean).toBeCloseTo(4, 12);
    expect(out.sd).toBe(0);
  });

  it('a shift in a counterfactual: seen x = 1, y = 4, had x been tripled then y = 2·3 + 1 + 1 = 8', async () => {
    const out = await json([
      p('linear.dopl'),
      ...[
        '--target',
        'y',
        '--given',
        'x = 1; y = 4',
        '--do',
        'x = x * 3',
        '--counterfactual',
        '--draws',
        '20',
      ],
    ]);
    expect(out.mean).toBeCloseTo(8, 12);
    expect(out.sd).toBe(0);
  });

  it('--vs: the per-draw contrast of do(x = 1) and do(x = 0) is 2 exactly (shared noise)', async () => {
    const out = await json([
      p('linear.dopl'),
      '--target',
      'y',
      '--do',
      'x = 1',
      '--vs',
      'x = 0',
      '--seed',
      '4',
    ]);
    expect(out.contrast).toBe('do(x = 1) vs do(x = 0)');
    expect(Object.keys(out).slice(0, 4)).toEqual(['kind', 'target', 'contrast', 'method']);
    expect(out.mean).toBeCloseTo(2, 10);
    expect(out.q5).toBeCloseTo(2, 10);
    expect(out.q95).toBeCloseTo(2, 10);
  });

  it('a shift do(x = x + 1): E[y] = 3 and var y = 2²·1 + 1 = 5', async () => {
    const n = 4000;
    const out = await json([
      p('linear.dopl'),
      '--target',
      'y',
      '--do',
      'x = x + 1',
      '--draws',
      `${n}`,
      '--seed',
      '5',
    ]);
    // MCSE = √5/√n ≈ 0.035; the sd of the sample sd ≈ √5/√(2n) ≈ 0.025.
    expect(Math.abs(out.mean - 3)).toBeLessThan(4 * Math.sqrt(5 / n));
    expect(Math.abs(out.sd - Math.sqrt(5))).toBeLessThan(4 * Math.sqrt(5 / (2 * n)));
  });

  it('a stochastic intervention x ~ Normal(2, 0.5): E[y] = 5, var = 4·0.25 + 1 = 2', async () => {
    const n = 4000;
    const out = await json([
      p('linear.dopl'),
      ...['--target', 'y', '--do', 'x ~ Normal(2, 0.5)', '--draws', `${n}`, '--seed', '6'],
    ]);
    expect(Math.abs(out.mean - 5)).toBeLessThan(4 * Math.sqrt(2 / n));
    expect(Math.abs(out.sd - Math.sqrt(2))).toBeLessThan(4 * Math.sqrt(2 / (2 * n)));
  });

  it('a comparison target is a probability: P(y > 3 | do(x = 1)) = 1/2', async () => {
    const n = 4000;
    const out = await json([
      p('linear.dopl'),
      '--target',
      'y > 3',
      '--do',
      'x = 1',
      '--draws',
      `${n}`,
      '--seed',
      '7',
    ]);
    // A Bernoulli(1/2) mean: MCSE = 0.5/√n ≈ 0.008.
    expect(Math.abs(out.mean - 0.5)).toBeLessThan(4 * (0.5 / Math.sqrt(n)));
  });

  it('without --json: a short answer in words', async () => {
    const r = await runMain(['query', p('linear.dopl'), '--target', 'y', '--do', 'x = 1', '--seed', '3']);
    expect(r.code).toBe(0);
    const lines = r.stdout.trimEnd().split('\n');
    expect(lines[0]).toBe('Interventional query: y | do(x = 1)');
    expect(lines[1]).toMatch(/^ {2}mean {4}\d\.\d+ {2}\(MCSE 0\.0\d+\)$/);
    expect(lines.at(-1)).toBe('forward sampling; 1000 draws, seed 3');
  });
});

describe('dopl query: slices of array nodes', () => {
  it('spend[0:2] = 5: sales = 10 + spend[2] + u, E = 10 + √(2/π)', async () => {
    const n = 4000;
    const out = await json([
      p('spend.dopl'),
      ...['--target', 'sales', '--do', 'spend[0:2] = 5', '--draws', `${n}`, '--seed', '8'],
    ]);
    // spend[2] ~ HalfNormal(1): mean √(2/π), var 1 − 2/π; plus u: var 2 − 2/π.
    expect(Math.abs(out.mean - (10 + Math.sqrt(2 / Math.PI)))).toBeLessThan(
      4 * Math.sqrt((2 - 2 / Math.PI) / n),
    );
  });

  it('a slice shift in a counterfactual: seen spend = [1, 2, 3], sales = 7; spend[1:3] halved → 1 + 2.5 + 1 = 4.5', async () => {
    // u = 7 − 6 = 1; the counterfactual sales = 1 + 1 + 1.5 + 1 = 4.5.
    const out = await json([
      p('spend.dopl'),
      ...['--target', 'sales', '--given', 'spend = [1, 2, 3]; sales = 7'],
      ...['--do', 'spend[1:3] = spend[1:3] * 0.5', '--counterfactual', '--draws', '10'],
    ]);
    expect(out.mean).toBeCloseTo(4.5, 12);
    expect(out.sd).toBe(0);
  });
});

describe('dopl query: a discrete model', () => {
  it('P(rain | wet) by exact enumeration', async () => {
    // P(r, s, w=1) = P(r) P(s | r) P(w=1 | s, r):
    //   r=1: 0.2·0.01·0.9 + 0.2·0.99·0.8 = 0.0018 + 0.1584 = 0.1602
    //   r=0: 0.8·0.4·0.9 + 0.8·0.6·0.05 = 0.288 + 0.024 = 0.312
    // P(rain = 1 | wet = 1) = 0.1602 / (0.1602 + 0.312) = 0.33926…
    const exact = 0.1602 / (0.1602 + 0.312);
    const out = await json([
      p('sprinkler.dopl'),
      ...['--target', 'rain', '--given', 'wet = 1', '--method', 'enumerate'],
    ]);
    expect(out.kind).toBe('observational');
    expect(out.method).toMatch(/enumerat/);
    expect(out.mean).toBeCloseTo(exact, 10);
  });

  it('a counterfactual by enumeration: seen the sprinkler on and the grass wet, had it been off', async () => {
    // Posterior of rain given s = 1, w = 1: P(r=1) ∝ 0.2·0.01·0.9 = 0.0018, P(r=0) ∝ 0.8·0.4·0.9 = 0.288.
    // Bernoulli noise couples as wet = 1[u < p]: wet = 1 at p = 0.9 puts u uniform on [0, 0.9);
    // with the sprinkler off p' = 0.8 (rain) or 0.05 (no rain), so P(wet' = 1) = p'/0.9 in each.
    const rain = 0.0018 / (0.0018 + 0.288);
    const exact = rain * (0.8 / 0.9) + (1 - rain) * (0.05 / 0.9);
    const out = await json([
      p('sprinkler.dopl'),
      ...[
        '--target',
        'wet',
        '--given',
        'sprinkler = 1; wet = 1',
        '--do',
        'sprinkler = 0',
        '--counterfactual',
      ],
    ]);
    expect(out.kind).toBe('counterfactual');
    expect(out.mean).toBeCloseTo(exact, 10);
    expect(out.mcse_mean).toBe(0);
  });

  it('P(wet | do(sprinkler = 1)) = 0.9 whatever the rain', async () => {
    const n = 4000;
    const out = await json([
      p('sprinkler.dopl'),
      ...['--target', 'wet == 1', '--do', 'sprinkler = 1', '--draws', `${n}`, '--seed', '9'],
    ]);
    // A Bernoulli(0.9) mean: MCSE = √(0.09/n) ≈ 0.0047.
    expect(Math.abs(out.mean - 0.9)).toBeLessThan(4 * Math.sqrt(0.09 / n));
  });
});

describe('dopl query: observational on an unfitted model', () => {
  it('P(x | y = 3) by importance sampling: the conjugate posterior N(0.8, 1/5)', async () => {
    // x ~ N(0, 1), y | x ~ N(2x + 1, 1): precision 1 + 4 = 5, mean 2·(3 − 1)/5 = 0.8.
    const out = await json([
      p('linear.dopl'),
      ...['--target', 'x', '--given', 'y = 3', '--method', 'importance', '--draws', '4000', '--seed', '2'],
    ]);
    expect(out.kind).toBe('observational');
    expect(out.method).toMatch(/^importance/);
    // mcse_mean is sd/√ESS with Kish's ESS of the weights; 4 of them allowed.
    expect(Math.abs(out.mean - 0.8)).toBeLessThan(4 * out.mcse_mean);
  });
});

describe('dopl query --fit', () => {
  it('re-draws a latent descendant of the intervention: posterior x ≡ 25, do(y = 100) gives z = 125', async () => {
    const out = await json([
      p('chain.dopl'),
      ...['--fit', p('chain-fit.json'), '--target', 'z', '--do', 'y = 100', '--seed', '1'],
    ]);
    expect(out.n_draws).toBe(200);
    // z − 125 ~ N(0, 0.001²): 6 sd = 0.006 bounds every one of 200 draws.
    expect(Math.abs(out.q5 - 125)).toBeLessThan(0.006);
    expect(Math.abs(out.q95 - 125)).toBeLessThan(0.006);
  });

  it('observational on the fit keeps the posterior: z − x − y = 0', async () => {
    const out = await json([p('chain.dopl'), '--fit', p('chain-fit.json'), '--target', 'z - x - y']);
    expect(out.kind).toBe('observational');
    expect(Math.abs(out.mean)).toBeLessThan(1e-12);
  });

  it('counterfactual on the data it was fitted on, observed through an expression: per-draw abduction', async () => {
    // ε_i = w_i/2 − b s_i per draw; had s been 0, ys_i = ε_i, so 2 Σ ys = Σ w − 2 b Σ s.
    const out = await json([
      p('scaled.dopl'),
      ...['--fit', p('scaled-fit.json'), '--data', p('scaled.json'), '--target', '2 * sum(ys)'],
      ...['--do', 's = s * 0', '--counterfactual'],
    ]);
    const sum = (v: number[]) => v.reduce((a, b) => a + b, 0);
    const perDraw = B.map((b) => sum(W) - 2 * b * sum(S));
    const mean = sum(perDraw) / perDraw.length;
    const sd = Math.sqrt(sum(perDraw.map((v) => (v - mean) ** 2)) / (perDraw.length - 1));
    expect(out.kind).toBe('counterfactual');
    expect(out.n_draws).toBe(100);
    expect(out.mean).toBeCloseTo(mean, 10);
    expect(out.sd).toBeCloseTo(sd, 10);
  });

  it('acts on an observed cause: posterior a ≡ 1, b ≡ 2, do(x = 3) gives y = 7 in every unit', async () => {
    const out = await json([
      p('regression.dopl'),
      ...['--fit', p('regression-fit.json'), '--data', p('regression.json')],
      ...['--target', 'mean(y)', '--do', 'x = [3, 3, 3]', '--seed', '2'],
    ]);
    expect(out.kind).toBe('interventional');
    // mean(y) − 7 ~ N(0, 0.001²/3): 6 sd ≈ 0.0035 bounds every one of 200 draws.
    expect(Math.abs(out.q5 - 7)).toBeLessThan(0.0035);
    expect(Math.abs(out.q95 - 7)).toBeLessThan(0.0035);
  });

  it('a counterfactual shift of an observed cause: each y moves by b = 2 exactly', async () => {
    // Abduction keeps each unit's noise ε_i = y_i − 1 − 2 x_i; had x been x + 1, y_i + 2.
    const out = await json([
      p('regression.dopl'),
      ...['--fit', p('regression-fit.json'), '--data', p('regression.json')],
      ...['--target', 'sum(y)', '--do', 'x = x + 1', '--counterfactual'],
    ]);
    expect(out.mean).toBeCloseTo(2 - 1 + 5 + 3 * 2, 9);
    expect(out.sd).toBeLessThan(1e-9);
  });

  it('refuses a fit of another model: a missing parameter, a shape that differs', async () => {
    const missing = p('missing-fit.json');
    expect(await fails([p('chain.dopl'), '--fit', missing, '--target', 'z'])).toBe(
      `${missing}: the fit has no draws of 'z' (was it made with ${p('chain.dopl')}?)`,
    );
    const shape = p('shape-fit.json');
    expect(await fails([p('chain.dopl'), '--fit', shape, '--target', 'z'])).toBe(
      `${shape}: 'x' has shape [3] in the fit, but [] in ${p('chain.dopl')} with this data`,
    );
  });
});

describe('dopl query: errors name the option, line and column', () => {
  const linear = () => p('linear.dopl');
  it('bad syntax in each option', async () => {
    expect(await fails([linear(), '--target', 'y +'])).toBe(
      "--target:1:4: expected an expression after '+', found the end of the target\ny +\n   ^",
    );
    expect(
      await fails([linear(), '--target', 'y', '--given', 'x = ; y = 4', '--do', 'x = 1', '--counterfactual']),
    ).toBe("--given:1:4: expected a value after '='\nx = ; y = 4\n   ^");
    expect(await fails([linear(), '--target', 'y', '--do', 'x = 1 1'])).toBe(
      "--do:1:7: expected the end of the clause, found '1'\nx = 1 1\n      ^",
    );
    expect(await fails([linear(), '--target', 'y', '--do', 'x = 1', '--vs', 'x == 0'])).toBe(
      "--vs:1:1: expected 'node = value' or 'node ~ Dist(…)'\nx == 0\n^",
    );
  });

  it('an unknown node, with the nearest name', async () => {
    expect(await fails([p('spend.dopl'), '--target', 'sales', '--do', 'sales = 1; sepnd[0] = 2'])).toBe(
      "--do:1:12: unknown node 'sepnd' (did you mean 'spend'?)\nsales = 1; sepnd[0] = 2\n           ^",
    );
  });

  it('a value of the wrong shape', async () => {
    expect(await fails([p('spend.dopl'), '--target', 'sales', '--do', 'spend = [1, 2]'])).toBe(
      "--do:1:9: 'spend' has shape [3], but this value has shape [2]\nspend = [1, 2]\n        ^",
    );
  });

  it('an array target, with what to write instead', async () => {
    expect(await fails([p('spend.dopl'), '--target', 'spend * 2'])).toBe(
      '--target:1:1: the target is an array of shape [3]; a query answers a number: take sum(spend * 2), mean(spend * 2) or an element such as (spend * 2)[0]\nspend * 2\n^',
    );
  });

  it('a target that is not a number in some draws', async () => {
    expect(await fails([linear(), '--target', 'log(x)', '--do', 'x = -1', '--draws', '10'])).toBe(
      "--target: 'log(x)' is not a finite number in 10 of 10 draws (a log of a value ≤ 0, a division by zero, …), so it has no summary",
    );
  });

  it('options that need --do', async () => {
    expect(await fails([linear(), '--target', 'y', '--vs', 'x = 0'])).toBe(
      "dopl query: --vs needs --do: the answer is target(--do) − target(--vs)\nRun 'dopl query --help' for usage.",
    );
    expect(await fails([linear(), '--target', 'y', '--counterfactual'])).toBe(
      "dopl query: --counterfactual needs --do (the action imagined in the world that was seen)\nRun 'dopl query --help' for usage.",
    );
    expect(await fails([linear(), '--do', 'x = 1'])).toBe(
      "dopl query: missing --target EXPR\nRun 'dopl query --help' for usage.",
    );
  });
});
