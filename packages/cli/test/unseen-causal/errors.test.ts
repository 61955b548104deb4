import { call, constant, Graph, ref, scalar } from '@dopl/core';
import { query } from '@dopl/inference';
import { describe, expect, it } from 'vitest';
import { cli, here, refused } from './harness.js';

// Malformed queries on the models of this folder: each is refused with exit 1, no stack trace,
// and a message that names the option, line and column (or the node) and what is wrong.
const CHAIN = 'binary-chain.dopl';
const CAT = 'categorical.dopl';
const SLICES = ['--data', here('slices.json')];

describe('malformed queries name the option, line and column', () => {
  it('an unknown node in --target, --given, --do and --vs', async () => {
    expect(await refused(CHAIN, ['--target', 'yy', '--do', 'x = 1'])).toBe(
      "--target:1:1: unknown name 'yy'\nyy\n^",
    );
    expect(await refused(CHAIN, ['--target', 'y', '--given', 'c = 1; q = 1'])).toBe(
      "--given:1:8: unknown node 'q'\nc = 1; q = 1\n       ^",
    );
    expect(await refused(CHAIN, ['--target', 'y', '--do', 'xx = 1'])).toMatch(/^--do:1:1: unknown node 'xx'/);
    expect(await refused(CHAIN, ['--target', 'y', '--do', 'x = 1', '--vs', 'xx = 0'])).toMatch(
      /^--vs:1:1: unknown node 'xx'/,
    );
  });

  it('an action outside the node’s support: a Bernoulli set to 2, a category 3 of 3, a negative spend', async () => {
    expect(await refused(CHAIN, ['--target', 'y', '--do', 'x = 2'])).toBe(
      '--do:1:1: do(x): 2 is outside the support of x ~ Bernoulli (whole numbers 0 to 1)\nx = 2\n^',
    );
    expect(await refused(CAT, ['--target', 'y', '--do', 'w = 3'])).toBe(
      '--do:1:1: do(w): 3 is outside the support of w ~ Categorical (whole numbers 0 to 2)\nw = 3\n^',
    );
    expect(await refused('slices.dopl', [...SLICES, '--target', 'g', '--do', 'spend[0:2] = -1'])).toMatch(
      /^--do:1:1: do\(spend\): -1 is outside the support of spend ~ Exponential \(numbers ≥ 0\)/,
    );
    expect(await refused('slices.dopl', [...SLICES, '--target', 'g', '--do', 'w[0, 5] = 1'])).toMatch(
      /^--do:1:6: index 5 is out of range for axis 1 of 'w' \(size 2: 0 to 1\)/,
    );
  });

  it('a counterfactual shift past the last category names the action, not the Bernoulli below it', async () => {
    // w = 2 seen; w + 1 = 3 is no category, so y's probability [0.1, 0.5, 0.9][3] does not exist.
    for (const given of ['z = 1; w = 2', 'z = 1; w = 2; y = 1'])
      expect(
        await refused(CAT, ['--target', 'y', '--given', given, '--do', 'w = w + 1', '--counterfactual']),
      ).toMatch(
        /^--do:1:1: do\(w\): the action gives w = 3.*, outside the support of Categorical \(whole numbers 0 to 2\)/,
      );
  });

  it('evidence outside the support, and evidence of probability zero, at its --given clause', async () => {
    expect(await refused(CAT, ['--target', 'y', '--given', 'w = 1.5'])).toMatch(
      /^--given:1:1: query: evidence w = 1.5 is outside the support of Categorical/,
    );
    // b ~ Bernoulli(0.9a): b = 1 is possible, but not with a = 0. The clause blamed is the first
    // one (in the model's order) that makes the evidence impossible, whatever order it is written in.
    const zero = await refused('impossible.dopl', ['--target', 'c', '--given', 'b = 1; a = 0']);
    expect(zero).toMatch(
      /^--given:1:1: query: evidence b = 1 has probability zero under the model given a = 0/,
    );
    expect(zero.split('\n').slice(1)).toEqual(['b = 1; a = 0', '^']);
    // Under an action (Pearl's P(c | do(a = 0), b = 1)), and in a counterfactual's factual world.
    expect(await refused('impossible.dopl', ['--target', 'c', '--given', 'b = 1', '--do', 'a = 0'])).toMatch(
      /^--given:1:1: query: evidence b = 1 has probability zero under do\(a\)/,
    );
    // Only the --vs world makes it impossible: that world is named.
    expect(
      await refused('impossible.dopl', [
        '--target',
        'c',
        '--given',
        'b = 1',
        '--do',
        'a = 1',
        '--vs',
        'a = 0',
      ]),
    ).toMatch(/^--given:1:1: query: evidence b = 1 has probability zero under vs\(a\)/);
    expect(
      await refused('impossible.dopl', [
        ...['--target', 'c', '--given', 'a = 0; b = 1', '--do', 'a = 1', '--counterfactual'],
      ]),
    ).toMatch(/^--given:1:8: query: evidence b = 1 has probability zero under the model given a = 0/);
    // No latent upstream of the evidence (y is drawn forward): x = 2 under Uniform(0, 1) is
    // impossible, in an observational query and as the world of a counterfactual.
    expect(await refused('bounded.dopl', ['--target', 'y', '--given', 'x = 2'])).toBe(
      '--given:1:1: query: evidence x = 2 has probability zero under the model (its log-density is −∞)\nx = 2\n^',
    );
    expect(
      await refused('bounded.dopl', [
        '--target',
        'y',
        '--given',
        'x = 2',
        '--do',
        'x = 0.5',
        '--counterfactual',
      ]),
    ).toMatch(/^--given:1:1: query: evidence x = 2 has probability zero/);
    // A continuous latent upstream (NUTS): no state of a gives x = −1 a positive density.
    expect(
      await refused('bounded-latent.dopl', ['--target', 'a', '--given', 'x = -1', '--draws', '20']),
    ).toMatch(
      /^--given:1:1: query: evidence x = -1 looks impossible under the model \(NUTS found no state of the latents where it has a positive density/,
    );
    // Every node seen: no latent to weigh, the evidence's own density is checked.
    expect(await refused('impossible.dopl', ['--target', 'c', '--given', 'a = 0; b = 1; c = 1'])).toMatch(
      /^--given:1:8: query: evidence b = 1 has probability zero/,
    );
  });

  it('--vs without --do', async () => {
    expect(await refused(CHAIN, ['--target', 'y', '--vs', 'x = 0'])).toBe(
      "dopl query: --vs needs --do: the answer is target(--do) − target(--vs)\nRun 'dopl query --help' for usage.",
    );
  });

  it('a target that does not type-check: a distribution, an index of a scalar, a bad axis, an unknown function', async () => {
    expect(await refused(CHAIN, ['--target', 'y + Normal(0, 1)'])).toMatch(
      /^--target:1:5: 'Normal' is a distribution, not a function/,
    );
    expect(await refused(CHAIN, ['--target', 'y[0]'])).toMatch(/^--target:1:2: cannot index a scalar/);
    expect(await refused(CHAIN, ['--target', 'sum(y, 3)'])).toMatch(/^--target:1:1: axis 3 is out of range/);
    expect(await refused(CHAIN, ['--target', 'foo(y)'])).toMatch(/^--target:1:1: unknown function 'foo'/);
    expect(await refused(CHAIN, ['--target', 'y + [1, 2]'])).toMatch(
      /^--target:1:1: the target is an array of shape \[2\]/,
    );
  });

  it('a state space too large to enumerate names its size, as an error or as the reason for sampling', async () => {
    // Without --method the answer is by likelihood weighting, and the method says why.
    const out = await cli('many-states.dopl', [
      '--target',
      'b[0]',
      '--given',
      's = 3',
      '--draws',
      '200',
      '--seed',
      '1',
    ]);
    expect(out.method).toMatch(
      /^importance \(ess [\d.]+\); not enumerated: 1073741824 joint states over 1 latent node \(b\[30\]: 2\), more than maxStates = 100000$/,
    );
    expect(
      await refused('many-states.dopl', ['--target', 'b[0]', '--given', 's = 3', '--method', 'enumerate']),
    ).toMatch(
      /the state space is too large to enumerate: 1073741824 joint states over 1 latent node \(b\[30\]: 2\), more than maxStates = 100000/,
    );
  });

  it('mixed discrete and continuous latents: what each method supports', async () => {
    const enumerate = await refused('mixed.dopl', [
      '--target',
      'k',
      '--given',
      'y = 3',
      '--method',
      'enumerate',
    ]);
    expect(enumerate).toMatch(/the model mixes discrete latents \(k\) with continuous latents \(mu\)/);
    expect(enumerate).toMatch(
      /NUTS .* needs every latent continuous; likelihood weighting \(method: 'importance'\) handles both/,
    );
    expect(await refused('mixed.dopl', ['--target', 'k', '--given', 'y = 3', '--method', 'nuts'])).toMatch(
      /NUTS needs every latent continuous, but k is discrete; use method 'enumerate' \(finite supports\) or 'importance'/,
    );
  });

  it('a counterfactual through a family with no structural form names the node', async () => {
    expect(
      await refused('no-structural.dopl', [
        ...[
          '--target',
          'y',
          '--given',
          'c = 0; share = [0.2, 0.3, 0.5]; y = 1',
          '--do',
          'c = 1',
          '--counterfactual',
        ],
      ]),
    ).toMatch(/'share': Dirichlet has no structural form x = F\(params, u\)/);
  });

  it('the API refuses the same impossible evidence by node', () => {
    const g = new Graph([
      { kind: 'random', name: 'a', dist: { name: 'Bernoulli', args: { p: constant(scalar(0.5)) } } },
      {
        kind: 'random',
        name: 'b',
        dist: { name: 'Bernoulli', args: { p: call('mul', [ref('a'), constant(scalar(0.9))]) } },
      },
    ]);
    expect(() => query(g, { target: 'a', given: { a: 0, b: 1 } })).toThrow(
      /^query: evidence b = 1 has probability zero under the model given a = 0/,
    );
  });
});

describe('a cycle through observed data is a clear error, never a stack overflow', () => {
  // x reads y's observed values (allowed: observed values are data) while y's mechanism reads
  // x and y declares no shape: inferring either shape would recurse for ever.
  const cyclic = () =>
    new Graph([
      { kind: 'deterministic', name: 'x', expr: call('mul', [ref('y'), constant(scalar(2))]) },
      {
        kind: 'random',
        name: 'y',
        dist: { name: 'Normal', args: { mu: ref('x'), sigma: constant(scalar(1)) } },
        data: { dtype: 'real', dims: [] },
      },
    ]);

  it('names the nodes of the cycle and the node whose shape to declare', () => {
    expect(() => cyclic().shapeOf('x')).toThrow(
      "the shape of 'x' depends on itself: x → y → x: 'y' is observed, so nodes before it may read its values, but its shape is not declared and is inferred from its arguments, which read it; declare its shape (y[N] ~ …)",
    );
    expect(() => cyclic().shapeOf('y')).toThrow(/^the shape of 'y' depends on itself: y → x → y/);
  });
});
