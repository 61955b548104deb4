import { counterfactualDraws, type Graph } from '@dopl/core';
import type { DiscreteResult } from '@dopl/inference';

// Pearl's three steps over an enumerated posterior: abduction is the posterior itself (every
// latent, exogenous ones included, per state), action is do(), prediction pushes each state
// through the intervened model keeping its noise; the states' weights give the probability.
// With the exogenous variables explicit (noisy-OR activations, leaks) every step is exact.

/** P(target = value in the world where do(intervention) | evidence), exact for enumerated posteriors. */
export function counterfactualProbability(
  graph: Graph,
  posterior: DiscreteResult,
  evidence: Record<string, number>,
  intervention: Record<string, number>,
  target: string,
  value: number,
): number {
  const given = Object.fromEntries(
    graph.nodes
      .filter((n) => n.kind === 'random' && !(n.name in evidence))
      .map((n) => [n.name, posterior.draws[n.name]]),
  );
  const cf = counterfactualDraws(graph, { evidence, intervention, target, given, seed: 1 });
  let p = 0;
  for (let i = 0; i < posterior.weights.length; i++)
    if (cf[target].data[i] === value) p += posterior.weights[i];
  return p;
}
