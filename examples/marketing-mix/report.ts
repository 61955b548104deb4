// Every marketer's table from a fit of mmm.dopl: parameters against the truth, contributions and
// shares, ROAS, decomposition, saturation and adstock curves, and the budget allocation.
//
//   pnpm -s dopl sample examples/marketing-mix/mmm.dopl --data examples/marketing-mix/mmm_data.json \
//     --seed 1 --out fit/
//   pnpm -s tsx --conditions=development examples/marketing-mix/report.ts --fit fit/ [--json]
//     [--section NAME] [--budget B] [--quantile Q]
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Graph } from '@dopl/core';
import { compileModel } from '@dopl/dsl';
import {
  adstockCurves,
  channelContributions,
  channelCurves,
  decomposition,
  type Estimate,
  fromJSON,
  type InferenceData,
  optimizeBudget,
  posteriorEstimate,
  roas,
  saturationCurves,
} from '@dopl/inference';

const here = dirname(fileURLToPath(import.meta.url));
const CHANNELS = ['x1', 'x2'];
const L_MAX = 8;
const PROB = 0.94;
// The data-generating truth on the model's scale (reference README, section 2).
const TRUTH: Record<string, number[]> = {
  alpha: [0.4, 0.2],
  lam: [3.9866, 2.9831],
  beta: [0.36091, 0.2406],
};

function arg(name: string): string | undefined {
  const i = process.argv.indexOf(`--${name}`);
  if (i < 0) return undefined;
  const v = process.argv[i + 1];
  if (v === undefined || v.startsWith('--')) throw new Error(`--${name} needs a value`);
  return v;
}

export interface Loaded {
  graph: Graph;
  idata: InferenceData;
  yMax: number;
  spendMax: number[];
  spend: number[][];
}

export function load(
  fitDir: string,
  modelPath = join(here, 'mmm.dopl'),
  dataPath = join(here, 'mmm_data.json'),
): Loaded {
  const text = readFileSync(dataPath, 'utf8');
  const graph = compileModel(readFileSync(modelPath, 'utf8'), {
    file: modelPath,
    dataFile: { file: dataPath, text },
  });
  const idata = fromJSON(readFileSync(join(fitDir, 'idata.json'), 'utf8'));
  const data = JSON.parse(text);
  return { graph, idata, yMax: data.y_max, spendMax: data.spend_max, spend: data.spend };
}

const fmt = (v: number, d = 2) => (Math.abs(v) >= 1e4 ? v.toFixed(0) : v.toPrecision(Math.max(d, 4)));
const est = (e: Estimate, d = 2) => `${fmt(e.mean, d)} [${fmt(e.lower, d)}, ${fmt(e.upper, d)}]`;
const table = (head: string[], rows: string[][]) => {
  const w = head.map((h, j) => Math.max(h.length, ...rows.map((r) => r[j].length)));
  const line = (r: string[]) => r.map((c, j) => (j === 0 ? c.padEnd(w[j]) : c.padStart(w[j]))).join('  ');
  return [line(head), ...rows.map(line)].join('\n');
};

export function report(m: Loaded, opts: { budget?: number; quantile?: number } = {}) {
  const { graph, idata, yMax, spendMax, spend } = m;
  const T = spend.length;
  const params = Object.entries(TRUTH).flatMap(([name, truth]) => {
    const v = idata.posterior![name];
    const n = v.shape[0] * v.shape[1];
    return truth.map((t, c) => {
      const e = posteriorEstimate(
        Array.from({ length: n }, (_, i) => v.data[i * truth.length + c]),
        PROB,
      );
      return { name: `${name}[${c}]`, ...e, truth: t, covered: e.lower <= t && t <= e.upper };
    });
  });
  const contributions = channelContributions(idata, {
    contribution: 'channel_contribution',
    scale: yMax,
    channels: CHANNELS,
    prob: PROB,
  });
  const roasTable = roas(graph, idata, {
    spend: 'spend',
    contribution: 'channel_contribution',
    timeDim: 'T',
    pad: L_MAX - 1,
    scale: yMax,
    channels: CHANNELS,
    prob: PROB,
  });
  const parts = decomposition(idata, {
    components: {
      intercept: 'intercept',
      trend: 'trend_contribution',
      seasonality: 'seasonality',
      controls: 'control_contribution',
      channels: 'channel_contribution',
    },
    scale: yMax,
    prob: PROB,
  });
  const saturation = {
    kind: 'logistic' as const,
    params: ['lam'],
    effect: 'beta',
    spendScale: spendMax,
    scale: yMax,
  };
  const grid = [0, 0.1, 0.2, 0.3, 0.4, 0.5, 0.75, 1, 1.5];
  const satCurves = saturationCurves(idata, { ...saturation, grid, prob: PROB });
  const adstock = adstockCurves(idata, { kind: 'geometric', params: ['alpha'], lMax: L_MAX, prob: PROB });
  // Budget: the observed average weekly total spend, reallocated; each channel's weekly response
  // is its steady-state contribution (normalised adstock of a constant spend s is s).
  const weekly = CHANNELS.map((_, c) => spend.reduce((a, r) => a + r[c], 0) / T);
  const budget = opts.budget ?? weekly[0] + weekly[1];
  const curves = channelCurves(idata, saturation);
  const optimal = optimizeBudget(curves, { total: budget, seed: 1 });
  const risk = optimizeBudget(curves, {
    total: budget,
    objective: { quantile: opts.quantile ?? 0.05 },
    seed: 1,
  });
  const current = optimizeBudget(curves, { total: budget, lower: weekly, upper: weekly, seed: 1 });
  return {
    params,
    contributions,
    roas: roasTable,
    decomposition: parts,
    saturation: satCurves,
    grid,
    adstock,
    budget: { total: budget, current, optimal, risk, quantile: opts.quantile ?? 0.05 },
  };
}

function print(r: ReturnType<typeof report>, section?: string) {
  const show = (s: string) => section === undefined || section === s;
  const out: string[] = [];
  if (show('parameters'))
    out.push(
      'Parameters (model scale), mean [3 %, 97 %] vs truth',
      table(
        ['param', 'mean', '3 %', '97 %', 'truth', 'in 94 %'],
        r.params.map((p) => [
          p.name,
          fmt(p.mean),
          fmt(p.lower),
          fmt(p.upper),
          fmt(p.truth),
          p.covered ? 'yes' : 'NO',
        ]),
      ),
      '',
    );
  if (show('contributions'))
    out.push(
      'Channel contribution, original scale, summed over weeks: mean [3 %, 97 %]',
      table(
        ['channel', 'contribution', 'share of media'],
        r.contributions.map((c) => [c.channel, est(c.total), est(c.share)]),
      ),
      '',
    );
  if (show('roas'))
    out.push(
      'ROAS (spend → 0) and marginal ROAS (spend × 1.01), carry-over padded 7 weeks',
      table(
        ['channel', 'spend', 'incremental sales', 'ROAS', 'marginal ROAS'],
        r.roas.map((c) => [c.channel, fmt(c.spend), est(c.incremental), est(c.roas), est(c.marginalRoas)]),
      ),
      '',
    );
  if (show('decomposition'))
    out.push(
      'Decomposition of fitted sales, original scale, summed over weeks',
      table(
        ['component', 'total', 'share'],
        r.decomposition.map((c) => [c.component, est(c.total), est(c.share)]),
      ),
      '',
    );
  if (show('curves')) {
    out.push(
      'Saturation: weekly contribution at a steady weekly spend (original units)',
      table(
        ['spend', ...CHANNELS],
        r.grid.map((x, k) => [fmt(x), ...r.saturation.map((c) => est(c[k].y))]),
      ),
      '',
      'Adstock weights by lag (normalised geometric, l_max 8)',
      table(
        ['lag', ...CHANNELS],
        r.adstock[0].map((_, l) => [String(l), ...r.adstock.map((c) => est(c[l]))]),
      ),
      '',
    );
  }
  if (show('budget')) {
    const b = r.budget;
    out.push(
      `Budget: ${fmt(b.total)} per week; weekly sales from media, mean [3 %, 97 %]`,
      table(
        ['allocation', 'x1', 'x2', 'weekly media sales', 'marginal x1', 'marginal x2'],
        [
          ['current split', b.current],
          ['max expected', b.optimal],
          [`max ${Math.round(b.quantile * 100)} % quantile`, b.risk],
        ].map(([label, res]) => {
          const x = res as typeof b.optimal;
          return [
            label as string,
            fmt(x.allocation[0]),
            fmt(x.allocation[1]),
            est(x.response),
            fmt(x.marginal[0]),
            fmt(x.marginal[1]),
          ];
        }),
      ),
      '',
    );
  }
  console.log(out.join('\n'));
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  // A missing fit, a bad flag or a model error is one line on stderr, not a stack trace.
  try {
    const fit = arg('fit');
    if (!fit) {
      console.error(
        'usage: report.ts --fit DIR [--json] [--section parameters|contributions|roas|decomposition|curves|budget] [--budget B] [--quantile Q]',
      );
      process.exit(2);
    }
    const budget = arg('budget');
    const quantile = arg('quantile');
    const r = report(load(fit, arg('model'), arg('data')), {
      budget: budget === undefined ? undefined : Number(budget),
      quantile: quantile === undefined ? undefined : Number(quantile),
    });
    if (process.argv.includes('--json')) console.log(JSON.stringify(r, null, 1));
    else print(r, arg('section'));
  } catch (err) {
    console.error(`error: ${err instanceof Error ? err.message : String(err)}`);
    process.exit(1);
  }
}
