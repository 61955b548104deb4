// Gradients of every discrete family's log-mass with respect to its continuous parameters match
// central finite differences. Parameters are latent (HalfFlat for positive ones, Flat for real
// ones); the counts are observed vectors, so every branch of the mass function is exercised.
import { describe, expect, test } from 'vitest';
import { compile } from '../../compile/compile.js';
import { constant, type Expr, ref } from '../../graph/expr.js';
import { Graph } from '../../graph/graph.js';
import type { Node } from '../../graph/node.js';
import { scalar, type Tensor, tensor } from '../../tensor/index.js';
import { gradientError } from '../../testing/index.js';
import '../index.js';

interface Latent {
  readonly name: string;
  /** Natural-scale value: a number, or a vector (HalfFlat/Flat with declared dims). */
  readonly value: number | readonly number[];
  readonly positive: boolean;
}

interface Case {
  readonly name: string;
  readonly dist: string;
  readonly latent: readonly Latent[];
  readonly fixed?: Readonly<Record<string, Tensor>>;
  readonly observed: readonly number[];
}

const vec = (xs: readonly number[]) => tensor(Float64Array.from(xs), [xs.length]);

const cases: readonly Case[] = [
  {
    name: 'Bernoulli p',
    dist: 'Bernoulli',
    latent: [{ name: 'p', value: 0.3, positive: true }],
    observed: [0, 1, 1],
  },
  {
    name: 'Bernoulli logit_p',
    dist: 'Bernoulli',
    latent: [{ name: 'logit_p', value: -0.7, positive: false }],
    observed: [0, 1, 1],
  },
  {
    name: 'Binomial p',
    dist: 'Binomial',
    latent: [{ name: 'p', value: 0.3, positive: true }],
    fixed: { n: scalar(10) },
    observed: [0, 3, 10],
  },
  {
    name: 'Binomial logit_p',
    dist: 'Binomial',
    latent: [{ name: 'logit_p', value: 0.4, positive: false }],
    fixed: { n: scalar(10) },
    observed: [0, 3, 10],
  },
  {
    name: 'Poisson mu',
    dist: 'Poisson',
    latent: [{ name: 'mu', value: 4.5, positive: true }],
    observed: [0, 3, 11],
  },
  {
    name: 'Poisson log_mu',
    dist: 'Poisson',
    latent: [{ name: 'log_mu', value: 1.2, positive: false }],
    observed: [0, 3, 11],
  },
  {
    name: 'NegativeBinomial mu and alpha',
    dist: 'NegativeBinomial',
    latent: [
      { name: 'mu', value: 3.5, positive: true },
      { name: 'alpha', value: 1.7, positive: true },
    ],
    observed: [0, 2, 15],
  },
  {
    name: 'BetaBinomial alpha and beta',
    dist: 'BetaBinomial',
    latent: [
      { name: 'alpha', value: 2.5, positive: true },
      { name: 'beta', value: 0.8, positive: true },
    ],
    fixed: { n: scalar(10) },
    observed: [0, 4, 10],
  },
  {
    name: 'Categorical p (rescaled to sum to one)',
    dist: 'Categorical',
    latent: [{ name: 'p', value: [0.2, 0.5, 0.9, 0.4], positive: true }],
    observed: [0, 2, 3, 3],
  },
  {
    name: 'Categorical logits',
    dist: 'Categorical',
    latent: [{ name: 'logits', value: [0.3, -1.2, 2.0, 0.1], positive: false }],
    observed: [0, 2, 3, 3, 1],
  },
];

function harness(c: Case): { graph: Graph; theta: number[] } {
  const nodes: Node[] = [];
  const theta: number[] = [];
  const args: Record<string, Expr> = {};
  for (const l of c.latent) {
    const dims = typeof l.value === 'number' ? undefined : [l.value.length];
    nodes.push({
      kind: 'random',
      name: l.name,
      dist: { name: l.positive ? 'HalfFlat' : 'Flat', args: {} },
      dims,
    });
    for (const v of typeof l.value === 'number' ? [l.value] : l.value)
      theta.push(l.positive ? Math.log(v) : v);
    args[l.name] = ref(l.name);
  }
  for (const [k, v] of Object.entries(c.fixed ?? {})) args[k] = constant(v);
  nodes.push({
    kind: 'random',
    name: 'y',
    dist: { name: c.dist, args },
    observed: constant(vec(c.observed)),
  });
  return { graph: new Graph(nodes), theta };
}

describe('discrete log-densities differentiate like central finite differences', () => {
  test.each(cases)('$name', (c) => {
    const { graph, theta } = harness(c);
    const model = compile(graph);
    expect(model.dim).toBe(theta.length);
    const { maxRelError, grad } = gradientError(model, theta);
    expect(maxRelError).toBeLessThan(1e-6);
    expect(grad.some((v) => v !== 0)).toBe(true);
  });

  test('Categorical with a batch of logit rows, one row per observation', () => {
    const graph = new Graph([
      { kind: 'random', name: 'logits', dist: { name: 'Flat', args: {} }, dims: [2, 3] },
      {
        kind: 'random',
        name: 'y',
        dist: { name: 'Categorical', args: { logits: ref('logits') } },
        observed: constant(vec([2, 0])),
      },
    ]);
    const { maxRelError } = gradientError(compile(graph), [0.1, -0.4, 1.3, 0.8, 0.2, -1.1]);
    expect(maxRelError).toBeLessThan(1e-6);
  });
});
