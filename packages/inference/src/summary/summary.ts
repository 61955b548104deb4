import {
  type DrawGroupName,
  elementNames,
  type InferenceData,
  shapeSize,
  variableDraws,
} from '../data/inference-data.js';
import { ebfmi, essBulk, essTail, hdi, mcseMean, mcseSd, quantile, rhat } from '../diagnostics/index.js';
import { mean, sd } from '../diagnostics/moments.js';

/** One scalar element's summary, ArviZ's columns plus the 5/50/95% quantiles. */
export interface SummaryRow {
  name: string;
  mean: number;
  sd: number;
  q5: number;
  q50: number;
  q95: number;
  hdi_low: number;
  hdi_high: number;
  mcse_mean: number;
  mcse_sd: number;
  ess_bulk: number;
  ess_tail: number;
  r_hat: number;
}

export interface SummaryOptions {
  /** Default 'posterior'; the sampler checks run only for the posterior. */
  group?: DrawGroupName;
  /** Probability mass of the highest density interval, default 0.94 (ArviZ). */
  hdiProb?: number;
  /** Variables to summarise, default all in the group. */
  varNames?: string[];
  /** Default attrs.sampler.maxTreeDepth, else 10. */
  maxTreeDepth?: number;
  /** R-hat above this is flagged, default 1.01. */
  rhatThreshold?: number;
  /** Bulk or tail ESS below this many per chain is flagged, default 100 (400 for 4 chains). */
  essPerChain?: number;
  /** A chain's E-BFMI below this is flagged, default 0.3. */
  ebfmiThreshold?: number;
}

export interface Summary {
  rows: SummaryRow[];
  warnings: string[];
  hdiProb: number;
}

const MAX_LISTED = 5;

function listWorst(
  rows: SummaryRow[],
  value: (r: SummaryRow) => number,
  worstFirst: (a: number, b: number) => number,
  digits: (x: number) => string,
): string {
  const sorted = rows.slice().sort((a, b) => worstFirst(value(a), value(b)));
  const shown = sorted.slice(0, MAX_LISTED).map((r) => `${r.name} ${digits(value(r))}`);
  if (sorted.length > MAX_LISTED) shown.push(`and ${sorted.length - MAX_LISTED} more`);
  return shown.join(', ');
}

function plural(n: number, one: string, many: string): string {
  return `${n} ${n === 1 ? one : many}`;
}

function percent(k: number, n: number): string {
  const p = (100 * k) / n;
  return `${p < 0.1 ? p.toPrecision(1) : p.toFixed(1)}%`;
}

function summariseElement(name: string, chains: Float64Array[], hdiProb: number): SummaryRow {
  let pooledLength = 0;
  for (const c of chains) pooledLength += c.length;
  const pooled = new Float64Array(pooledLength);
  let offset = 0;
  for (const c of chains) {
    pooled.set(c, offset);
    offset += c.length;
  }
  const interval = hdi(pooled, hdiProb);
  return {
    name,
    mean: mean(pooled),
    sd: sd(pooled),
    q5: quantile(pooled, 0.05),
    q50: quantile(pooled, 0.5),
    q95: quantile(pooled, 0.95),
    hdi_low: interval.lower,
    hdi_high: interval.upper,
    mcse_mean: mcseMean(chains),
    mcse_sd: mcseSd(chains),
    ess_bulk: essBulk(chains),
    ess_tail: essTail(chains),
    r_hat: rhat(chains),
  };
}

/**
 * A row per scalar element of every variable in the group (names `beta[0]`, `L[1,0]`, row-major)
 * with the Vehtari et al. (2021) diagnostics, and plain-language warnings for whatever makes the
 * fit untrustworthy: R-hat, bulk and tail ESS, and for a posterior the NUTS checks (divergences,
 * tree-depth saturation, E-BFMI) from sample_stats.
 */
export function summary(idata: InferenceData, options: SummaryOptions = {}): Summary {
  const groupName = options.group ?? 'posterior';
  const hdiProb = options.hdiProb ?? 0.94;
  const group = idata[groupName];
  if (group === undefined) throw new RangeError(`InferenceData has no ${groupName} group`);
  const names = options.varNames ?? Object.keys(group);
  const rows: SummaryRow[] = [];
  let numChains = 0;
  for (const name of names) {
    const v = group[name];
    if (v === undefined) throw new RangeError(`${groupName} has no variable ${name}`);
    if (v.shape.length < 2) continue;
    numChains = v.shape[0];
    const inner = v.shape.slice(2);
    const elements = elementNames(name, inner);
    for (let k = 0; k < shapeSize(inner); k++) {
      rows.push(summariseElement(elements[k], variableDraws(idata, groupName, name, k), hdiProb));
    }
  }

  const warnings: string[] = [];
  const rhatThreshold = options.rhatThreshold ?? 1.01;
  const highRhat = rows.filter((r) => r.r_hat > rhatThreshold);
  if (highRhat.length > 0) {
    warnings.push(
      `R-hat above ${rhatThreshold} for ${plural(highRhat.length, 'quantity', 'quantities')} ` +
        `(${listWorst(
          highRhat,
          (r) => r.r_hat,
          (a, b) => b - a,
          (x) => x.toFixed(3),
        )}): ` +
        'the chains disagree about the distribution, so they have not converged and no estimate can be trusted yet; ' +
        'run longer chains (more warm-up and draws), and if that does not help, reparameterise the model or use more informative priors.',
    );
  }
  const essThreshold = (options.essPerChain ?? 100) * numChains;
  const essRule = `${essThreshold} (${options.essPerChain ?? 100} per chain × ${plural(numChains, 'chain', 'chains')})`;
  const lowBulk = rows.filter((r) => r.ess_bulk < essThreshold);
  if (lowBulk.length > 0) {
    warnings.push(
      `Bulk ESS below ${essRule} for ${plural(lowBulk.length, 'quantity', 'quantities')} ` +
        `(${listWorst(
          lowBulk,
          (r) => r.ess_bulk,
          (a, b) => a - b,
          (x) => x.toFixed(0),
        )}): ` +
        'too few effectively independent draws for reliable means, medians and R-hat; ' +
        'run more draws, or reparameterise to reduce the autocorrelation.',
    );
  }
  const lowTail = rows.filter((r) => r.ess_tail < essThreshold);
  if (lowTail.length > 0) {
    warnings.push(
      `Tail ESS below ${essRule} for ${plural(lowTail.length, 'quantity', 'quantities')} ` +
        `(${listWorst(
          lowTail,
          (r) => r.ess_tail,
          (a, b) => a - b,
          (x) => x.toFixed(0),
        )}): ` +
        'too few effective draws in the tails for reliable 5% and 95% quantiles and intervals; ' +
        'run more draws, or reparameterise to reduce the autocorrelation.',
    );
  }

  const stats = idata.sample_stats;
  if (groupName === 'posterior' && stats !== undefined) {
    const diverging = stats.diverging;
    if (diverging !== undefined) {
      let count = 0;
      for (const x of diverging.data) if (x !== 0 && !Number.isNaN(x)) count++;
      if (count > 0) {
        warnings.push(
          `${plural(count, 'divergent transition', 'divergent transitions')} after warm-up ` +
            `(${percent(count, diverging.data.length)} of ${diverging.data.length}): the posterior has regions ` +
            'of high curvature the sampler cannot follow, so the draws may be biased; reparameterise ' +
            '(e.g. non-centred for hierarchical scales) or raise target_accept (e.g. to 0.95).',
        );
      }
    }
    const treeDepth = stats.tree_depth;
    if (treeDepth !== undefined) {
      const maxDepth = options.maxTreeDepth ?? idata.attrs.sampler?.maxTreeDepth ?? 10;
      let count = 0;
      for (const x of treeDepth.data) if (x >= maxDepth) count++;
      if (count > 0) {
        warnings.push(
          `${plural(count, 'transition', 'transitions')} of ${treeDepth.data.length} ` +
            `(${percent(count, treeDepth.data.length)}) reached the maximum tree depth of ${maxDepth}: ` +
            'the trajectories were cut short before turning back, which wastes effort (it does not bias the draws); ' +
            'reparameterise to make the posterior better scaled, or raise max_tree_depth.',
        );
      }
    }
    const energy = stats.energy;
    if (energy !== undefined && energy.shape.length === 2) {
      const threshold = options.ebfmiThreshold ?? 0.3;
      const [chains, draws] = energy.shape;
      const low: string[] = [];
      for (let c = 0; c < chains; c++) {
        const value = ebfmi(energy.data.subarray(c * draws, (c + 1) * draws));
        if (value < threshold) low.push(`chain ${c}: ${value.toFixed(2)}`);
      }
      if (low.length > 0) {
        warnings.push(
          `E-BFMI below ${threshold} in ${plural(low.length, 'chain', 'chains')} (${low.join(', ')}): ` +
            'resampling the momentum moves the energy too little for the sampler to explore the tails, ' +
            'often a sign of heavy tails or a funnel; reparameterise the model or use more informative priors.',
        );
      }
    }
  }
  return { rows, warnings, hdiProb };
}

/** About three significant digits, fixed notation from 1e-4 up to 1e6, else scientific (used for sd and MCSE). */
export function formatStatistic(x: number): string {
  if (Number.isNaN(x)) return 'NaN';
  if (!Number.isFinite(x)) return x > 0 ? 'Inf' : '-Inf';
  if (x === 0) return '0';
  const a = Math.abs(x);
  if (a >= 1e6 || a < 1e-4) return x.toExponential(2);
  return x.toFixed(Math.max(0, 2 - Math.floor(Math.log10(a))));
}

function percentLabel(p: number): string {
  return `${Number((p * 100).toFixed(2))}%`;
}

/**
 * A location statistic (mean, quantile, interval end) to the precision its row's sd supports: three
 * significant digits of the sd, so 1000.02 ± 1.01 shows as 1000.02 and not 1000, and a mean of
 * 8e-5 ± 0.01 as 0.00008.
 */
export function formatLocation(x: number, scale: number): string {
  if (!Number.isFinite(x) || !(scale > 0) || !Number.isFinite(scale)) return formatStatistic(x);
  const decimals = 2 - Math.floor(Math.log10(scale));
  if (decimals < 0 || decimals > 12 || Math.abs(x) >= 1e9) return formatStatistic(x);
  return x.toFixed(decimals);
}

const integer = (x: number) => (Number.isFinite(x) ? x.toFixed(0) : 'NaN');
const location = (key: 'mean' | 'q5' | 'q50' | 'q95' | 'hdi_low' | 'hdi_high') => (r: SummaryRow) =>
  formatLocation(r[key], r.sd);
const spread = (key: 'sd' | 'mcse_mean' | 'mcse_sd') => (r: SummaryRow) => formatStatistic(r[key]);

const COLUMNS: readonly [keyof SummaryRow, (r: SummaryRow) => string][] = [
  ['mean', location('mean')],
  ['sd', spread('sd')],
  ['q5', location('q5')],
  ['q50', location('q50')],
  ['q95', location('q95')],
  ['hdi_low', location('hdi_low')],
  ['hdi_high', location('hdi_high')],
  ['mcse_mean', spread('mcse_mean')],
  ['mcse_sd', spread('mcse_sd')],
  ['ess_bulk', (r) => integer(r.ess_bulk)],
  ['ess_tail', (r) => integer(r.ess_tail)],
  ['r_hat', (r) => (Number.isFinite(r.r_hat) ? r.r_hat.toFixed(2) : 'NaN')],
];

/**
 * The summary as the aligned text table ArviZ and stansummary users read: names left-aligned,
 * numbers right-aligned (locations to the precision of the row's sd, spreads and MCSEs to three
 * significant digits, ESS whole, R-hat to two decimals), then the warnings, one line each.
 */
export function formatSummary(
  rows: readonly SummaryRow[],
  warnings: readonly string[] = [],
  options: { hdiProb?: number } = {},
): string {
  const hdiProb = options.hdiProb ?? 0.94;
  const labels: Record<string, string> = {
    mean: 'mean',
    sd: 'sd',
    q5: '5%',
    q50: '50%',
    q95: '95%',
    hdi_low: `hdi_${percentLabel((1 - hdiProb) / 2)}`,
    hdi_high: `hdi_${percentLabel((1 + hdiProb) / 2)}`,
    mcse_mean: 'mcse_mean',
    mcse_sd: 'mcse_sd',
    ess_bulk: 'ess_bulk',
    ess_tail: 'ess_tail',
    r_hat: 'r_hat',
  };
  const table: string[][] = [['', ...COLUMNS.map(([key]) => labels[key])]];
  for (const row of rows) table.push([row.name, ...COLUMNS.map(([, fmt]) => fmt(row))]);
  const widths = table[0].map((_, j) => Math.max(...table.map((r) => r[j].length)));
  const lines = table.map((r) =>
    r
      .map((cell, j) => (j === 0 ? cell.padEnd(widths[j]) : cell.padStart(widths[j])))
      .join('  ')
      .trimEnd(),
  );
  if (warnings.length > 0) {
    lines.push('');
    for (const w of warnings) lines.push(`Warning: ${w}`);
  }
  return `${lines.join('\n')}\n`;
}
