import type { CompiledModel, Graph } from '@dopl/core';
import {
  createAttrs,
  fromDraws,
  type Group,
  type InferenceData,
  type SamplerSettings,
} from '../data/index.js';

// Draws from an approximation as InferenceData, one chain: the natural-scale values of every
// latent and deterministic node (as `toInferenceData` builds them for NUTS), per-draw statistics
// in sample_stats, and the observed data.

export interface ApproximationMeta {
  readonly sampler: SamplerSettings;
  readonly seed: number;
  readonly modelText?: string;
}

/**
 * `draws` holds `numDraws` unconstrained vectors (row-major); `stats` per-draw scalars such as
 * `lp` (log p) and `lp_approx` (log q).
 */
export function approximationToInferenceData(
  graph: Graph,
  model: CompiledModel,
  draws: Float64Array,
  numDraws: number,
  stats: Readonly<Record<string, Float64Array>>,
  meta: ApproximationMeta,
): InferenceData {
  const dim = model.dim;
  const values: Record<string, Float64Array> = {};
  const shapes: Record<string, number[]> = {};
  for (let d = 0; d < numDraws; d++) {
    const v = model.constrain(draws.subarray(d * dim, (d + 1) * dim));
    for (const [name, t] of Object.entries(v)) {
      if (!values[name]) {
        values[name] = new Float64Array(numDraws * t.data.length);
        shapes[name] = [...t.shape];
      }
      values[name].set(t.data, d * t.data.length);
    }
  }
  const observed: Group = {};
  for (const n of graph.nodes) {
    if (n.kind === 'random' && n.observed?.kind === 'const') {
      observed[n.name] = { shape: [...n.observed.value.shape], data: n.observed.value.data };
    }
  }
  return fromDraws([{ values, stats: { ...stats } }], shapes, {
    observedData: observed,
    attrs: createAttrs({ seed: meta.seed, model: meta.modelText, sampler: meta.sampler }),
  });
}
