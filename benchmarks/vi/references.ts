// The benchmark's posteriors and their reference means and sds: five near-Gaussian posteriordb
// posteriors (reference: posteriordb's 10 000 Stan draws) and the logistic-regression bench
// (reference: the summary of 4000 rstan draws in ../stan/reference, bulk ESS ≥ 1356, so its own Monte Carlo
// error on a mean is ≤ 0.03 sd).
import { readFileSync } from 'node:fs';
import type { Graph } from '@dopl/core';
import { posteriors, readPosteriorFile } from '../../packages/inference/test/posteriordb/index.js';
import { logisticRegression } from '../models.js';

export interface Reference {
  readonly mean: number;
  readonly sd: number;
}

export interface BenchPosterior {
  readonly graph: Graph;
  /** Node names whose elements the reference holds, posteriordb-style (`beta[1]`, 1-based). */
  readonly reported: readonly string[];
  readonly reference: Readonly<Record<string, Reference>>;
}

export const POSTERIORDB = [
  'kidiq-kidscore_momiq',
  'earnings-logearn_interaction_z',
  'sblrc-blr',
  'nes2000-nes',
  'diamonds-diamonds',
] as const;

export const ALL_MODELS: readonly string[] = [...POSTERIORDB, 'logistic_regression'];

function stanReference(name: string, columns: readonly string[]): Record<string, Reference> {
  const summary: { variable: string; mean: number; sd: number }[] = JSON.parse(
    readFileSync(new URL(`../stan/reference/${name}.json`, import.meta.url), 'utf8'),
  ).summary;
  const out: Record<string, Reference> = {};
  for (const c of columns) {
    const row = summary.find((s) => s.variable === c);
    if (!row) throw new Error(`stan/reference/${name}.json has no ${c}`);
    out[c] = { mean: row.mean, sd: row.sd };
  }
  return out;
}

export function loadPosterior(name: string): BenchPosterior {
  if (name === 'logistic_regression') {
    const columns = ['alpha', ...Array.from({ length: 25 }, (_, i) => `beta[${i + 1}]`)];
    return {
      graph: logisticRegression(),
      reported: ['alpha', 'beta'],
      reference: stanReference(name, columns),
    };
  }
  const model = posteriors[name];
  if (model === undefined) throw new Error(`unknown model ${name}; one of ${ALL_MODELS.join(', ')}`);
  const reference: Record<string, Reference> = {};
  for (const [k, v] of Object.entries(
    readPosteriorFile(name, 'reference.json').parameters as Record<string, Reference>,
  )) {
    reference[k] = { mean: v.mean, sd: v.sd };
  }
  return { graph: model.build(readPosteriorFile(name, 'data.json')), reported: model.reported, reference };
}
