import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { fixtureDir, removeFixtures, runMain } from '../../../cli/src/test-util.js';

// `dopl check` lists the model's nodes with their dimensions as the model declares them. Without
// data the Graph holds a placeholder for dimension arithmetic (`c[1]` for `c: ordered[K - 1]`);
// the listing (and `dopl graph`'s labels) must show the declared names instead, with data too.

afterAll(removeFixtures);

const MODEL = `data N: int
data K: int
data x: real[N]
data y: int<lower=0, upper=K - 1>[N]
beta ~ Normal(0, 1)
c: ordered[K - 1] ~ Normal(0, 5)
z[N * (K + 1)] ~ Normal(0, 1)
L: cholesky_corr[K, K] ~ LKJCholeskyCorr(eta=2)
q := inv_logit(reshape(beta * x, shape=[N, 1]) - c)
p := concat(broadcast_to(1, shape=[N, 1]), q, axis=1) - concat(q, broadcast_to(0, shape=[N, 1]), axis=1)
y ~ Categorical(p)
s[0] := 0
s[t in 1:K - 1] := s[t - 1] + 1
`;

const LISTING = `  parameters: beta, c[K - 1], z[N * (K + 1)], L[K, K]
  observed: y[N]
  deterministic: q, p, s[K - 1]
  data: N, K, x[N]
`;

describe('dopl check lists declared dimensions', () => {
  const dir = fixtureDir({
    'm.dopl': MODEL,
    'd.json': '{ "N": 5, "K": 4, "x": [0.5, -1, 2, 0, 1.5], "y": [0, 3, 2, 1, 3] }',
  });

  it('without data: the names and arithmetic, not placeholders', async () => {
    const r = await runMain(['check', join(dir, 'm.dopl')]);
    expect(r.code).toBe(0);
    expect(r.stdout).toBe(`${join(dir, 'm.dopl')}: OK\n${LISTING}`);
  });

  it('dopl graph labels show them too (dot and mermaid)', async () => {
    const dot = await runMain(['graph', join(dir, 'm.dopl')]);
    expect(dot.code).toBe(0);
    expect(dot.stdout).toContain('"c" [shape=ellipse, label="c[K - 1]\\n~ Normal"];');
    expect(dot.stdout).toContain('"z" [shape=ellipse, label="z[N * (K + 1)]\\n~ Normal"];');
    expect(dot.stdout).toContain('"L" [shape=ellipse, label="L[K, K]\\n~ LKJCholeskyCorr"];');
    const mermaid = await runMain(['graph', join(dir, 'm.dopl'), '--format', 'mermaid']);
    expect(mermaid.code).toBe(0);
    expect(mermaid.stdout).toContain('c(["c[K - 1] ~ Normal"])');
    expect(mermaid.stdout).not.toMatch(/\[1\]/);
  });

  it('with data: the same listing', async () => {
    const r = await runMain(['check', join(dir, 'm.dopl'), '--data', join(dir, 'd.json')]);
    expect(r.code).toBe(0);
    expect(r.stdout).toBe(`${join(dir, 'm.dopl')} and its data: OK\n${LISTING}`);
  });
});
