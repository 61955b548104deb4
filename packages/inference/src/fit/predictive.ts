import { DoplError, type Graph, sampleForward, type Tensor } from '@dopl/core';
import { createAttrs, type Group, type InferenceData } from '../data/index.js';
import type { Fit } from './sample.js';

/**
 * Posterior predictive draws: for every posterior draw, the latent nodes keep their values and
 * every observed node (and anything downstream of it) is drawn anew. Arrays [chain, draw, ...].
 */
export function samplePosteriorPredictive(fit: Fit, options: { seed?: number } = {}): InferenceData {
  const post = fit.idata.posterior;
  if (!post) throw new DoplError('the fit has no posterior group');
  const given: Record<string, Tensor> = {};
  let chains = 0;
  let draws = 0;
  for (const n of fit.graph.nodes) {
    if (n.kind === 'random' && n.observed === undefined) {
      const v = post[n.name];
      if (!v) throw new DoplError(`the posterior has no draws of '${n.name}'`, { node: n.name });
      [chains, draws] = v.shape;
      given[n.name] = { shape: [chains * draws, ...v.shape.slice(2)], data: v.data };
    }
  }
  const out = sampleForward(fit.graph, { given, seed: options.seed ?? 0, predictive: true });
  const group: Group = {};
  for (const n of fit.graph.nodes) {
    if (n.kind === 'random' && n.observed !== undefined) {
      const t = out[n.name];
      group[n.name] = { shape: [chains, draws, ...t.shape.slice(1)], data: t.data };
    }
  }
  return { ...fit.idata, posterior_predictive: group, attrs: { ...fit.idata.attrs } };
}

/** Prior and prior predictive draws through the same path, as InferenceData (one chain). */
export function samplePriorPredictive(
  graph: Graph,
  options: { draws?: number; seed?: number } = {},
): InferenceData {
  const out = sampleForward(graph, {
    draws: options.draws ?? 500,
    seed: options.seed ?? 0,
    predictive: true,
  });
  const prior: Group = {};
  const priorPredictive: Group = {};
  for (const n of graph.nodes) {
    const t = out[n.name];
    if (!t) continue;
    const v = { shape: [1, ...t.shape], data: t.data };
    if (n.kind === 'random' && n.observed !== undefined) priorPredictive[n.name] = v;
    else prior[n.name] = v;
  }
  return { prior, prior_predictive: priorPredictive, attrs: createAttrs({ seed: options.seed }) };
}
