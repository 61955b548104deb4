import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fixtureDir, hasStackTrace, removeFixtures, runMain } from '../test-util.js';

// `dopl query` on causal models and questions the examples do not ask: abduction that needs
// inference, actions that miss the target, stochastic and deterministic actions, count outcomes
// coupled by their inverse CDF, a binary model whose PN is not identified without monotonicity,
// and actions or evidence outside what a node can take. Exact answers are derived in each test;
// sampled ones are compared within 4 Monte Carlo standard errors (the reported mcse_mean, or
// sd/√n when the target's sd is known).

const CHAIN = 'x ~ Normal(0, 1)\nm ~ Normal(x, 1)\ny ~ Normal(m, 1)\n';
const DETERMINISTIC = 'x ~ Normal(0, 1)\nm := 2 * x\ny ~ Normal(m + 1, 1)\n';
const POISSON = 'x ~ Bernoulli(0.5)\ny ~ Poisson(2 + 3 * x)\n';
const BINOMIAL = 'data N: int\nx ~ Bernoulli(0.5)\nk ~ Binomial(N, 0.3 + 0.4 * x)\n';
// y reads x's own mechanism only through p(x): the inverse-CDF coupling makes it monotone.
const BINARY = 'x ~ Bernoulli(0.5)\ny ~ Bernoulli(0.2 + 0.5 * x)\n';
// The same kind of model with its response types explicit: y = u1 when x = 1, u2 when x = 0,
// u1 and u2 independent — not monotone (y can be 1 under x = 0 and 0 under x = 1).
const RESPONSE = `x ~ Bernoulli(0.5)
u1 ~ Bernoulli(0.3)
u2 ~ Bernoulli(0.4)
y ~ Bernoulli(if x == 1 then u1 else u2)
`;
const PROBABILITY = 'x ~ Normal(0.5, 0.1)\ny ~ Bernoulli(x)\n';
const CATEGORICAL =
  'x ~ Bernoulli(0.5)\nc ~ Categorical(if x == 1 then [0.1, 0.2, 0.7] else [0.6, 0.3, 0.1])\n';
const TAIL = 'x ~ Bernoulli(0.5)\ny ~ Poisson(100 + 50 * x)\n';
const SCALE = 's ~ HalfNormal(1)\ny ~ Normal(0, s)\n';
const TRUNCATED = 'x: real<lower=0> ~ Normal(0, 1)\ny ~ Normal(x, 1)\n';
const SIZED = 'data N: int\ndata z: real[N]\ndata y: real[N]\nb ~ Normal(0, 1)\ny ~ Normal(b * z, 1)\n';

let dir: string;
const p = (name: string) => join(dir, name);

beforeAll(() => {
  dir = fixtureDir({
    'chain.dopl': CHAIN,
    'det.dopl': DETERMINISTIC,
    'poisson.dopl': POISSON,
    'binomial.dopl': BINOMIAL,
    'binomial.json': JSON.stringify({ N: 10 }),
    'binary.dopl': BINARY,
    'response.dopl': RESPONSE,
    'probability.dopl': PROBABILITY,
    'sized.dopl': SIZED,
    'truncated.dopl': TRUNCATED,
    'categorical.dopl': CATEGORICAL,
    'scale.dopl': SCALE,
    'tail.dopl': TAIL,
    'sized.json': JSON.stringify({ N: 3, z: [1, 2, 3], y: [1, 2, 2] }),
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
  return r.stderr.trimEnd();
}

const close = (got: number, want: number) => expect(Math.abs(got - want)).toBeLessThan(1e-9);

/** P(X ≤ k) of a discrete family from its pmf. */
const cdfOf = (pmf: (j: number) => number) => (k: number) => {
  let s = 0;
  for (let j = 0; j <= k; j++) s += pmf(j);
  return s;
};
const poisson = (mu: number) => (j: number) => {
  let f = Math.exp(-mu);
  for (let i = 1; i <= j; i++) f *= mu / i;
  return f;
};
const binomial = (n: number, q: number) => (j: number) => {
  if (j < 0 || j > n) return 0;
  let c = 1;
  for (let i = 0; i < j; i++) c = (c * (n - i)) / (i + 1);
  return c * q ** j * (1 - q) ** (n - j);
};

/**
 * The counterfactual law of a count under the inverse-CDF coupling X = F⁻¹(U): having seen k
 * under F, U is uniform on [F(k − 1), F(k)); under F′ the value j has probability
 * |[F′(j − 1), F′(j)) ∩ [F(k − 1), F(k))| / (F(k) − F(k − 1)).
 */
function coupled(F: (k: number) => number, G: (k: number) => number, k: number, max: number): number[] {
  const lo = F(k - 1);
  const hi = F(k);
  return Array.from({ length: max + 1 }, (_, j) => {
    const a = Math.max(lo, G(j - 1));
    const b = Math.min(hi, G(j));
    return b > a ? (b - a) / (hi - lo) : 0;
  });
}

describe('abduction through a latent mediator (x → m → y, m unobserved)', () => {
  it('m had x been 0, given x = 1 and y = 3: m − 1 with m | x, y ~ N(2, ½)', async () => {
    // m | x = 1 ~ N(1, 1) and y | m ~ N(m, 1): precision 2, mean (1 + 3)/2 = 2. The action moves
    // m's mean by −1 and keeps its noise: m' = m − 1 ~ N(1, ½).
    const a = await json([
      ...[p('chain.dopl'), '--target', 'm', '--given', 'x = 1; y = 3', '--do', 'x = 0'],
      ...['--counterfactual', '--draws', '2000', '--seed', '3'],
    ]);
    expect(a.method).toMatch(/^nuts .*abduction per draw$/);
    expect(Math.abs(a.mean - 1)).toBeLessThan(4 * a.mcse_mean);
    // The sd of a sample sd is about sd/√(2 ESS), with ESS = (sd/MCSE)².
    const ess = (a.sd / a.mcse_mean) ** 2;
    expect(Math.abs(a.sd - Math.SQRT1_2)).toBeLessThan((4 * a.sd) / Math.sqrt(2 * ess));
  });

  it('y had x been 0, given only y = 3: 3 − x with x | y ~ N(1, 2/3)', async () => {
    // y = x + u_m + u_y: x | y = 3 has precision 1 + ½, mean (3/2)/(3/2) = 1; y' = y − x.
    const a = await json([
      ...[p('chain.dopl'), '--target', 'y', '--given', 'y = 3', '--do', 'x = 0'],
      ...['--counterfactual', '--draws', '2000', '--seed', '4'],
    ]);
    expect(Math.abs(a.mean - 2)).toBeLessThan(4 * a.mcse_mean);
    const ess = (a.sd / a.mcse_mean) ** 2;
    expect(Math.abs(a.sd - Math.sqrt(2 / 3))).toBeLessThan((4 * a.sd) / Math.sqrt(2 * ess));
  });

  it('an action on a node that is not an ancestor of the target leaves it factual', async () => {
    const x = await json([
      ...[p('chain.dopl'), '--target', 'x', '--given', 'x = 1; y = 3', '--do', 'y = 10', '--counterfactual'],
    ]);
    close(x.mean, 1);
    expect(x.sd).toBe(0);
    // m is y's parent: its factual posterior N(2, ½) is kept.
    const m = await json([
      ...[p('chain.dopl'), '--target', 'm', '--given', 'x = 1; y = 3', '--do', 'y = 10'],
      ...['--counterfactual', '--seed', '5'],
    ]);
    expect(Math.abs(m.mean - 2)).toBeLessThan(4 * m.mcse_mean);
  });
});

describe('abduction through an inferred scale', () => {
  it('y = s·u seen at 2; had s been 2, y = 4/s: E[4/s | y = 2] by quadrature', async () => {
    // p(s | y = 2) ∝ exp(−s²/2) · exp(−2/s²)/s on s > 0 (HalfNormal prior, Normal likelihood);
    // the noise u = 2/s, so y' = 2u = 4/s. Midpoint rule on (0, 12] (the tails are < 1e-30).
    let z = 0;
    let m = 0;
    const h = 1e-4;
    for (let s = h / 2; s < 12; s += h) {
      const w = Math.exp(-(s * s) / 2 - 2 / (s * s)) / s;
      z += w;
      m += (w * 4) / s;
    }
    const a = await json([
      ...[p('scale.dopl'), '--target', 'y', '--given', 'y = 2', '--do', 's = 2'],
      ...['--counterfactual', '--draws', '4000', '--seed', '1'],
    ]);
    expect(Math.abs(a.mean - m / z)).toBeLessThan(4 * a.mcse_mean); // 2.97852
  });
});

describe('stochastic and deterministic actions', () => {
  it('do(x ~ Normal(1, 2)) on a root: y = x + u_m + u_y has mean 1 and variance 4 + 2', async () => {
    const n = 4000;
    const a = await json([
      ...[p('chain.dopl'), '--target', 'y', '--do', 'x ~ Normal(1, 2)', '--draws', `${n}`, '--seed', '6'],
    ]);
    expect(a.method).toBe('forward sampling');
    expect(Math.abs(a.mean - 1)).toBeLessThan(4 * Math.sqrt(6 / n));
    expect(Math.abs(a.sd - Math.sqrt(6))).toBeLessThan(4 * Math.sqrt(6 / (2 * n)));
  });

  it('a stochastic action in a fully seen world is drawn many times, not once', async () => {
    // Every node seen: u_m = 2 − 1, u_y = 3 − 2. Under x' ~ N(0, 1), y' = x' + 2; under x = 0,
    // y' = 2; the contrast is x' itself: mean 0, sd 1 (it used to be a single draw with sd 0).
    const n = 4000;
    const a = await json([
      ...[p('chain.dopl'), '--target', 'y', '--given', 'x = 1; m = 2; y = 3'],
      ...['--do', 'x ~ Normal(0, 1)', '--vs', 'x = 0', '--counterfactual', '--draws', `${n}`, '--seed', '7'],
    ]);
    expect(a.n_draws).toBeGreaterThanOrEqual(n);
    expect(Math.abs(a.mean)).toBeLessThan(4 / Math.sqrt(n));
    expect(Math.abs(a.sd - 1)).toBeLessThan(4 / Math.sqrt(2 * n));
  });

  it('a stochastic action on an enumerated world: x = 1, y = 1 seen, x re-drawn as a fair coin', async () => {
    // u_y uniform on [0, 0.7); x' = 1 keeps y = 1, x' = 0 gives y = 1 iff u < 0.2:
    // ½·1 + ½·(0.2/0.7) = 9/14.
    const a = await json([
      ...[p('binary.dopl'), '--target', 'y', '--given', 'x = 1; y = 1', '--do', 'x ~ Bernoulli(0.5)'],
      ...['--counterfactual', '--draws', '4000', '--seed', '8'],
    ]);
    expect(a.mcse_mean).toBeGreaterThan(0);
    expect(Math.abs(a.mean - 9 / 14)).toBeLessThan(4 * a.mcse_mean);
  });

  it('an action on a deterministic node: do(m = 5) gives y ~ N(6, 1); for the unit (1, 4), y = 7', async () => {
    const n = 4000;
    const a = await json([
      ...[p('det.dopl'), '--target', 'y', '--do', 'm = 5', '--draws', `${n}`, '--seed', '9'],
    ]);
    expect(Math.abs(a.mean - 6)).toBeLessThan(4 / Math.sqrt(n));
    // u_y = 4 − (2·1 + 1) = 1; m' = 5 gives y' = 6 + 1, and the shift m' = m + 1 gives 3 + 1 + 1.
    const unit = ['--given', 'x = 1; y = 4', '--counterfactual'];
    close((await json([p('det.dopl'), '--target', 'y', '--do', 'm = 5', ...unit])).mean, 7);
    close((await json([p('det.dopl'), '--target', 'y', '--do', 'm = m + 1', ...unit])).mean, 5);
  });
});

describe('count outcomes: the inverse-CDF interval, integrated exactly', () => {
  it('Poisson: seen x = 1, y = 4 (rate 5); had x been 0 (rate 2), the law of y', async () => {
    const law = coupled(cdfOf(poisson(5)), cdfOf(poisson(2)), 4, 30);
    const mean = law.reduce((s, q, j) => s + q * j, 0);
    const unit = ['--given', 'x = 1; y = 4', '--do', 'x = 0', '--counterfactual'];
    const a = await json([p('poisson.dopl'), '--target', 'y', ...unit]);
    expect(a.mcse_mean).toBe(0);
    close(a.mean, mean); // 1.19655
    close((await json([p('poisson.dopl'), '--target', 'y == 2', ...unit])).mean, law[2]); // 0.19655
    // Only y = 4 seen: x is enumerated, P(x = 1 | y = 4) ∝ ½ pmf₅(4); when x = 0 the action is void.
    const w1 = poisson(5)(4) / (poisson(5)(4) + poisson(2)(4));
    const b = await json([
      p('poisson.dopl'),
      '--target',
      'y',
      '--given',
      'y = 4',
      '--do',
      'x = 0',
      '--counterfactual',
    ]);
    close(b.mean, w1 * mean + (1 - w1) * 4); // 2.14855
  });

  it('a count so far in the tail that its noise is lost to rounding is refused (it answered ∞)', async () => {
    // P(Y ≤ 199) and P(Y ≤ 200) under Poisson(100) both round to 1: the interval is empty.
    expect(
      await fails([
        p('tail.dopl'),
        '--target',
        'y',
        '--given',
        'x = 0; y = 200',
        '--do',
        'x = 1',
        '--counterfactual',
      ]),
    ).toBe(
      "--given:1:8: counterfactual: the value 200 of 'y' is so far in the tail of Poisson(mu = 100) that the noise behind it cannot be resolved in double precision (its cumulative probability rounds to 1)\nx = 0; y = 200\n       ^",
    );
  });

  it('Binomial: seen x = 1, k = 7 of 10 (q = 0.7); had x been 0 (q = 0.3)', async () => {
    const law = coupled(cdfOf(binomial(10, 0.7)), cdfOf(binomial(10, 0.3)), 7, 10);
    const a = await json([
      ...[p('binomial.dopl'), '--data', p('binomial.json'), '--target', 'k'],
      ...['--given', 'x = 1; k = 7', '--do', 'x = 0', '--counterfactual'],
    ]);
    close(
      a.mean,
      law.reduce((s, q, j) => s + q * j, 0),
    ); // 2.87860
  });
});

describe('probabilities of necessity under the model’s own structural equations', () => {
  it('with Bernoulli(p(x)) the coupling is monotone: PN = 0.5/0.7, the Tian–Pearl value', async () => {
    // u uniform on [0, 0.7) given x = 1, y = 1; y(0) = 0 iff u ≥ 0.2.
    const pn = await json([
      ...[
        p('binary.dopl'),
        '--target',
        'y == 0',
        '--given',
        'x = 1; y = 1',
        '--do',
        'x = 0',
        '--counterfactual',
      ],
    ]);
    close(pn.mean, 0.5 / 0.7);
    // Tian–Pearl: [P(y) − P(y | do(x = 0))] / P(x = 1, y = 1) = (0.45 − 0.2)/0.35.
    close(pn.mean, (0.45 - 0.2) / 0.35);
  });

  it('with explicit response types PN is not identified from P(y), P(y | do(x)): the engine answers 0.6', async () => {
    // y = u1 under x = 1 and u2 under x = 0: PN = P(u2 = 0 | u1 = 1) = 0.6 and PS = P(u1 = 1 | u2 = 0)
    // = 0.3. The observational and interventional laws are those of a model with the same
    // P(y | do(x)) = 0.3 / 0.4, where the Tian–Pearl formula (valid only under monotonicity)
    // would give (0.35 − 0.4)/0.15 = −1/3: not a probability.
    const base = [p('response.dopl'), '--target'];
    const pn = await json([
      ...base,
      'y == 0',
      '--given',
      'x = 1; y = 1',
      '--do',
      'x = 0',
      '--counterfactual',
    ]);
    const ps = await json([...base, 'y', '--given', 'x = 0; y = 0', '--do', 'x = 1', '--counterfactual']);
    close(pn.mean, 0.6);
    close(ps.mean, 0.3);
    const py = (await json([...base, 'y'])).mean;
    const py0 = (await json([...base, 'y', '--do', 'x = 0'])).mean;
    const pxy = (await json([...base, 'x * y'])).mean;
    close((py - py0) / pxy, -1 / 3);
  });
});

describe('actions and evidence a node cannot take are refused at the clause', () => {
  it('a Bernoulli set to 2 or ½ (it used to answer, or to report the evidence impossible)', async () => {
    expect(await fails([p('binary.dopl'), '--target', 'y', '--do', 'x = 2'])).toBe(
      '--do:1:1: do(x): 2 is outside the support of x ~ Bernoulli (whole numbers 0 to 1)\nx = 2\n^',
    );
    expect(await fails([p('binary.dopl'), '--target', 'y', '--do', 'x = 1', '--vs', 'x = 0.5'])).toBe(
      '--vs:1:1: vs(x): 0.5 is outside the support of x ~ Bernoulli (whole numbers 0 to 1)\nx = 0.5\n^',
    );
    // In a counterfactual x is both seen and set: the message points at the action.
    expect(
      await fails([
        p('binary.dopl'),
        '--target',
        'y',
        '--given',
        'x = 1; y = 1',
        '--do',
        'x = 2',
        '--counterfactual',
      ]),
    ).toBe('--do:1:1: do(x): 2 is outside the support of x ~ Bernoulli (whole numbers 0 to 1)\nx = 2\n^');
  });

  it('a shift that leaves the support (enumeration used to drop those states and answer 0.7)', async () => {
    // The count is of the draws looked at (a few prior draws under the action, checked first).
    expect(await fails([p('binary.dopl'), '--target', 'y', '--do', 'x = x + 1'])).toMatch(
      /^--do:1:1: do\(x\): the action gives x = 2 in \d+ of \d+ draws, outside the support of Bernoulli \(whole numbers 0 to 1\)\nx = x \+ 1\n\^$/,
    );
    expect(
      await fails([
        p('binary.dopl'),
        '--target',
        'y',
        '--given',
        'x = 1; y = 1',
        '--do',
        'x = x + 1',
        '--counterfactual',
      ]),
    ).toBe(
      '--do:1:1: do(x): the action gives x = 2, outside the support of Bernoulli (whole numbers 0 to 1)\nx = x + 1\n^',
    );
  });

  it('a Categorical child of the action: E[c | do(x = 0)] = 0.3 + 2·0.1 = 0.5; c = 3 is no category', async () => {
    close((await json([p('categorical.dopl'), '--target', 'c', '--do', 'x = 0'])).mean, 0.5);
    expect(await fails([p('categorical.dopl'), '--target', 'c', '--do', 'c = 3'])).toBe(
      '--do:1:1: do(c): 3 is outside the support of c ~ Categorical (whole numbers 0 to 2)\nc = 3\n^',
    );
  });

  it('an action that gives a child an invalid parameter (the counterfactual used to answer 1)', async () => {
    const message =
      "--do:1:1: do(x): under this action 'y' ~ Bernoulli gets an invalid parameter: p must be in [0, 1], got 2\nx = 2\n^";
    expect(await fails([p('probability.dopl'), '--target', 'y', '--do', 'x = 2'])).toBe(message);
    expect(
      await fails([
        p('probability.dopl'),
        '--target',
        'y',
        '--given',
        'x = 0.5; y = 1',
        '--do',
        'x = 2',
        '--counterfactual',
      ]),
    ).toBe(message);
  });

  it('evidence outside the support, NaN values, a count that is not whole, a dimension', async () => {
    expect(await fails([p('binary.dopl'), '--target', 'y', '--given', 'x = 2'])).toBe(
      '--given:1:1: query: evidence x = 2 is outside the support of Bernoulli (whole numbers 0 to 1), so it has probability zero\nx = 2\n^',
    );
    expect(await fails([p('binary.dopl'), '--target', 'y', '--do', 'x = 0/0'])).toBe(
      '--do:1:1: do(x): the value is not a finite number\nx = 0/0\n^',
    );
    const binomial = [p('binomial.dopl'), '--data', p('binomial.json'), '--target', 'k'];
    expect(await fails([...binomial, '--do', 'N = 2.5'])).toBe(
      "--do:1:1: do(N): 2.5 is not a value of data 'N' (whole numbers, as declared)\nN = 2.5\n^",
    );
    // A count above its Binomial n (a bound read from the data), and a declared lower bound.
    expect(await fails([...binomial, '--given', 'k = 11'])).toBe(
      '--given:1:1: query: evidence k = 11 is outside the support of Binomial (whole numbers 0 to 10), so it has probability zero\nk = 11\n^',
    );
    expect(await fails([p('truncated.dopl'), '--target', 'y', '--do', 'x = -1'])).toBe(
      '--do:1:1: do(x): -1 is outside the support of x ~ Normal (real numbers, ≥ 0 as declared)\nx = -1\n^',
    );
    const sized = [p('sized.dopl'), '--data', p('sized.json'), '--target', 'sum(y)'];
    expect(await fails([...sized, '--do', 'N = 5'])).toBe(
      "--do:1:1: do(N): 'N' is a dimension of 'z', 'y', and an action cannot change a node's shape; set the values of those nodes instead\nN = 5\n^",
    );
    expect(await fails([...sized, '--do', 'z[1:4] = 0'])).toBe(
      "--do:1:3: slice 1:4 is not within axis 0 of 'z' (size 3); slices are 0-based and half-open, as in the language\nz[1:4] = 0\n  ^",
    );
    expect(
      await fails([p('det.dopl'), '--target', 'y', '--given', 'm = 1', '--do', 'x = 0', '--counterfactual']),
    ).toBe(
      "--given:1:1: query: evidence on deterministic node 'm' has no density to condition on; give evidence on random or data nodes\nm = 1\n^",
    );
    expect(await fails([p('det.dopl'), '--target', 'w + 1'])).toBe(
      "--target:1:1: unknown name 'w'\nw + 1\n^",
    );
  });
});
