import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { fixtureDir, removeFixtures, runMain } from '../../../cli/src/test-util.js';

// Posterior means through `dopl sample --json` against exact answers: conjugate models, where
// the posterior is known in closed form, and a bound that depends on another parameter, whose
// posterior is a uniform triangle. Each mean must be within 4 Monte Carlo standard errors (the
// summary's own mcse_mean, from the bulk ESS) of the exact mean: a 4σ bound fails by chance
// with probability ≈ 6e-5 per quantity, and the seeds are fixed.

afterAll(removeFixtures);

interface Case {
  readonly model: string;
  readonly data?: Record<string, unknown>;
  /** Exact posterior means, by summary name. */
  readonly exact: Record<string, number>;
}

const sum = (xs: readonly number[]) => xs.reduce((a, b) => a + b, 0);

const normal = (() => {
  // mu ~ Normal(m0, s0), y_i ~ Normal(mu, sigma), sigma known: precision 1/s0² + N/sigma², mean
  // (m0/s0² + Σy/sigma²) / precision.
  const y = [2.1, 1.3, 3.4, 2.8, 1.9];
  const [m0, s0, sigma] = [1, 2, 1.5];
  const precision = 1 / s0 ** 2 + y.length / sigma ** 2;
  return {
    model: `data N: int
data y: real[N]
data sigma: real<lower=0>
mu ~ Normal(${m0}, ${s0})
y ~ Normal(mu, sigma)
`,
    data: { N: y.length, y, sigma },
    exact: { mu: (m0 / s0 ** 2 + sum(y) / sigma ** 2) / precision },
  };
})();

const betaBinomial = (() => {
  // theta ~ Beta(2, 3), k_g ~ Binomial(n_g, theta): theta | k ~ Beta(2 + Σk, 3 + Σ(n − k)).
  const n = [10, 12, 7, 9];
  const k = [3, 5, 1, 4];
  const a = 2 + sum(k);
  const b = 3 + sum(n) - sum(k);
  return {
    model: `data G: int
data n: int<lower=0>[G]
data k: int<lower=0>[G]
theta ~ Beta(2, 3)
k ~ Binomial(n, theta)
`,
    data: { G: n.length, n, k },
    exact: { theta: a / (a + b) },
  };
})();

const gammaPoisson = (() => {
  // lam_j ~ Gamma(3, 2) (shape, rate), y_i ~ Poisson(lam[g_i]) with g 1-based in the data:
  // lam_j | y ~ Gamma(3 + Σ_{g_i = j} y_i, 2 + n_j).
  const g = [1, 1, 2, 2, 2, 3, 1, 3];
  const y = [4, 2, 0, 1, 1, 7, 3, 5];
  const exact: Record<string, number> = {};
  for (let j = 1; j <= 3; j++) {
    const ys = y.filter((_, i) => g[i] === j);
    exact[`lam[${j - 1}]`] = (3 + sum(ys)) / (2 + ys.length);
  }
  return {
    model: `data N: int
data J: int
data g: int<lower=1, upper=J>[N]
data y: int<lower=0>[N]
lam[J] ~ Gamma(3, 2)
y ~ Poisson(lam[g - 1])
`,
    data: { N: y.length, J: 3, g, y },
    exact,
  };
})();

const dirichletRows = (() => {
  // Each row of p is its own simplex (a batch of two): p[r] ~ Dirichlet(α), and the r-th
  // categorical sample adds its counts, p[r] | data ~ Dirichlet(α + counts_r).
  const alpha = [1, 2, 1];
  const rows = [
    [0, 0, 1, 2, 0, 1],
    [2, 2, 1, 2, 2, 0],
  ];
  const exact: Record<string, number> = {};
  rows.forEach((xs, r) => {
    for (let k = 0; k < 3; k++) {
      const c = xs.filter((x) => x === k).length;
      exact[`p[${r},${k}]`] = (alpha[k] + c) / (sum(alpha) + xs.length);
    }
  });
  return {
    model: `data N: int
data a: int<lower=0, upper=2>[N]
data b: int<lower=0, upper=2>[N]
p[2, 3] ~ Dirichlet([${alpha.join(', ')}])
a ~ Categorical(p[0])
b ~ Categorical(p[1])
`,
    data: { N: 6, a: rows[0], b: rows[1] },
    exact,
  };
})();

// hi ~ Uniform(0, 1), lo: real<lower=0, upper=hi> ~ Flat(): the density is 1 on the triangle
// 0 < lo < hi < 1, so hi has density 2·hi (mean 2/3) and lo | hi is uniform on (0, hi) (mean 1/3).
const dependentBound: Case = {
  model: `hi ~ Uniform(0, 1)
lo: real<lower=0, upper=hi> ~ Flat()
`,
  exact: { hi: 2 / 3, lo: 1 / 3 },
};

const cases: Record<string, Case> = {
  'Normal-Normal, known sigma': normal,
  'Beta-Binomial': betaBinomial,
  'Gamma-Poisson on 1-based group indices': gammaPoisson,
  'Dirichlet-Categorical, a matrix of simplex rows': dirichletRows,
  'a bound that depends on another parameter': dependentBound,
};

describe('posterior means from dopl sample --json match exact answers within 4 MCSE', () => {
  for (const [title, c] of Object.entries(cases)) {
    it(title, async () => {
      const files: Record<string, string> = { 'model.dopl': c.model };
      if (c.data) files['data.json'] = JSON.stringify(c.data);
      const dir = fixtureDir(files);
      const r = await runMain([
        'sample',
        join(dir, 'model.dopl'),
        ...(c.data ? ['--data', join(dir, 'data.json')] : []),
        ...['--chains', '2', '--draws', '500', '--tune', '300', '--seed', '2026', '--workers', '1', '--json'],
      ]);
      expect(r.code, r.stderr).toBe(0);
      const out = JSON.parse(r.stdout);
      expect(out.diagnostics.divergences).toBe(0);
      for (const [name, exact] of Object.entries(c.exact)) {
        const p = out.parameters[name];
        expect(p, name).toBeDefined();
        expect(p.mcse_mean).toBeGreaterThan(0);
        expect(Math.abs(p.mean - exact), `${name}: ${p.mean} vs exact ${exact}`).toBeLessThanOrEqual(
          4 * p.mcse_mean,
        );
      }
    });
  }
});
