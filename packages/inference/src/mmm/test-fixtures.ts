import { createAttrs, type InferenceData } from '../data/index.js';

/** A hand-built fit: one chain, draws given per variable as nested per-draw arrays. */
export function handFit(vars: Record<string, { shape: number[]; draws: number[][] }>): InferenceData {
  const posterior: NonNullable<InferenceData['posterior']> = {};
  for (const [name, v] of Object.entries(vars))
    posterior[name] = { shape: [1, v.draws.length, ...v.shape], data: Float64Array.from(v.draws.flat()) };
  return { posterior, attrs: createAttrs() };
}
