// The flagship: the whole Bayesian and causal workflow on one model file, `advertising.dopl`.
//   simulate data from the model with known parameters (do + forward sampling)
//   → prior predictive check → NUTS fit and its diagnostics → posterior predictive check
//   → the naive answer beside the causal one → "what if we had spent 10% more?" (intervention)
//   → "what would week w have sold without advertising?" (counterfactual).
// `pnpm example` runs it; main.test.ts checks every number it prints against an exact answer.
import { readFileSync } from 'node:fs';
import { doIntervention, sampleForward, unobserve } from '@dopl/core';
import { compileModel } from '@dopl/dsl';
import {
  formatSummary,
  query,
  sample,
  samplePosteriorPredictive,
  samplePriorPredictive,
  summary,
  variableDraws,
} from '@dopl/inference';

const FILE = 'advertising.dopl';
const source = readFileSync(new URL(FILE, import.meta.url), 'utf8');

/** The world that generates the data: each k€ of advertising brings 1.5 k€ of sales. */
export const TRUTH = {
  a_spend: 2,
  b_spend: 1,
  s_spend: 0.5,
  a: 10,
  effect: 1.5,
  b_temp: 3,
  sigma: 1,
} as const;

export interface Data {
  readonly N: number;
  readonly temp: number[];
  readonly spend: number[];
  readonly sales: number[];
}

/**
 * Two years of weeks from the model itself: its parameters set to TRUTH by do(), its observed
 * nodes released, one forward draw. Temperature follows the seasons.
 */
export function simulate(seed = 2024): Data {
  const N = 104;
  const temp = Array.from({ length: N }, (_, t) => round(Math.sin((2 * Math.PI * t) / 52)));
  const zeros = new Array<number>(N).fill(0);
  const template = compileModel(source, { file: FILE, data: { N, temp, spend: zeros, sales: zeros } });
  const world = doIntervention(unobserve(template, ['spend', 'sales']), TRUTH);
  const draw = sampleForward(world, { draws: 1, seed });
  return { N, temp, spend: Array.from(draw.spend.data, round), sales: Array.from(draw.sales.data, round) };
}

// + 0 turns -0 into 0, so the data read back from JSON equal these.
const round = (x: number) => Math.round(x * 100) / 100 + 0;
const sum = (x: ArrayLike<number>) => {
  let s = 0;
  for (let i = 0; i < x.length; i++) s += x[i];
  return s;
};
const mean = (x: ArrayLike<number>) => sum(x) / x.length;
const sd = (x: ArrayLike<number>) => {
  const m = mean(x);
  return Math.sqrt(sum(Array.from(x, (v) => (v - m) ** 2)) / (x.length - 1));
};

/** Least-squares slope of y on x alone: what a chart of sales against spend suggests. */
export function naiveSlope(x: readonly number[], y: readonly number[]): number {
  const mx = mean(x);
  const my = mean(y);
  let sxy = 0;
  let sxx = 0;
  for (let i = 0; i < x.length; i++) {
    sxy += (x[i] - mx) * (y[i] - my);
    sxx += (x[i] - mx) ** 2;
  }
  return sxy / sxx;
}

/** Per replicated data set T(rep), the share ≥ T(observed): a Bayesian p-value per statistic. */
function pValues(reps: Float64Array, n: number, observed: readonly number[]) {
  const stats = {
    mean,
    sd,
    min: (x: ArrayLike<number>) => Math.min(...Array.from(x)),
    max: (x: ArrayLike<number>) => Math.max(...Array.from(x)),
  };
  const out: Record<string, { observed: number; p: number }> = {};
  for (const [name, t] of Object.entries(stats)) {
    const tObs = t(observed);
    let above = 0;
    const draws = reps.length / n;
    for (let d = 0; d < draws; d++) if (t(reps.subarray(d * n, (d + 1) * n)) >= tObs) above++;
    out[name] = { observed: tObs, p: above / draws };
  }
  return out;
}

export async function main(log: (line: string) => void = console.log, options: { workers?: number } = {}) {
  // 1. Data, simulated from the model with known parameters, so every answer can be checked.
  const data = simulate();
  const model = compileModel(source, { file: FILE, data: { ...data } });
  log(`The model (${FILE}), fitted to ${data.N} weeks simulated with effect = ${TRUTH.effect}:\n`);
  log(source);

  // 2. Prior predictive check: do the priors allow data like ours, and not absurd data?
  const prior = samplePriorPredictive(model, { draws: 1000, seed: 1 });
  const priorSales = prior.prior_predictive!.sales.data;
  const priorMeans = Array.from({ length: 1000 }, (_, d) =>
    mean(priorSales.subarray(d * data.N, (d + 1) * data.N)),
  );
  priorMeans.sort((x, y) => x - y);
  const prior5 = priorMeans[49];
  const prior95 = priorMeans[949];
  log(
    `Prior predictive: mean weekly sales between ${prior5.toFixed(1)} and ${prior95.toFixed(1)} k€ (90%); observed ${mean(data.sales).toFixed(1)} k€.\n`,
  );

  // 3. Fit with NUTS: 4 chains × (1000 warm-up + 1000 draws) on worker threads.
  const fit = await sample(model, { seed: 1, workers: options.workers });
  const s = summary(fit.idata);
  log(formatSummary(s.rows, s.warnings, { hdiProb: s.hdiProb }));
  const effectDraws = variableDraws(fit.idata, 'posterior', 'effect', 0).flatMap((c) => Array.from(c));
  const effect = {
    mean: mean(effectDraws),
    q5: quantile(effectDraws, 0.05),
    q95: quantile(effectDraws, 0.95),
  };

  // 4. Posterior predictive check: replicated sales against the observed, statistic by statistic.
  const ppc = pValues(
    samplePosteriorPredictive(fit, { seed: 1 }).posterior_predictive!.sales.data,
    data.N,
    data.sales,
  );
  log('Posterior predictive check (p = share of replications ≥ observed; near 0 or 1 is a misfit):');
  for (const [name, r] of Object.entries(ppc))
    log(`  ${name.padEnd(5)} observed ${r.observed.toFixed(2).padStart(6)}   p = ${r.p.toFixed(2)}`);

  // 5. Seeing is not doing: the chart of sales against spend mixes in the weather.
  const naive = naiveSlope(data.spend, data.sales);
  log(`\nSales against spend (least squares): ${naive.toFixed(2)} k€ of sales per k€ of advertising.`);
  log(
    `The causal effect (the model adjusts for temperature): ${effect.mean.toFixed(2)} (90% ${effect.q5.toFixed(2)} to ${effect.q95.toFixed(2)}); truth ${TRUTH.effect}.`,
  );

  // 6. Doing: every week's spend 10% higher, against the spend as it was. Both worlds share the
  // posterior draws and the random stream, so the contrast is the effect of the action alone.
  const fitted = { graph: fit.graph, fit: fit.idata };
  const more = query(fitted, {
    target: (v) => sum(v.sales),
    targetLabel: 'total sales',
    do: { spend: (natural) => natural.mul(1.1) },
    vs: { spend: (natural) => natural },
    seed: 1,
  });
  const extra = 0.1 * sum(data.spend);
  log(
    `\nHad we spent 10% more every week (${extra.toFixed(0)} k€ in all): ${signed(more.mean)} k€ of sales (90% ${signed(more.q5)} to ${signed(more.q95)}), ${(more.mean / extra).toFixed(2)} per k€.`,
  );

  // 7. Imagining: the week with the largest spend, had we not advertised in it. The same week,
  // the same weather, the same luck (its noise abducted from what was seen), only no spend.
  const week = data.spend.indexOf(Math.max(...data.spend));
  const without = query(fitted, {
    target: (v) => v.sales[week],
    targetLabel: `sales[${week}]`,
    do: { spend: { slice: [week], value: 0 } },
    counterfactual: true,
    seed: 1,
  });
  log(
    `Week ${week}: we spent ${data.spend[week].toFixed(2)} k€ and sold ${data.sales[week].toFixed(2)} k€; without advertising it would have sold ${without.mean.toFixed(2)} k€ (90% ${without.q5.toFixed(2)} to ${without.q95.toFixed(2)}).`,
  );
  log(`\nEach answer reports how it was computed: ${more.method}; ${without.method}.`);
  return { data, prior: { q5: prior5, q95: prior95 }, summary: s, effect, ppc, naive, more, week, without };
}

function quantile(xs: readonly number[], q: number): number {
  const s = [...xs].sort((a, b) => a - b);
  const h = (s.length - 1) * q;
  const lo = Math.floor(h);
  return s[lo] + (h - lo) * ((s[lo + 1] ?? s[lo]) - s[lo]);
}

const signed = (x: number) => (x >= 0 ? `+${x.toFixed(1)}` : x.toFixed(1));

if (import.meta.url === `file://${process.argv[1]}`) await main();
