import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import {
  type DrawsSummary,
  essBasic,
  essBulk,
  essTail,
  mad,
  mcseMean,
  mcseQuantile,
  mcseSd,
  median,
  quantile,
  rhat,
  rhatBasic,
  summarise,
} from './index.js';
import { mean, sd } from './moments.js';

// Output of R posterior 1.4.0 `summarise_draws` on fixed draws (see the fixture's `note`).
interface ReferenceSet {
  name: string;
  chains: number;
  draws_per_chain: number;
  draws: number[][];
  summary: Record<string, number>;
}
const fixture = JSON.parse(
  readFileSync(new URL('./__fixtures__/posterior-r.json', import.meta.url), 'utf8'),
) as { sets: ReferenceSet[] };

const TOLERANCE = 1e-6;

const STATISTICS: [column: string, key: keyof DrawsSummary, compute: (draws: number[][]) => number][] = [
  ['mean', 'mean', (d) => mean(d.flat())],
  ['median', 'median', (d) => median(d)],
  ['sd', 'sd', (d) => sd(d.flat())],
  ['mad', 'mad', (d) => mad(d)],
  ['5%', 'q5', (d) => quantile(d, 0.05)],
  ['95%', 'q95', (d) => quantile(d, 0.95)],
  ['rhat', 'rhat', rhat],
  ['rhat_basic', 'rhatBasic', rhatBasic],
  ['ess_bulk', 'essBulk', essBulk],
  ['ess_tail', 'essTail', essTail],
  ['ess_basic', 'essBasic', essBasic],
  ['mcse_mean', 'mcseMean', mcseMean],
  ['mcse_sd', 'mcseSd', mcseSd],
  ['mcse_q5', 'mcseQ5', (d) => mcseQuantile(d, 0.05)],
  ['mcse_q95', 'mcseQ95', (d) => mcseQuantile(d, 0.95)],
];

const relativeError = (actual: number, expected: number) => Math.abs(actual - expected) / Math.abs(expected);

const cases = fixture.sets.flatMap((set) =>
  STATISTICS.map(([column, , compute]) => ({
    set: set.name,
    column,
    draws: set.draws,
    expected: set.summary[column],
    compute,
  })),
);

describe('agreement with R posterior 1.4.0', () => {
  it('covers every reference set', () => {
    expect(fixture.sets.length).toBeGreaterThan(0);
  });

  it.each(cases)('$column of $set matches to 1e-6 relative', ({ draws, expected, compute }) => {
    expect(relativeError(compute(draws), expected)).toBeLessThanOrEqual(TOLERANCE);
  });

  it.each(fixture.sets)('summarise reproduces every column for $name', (set) => {
    const summary = summarise(set.draws);
    for (const [column, key] of STATISTICS) {
      expect(relativeError(summary[key], set.summary[column]), `${column}`).toBeLessThanOrEqual(TOLERANCE);
    }
  });

  it.each(fixture.sets)('accepts Float64Array chains identically for $name', (set) => {
    const typed = set.draws.map((chain) => Float64Array.from(chain));
    expect(summarise(typed)).toEqual(summarise(set.draws));
  });
});
