import { ebfmi, type InferenceData, type SummaryRow } from '@dopl/inference';

// The machine-readable result of `dopl sample --json` and `dopl prior --json` (also written as
// summary.json by `--out`). Other tools read it: the keys and their order are fixed.

export const PARAMETER_KEYS = [
  'mean',
  'sd',
  'q5',
  'q50',
  'q95',
  'hdi_low',
  'hdi_high',
  'mcse_mean',
  'ess_bulk',
  'ess_tail',
  'r_hat',
] as const;

export type ParameterKey = (typeof PARAMETER_KEYS)[number];

/** A statistic that is not a finite number (an R-hat of a constant, say) is written as null. */
export type ParameterStats = Record<ParameterKey, number | null>;

export interface SamplerDiagnostics {
  divergences: number;
  max_treedepth_hits: number;
  /** E-BFMI of each chain (null where it is undefined, e.g. a constant energy). */
  bfmi: (number | null)[];
}

export interface Timing {
  compile_s: number;
  warmup_s: number;
  sampling_s: number;
  total_s: number;
}

export interface JsonSummary {
  parameters: Record<string, ParameterStats>;
  diagnostics: SamplerDiagnostics;
  timing: Timing;
  chains: number;
  draws: number;
  tune: number;
  seed: number;
}

const finite = (x: number): number | null => (Number.isFinite(x) ? x : null);

/** Rows of `summary()` by element name (`mu`, `theta[0]`, `L[1,0]`). */
export function parameterStats(rows: readonly SummaryRow[]): Record<string, ParameterStats> {
  const out: Record<string, ParameterStats> = {};
  for (const row of rows) {
    const stats = {} as ParameterStats;
    for (const key of PARAMETER_KEYS) stats[key] = finite(row[key]);
    out[row.name] = stats;
  }
  return out;
}

/** Divergences and tree-depth hits after warm-up (all chains) and each chain's E-BFMI. */
export function samplerDiagnostics(idata: InferenceData, maxTreeDepth: number): SamplerDiagnostics {
  const stats = idata.sample_stats ?? {};
  let divergences = 0;
  for (const x of stats.diverging?.data ?? []) if (x !== 0 && !Number.isNaN(x)) divergences++;
  let hits = 0;
  for (const x of stats.tree_depth?.data ?? []) if (x >= maxTreeDepth) hits++;
  const bfmi: (number | null)[] = [];
  const energy = stats.energy;
  if (energy && energy.shape.length === 2) {
    const [chains, draws] = energy.shape;
    for (let c = 0; c < chains; c++)
      bfmi.push(finite(ebfmi(energy.data.subarray(c * draws, (c + 1) * draws))));
  }
  return { divergences, max_treedepth_hits: hits, bfmi };
}

/** No sampler, no sampler diagnostics (prior draws). */
export const NO_DIAGNOSTICS: SamplerDiagnostics = { divergences: 0, max_treedepth_hits: 0, bfmi: [] };

export function jsonSummary(parts: {
  rows: readonly SummaryRow[];
  diagnostics: SamplerDiagnostics;
  timing: Timing;
  chains: number;
  draws: number;
  tune: number;
  seed: number;
}): JsonSummary {
  return {
    parameters: parameterStats(parts.rows),
    diagnostics: parts.diagnostics,
    timing: parts.timing,
    chains: parts.chains,
    draws: parts.draws,
    tune: parts.tune,
    seed: parts.seed,
  };
}

/** The object as JSON text (two-space indented, one trailing newline); non-finite numbers as null. */
export function stringifyJson(value: unknown): string {
  return `${JSON.stringify(value, (_, v) => (typeof v === 'number' && !Number.isFinite(v) ? null : v), 2)}\n`;
}
