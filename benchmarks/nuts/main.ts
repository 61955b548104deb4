// NUTS efficiency: min bulk ESS over all parameters, wall seconds (warm-up included, chains run
// one after another on one thread), ESS/s, divergences, time to first draw — and, in the same run,
// Stan's numbers for the same model and data when R + rstan are installed.
//   pnpm bench:nuts            a table        pnpm -s bench:nuts --json   one JSON object
//   --no-stan                  skip Stan      --models=a,b                 a subset
//   --reuse-stan               Stan numbers from benchmarks/stan/results of an earlier run
// The table also shows the chains' CPU seconds and the ratio on them (Stan reports CPU seconds).
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { Graph } from '@dopl/core';
import { essBulk, sample, variableDraws } from '@dopl/inference';
import {
  eightSchoolsCentered,
  eightSchoolsNoncentered,
  hierarchicalLinear,
  logisticRegression,
  marketingMix,
  scmLinear,
} from '../models.js';

const models: Record<string, { graph: () => Graph; data: string }> = {
  eight_schools_noncentered: { graph: eightSchoolsNoncentered, data: 'eight_schools' },
  eight_schools_centered: { graph: eightSchoolsCentered, data: 'eight_schools' },
  logistic_regression: { graph: () => logisticRegression(), data: 'logistic_regression' },
  hierarchical_linear: { graph: hierarchicalLinear, data: 'hierarchical_linear' },
  mmm: { graph: marketingMix, data: 'mmm' },
  scm_linear: { graph: scmLinear, data: 'scm_linear' },
};

// Stan's defaults, which sample() uses here.
const DRAWS = 1000;

function cpuSeconds(): number {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1e6;
}

interface Row {
  model: string;
  min_ess_bulk: number;
  total_s: number;
  ess_per_s: number;
  divergences: number;
  first_draw_s: number;
  stan_ess_per_s?: number;
  stan_compile_s?: number;
  ratio_vs_stan?: number;
}

const json = process.argv.includes('--json');
const reuse = process.argv.includes('--reuse-stan');
const only = process.argv
  .find((a) => a.startsWith('--models='))
  ?.slice('--models='.length)
  .split(',');
const here = fileURLToPath(new URL('.', import.meta.url));
const stanDir = fileURLToPath(new URL('../stan/', import.meta.url));
const haveStan =
  !process.argv.includes('--no-stan') &&
  spawnSync('Rscript', ['-e', 'suppressPackageStartupMessages(library(rstan))'], { stdio: 'ignore' })
    .status === 0;
if (!haveStan && !json)
  console.error('R with rstan, posterior and jsonlite not found (or --no-stan): Stan columns left empty.');

const results: Row[] = [];
for (const [name, m] of Object.entries(models)) {
  if (only && !only.includes(name)) continue;
  // CPU seconds of each chain as well (process CPU, JIT and GC threads included), read at its first
  // warm-up and its last draw: Stan's elapsed times are CPU seconds (clock()), so this is the
  // like-for-like figure when other processes share the machine and stretch the wall clock.
  const cpuStart: number[] = [];
  const cpuEnd: number[] = [];
  const fit = await sample(m.graph(), {
    seed: 20240601,
    workers: 1,
    onProgress: (chain, info) => {
      if (info.phase === 'warmup' && info.iteration === 0) cpuStart[chain] = cpuSeconds();
      else if (info.phase === 'sampling' && info.iteration === DRAWS - 1) cpuEnd[chain] = cpuSeconds();
    },
  });
  const cpuTotal = cpuEnd.reduce((a, e, c) => a + e - cpuStart[c], 0);
  // Warm-up + sampling seconds summed over chains, as Stan reports them (get_elapsed_time).
  const total = fit.chains.reduce((a, c) => a + c.warmupSeconds + c.samplingSeconds, 0);
  let minEss = Number.POSITIVE_INFINITY;
  for (const [v, arr] of Object.entries(fit.idata.posterior!)) {
    const size = arr.shape.slice(2).reduce((a, b) => a * b, 1);
    for (let k = 0; k < size; k++)
      minEss = Math.min(minEss, essBulk(variableDraws(fit.idata, 'posterior', v, k)));
  }
  const extra: { cpu_s: number; ratio_cpu?: number } = { cpu_s: cpuTotal };
  const row: Row = {
    model: name,
    min_ess_bulk: minEss,
    total_s: total,
    ess_per_s: minEss / total,
    divergences: fit.idata.sample_stats!.diverging.data.reduce((a, b) => a + b, 0),
    first_draw_s: fit.timing.compileSeconds + fit.chains[0].warmupSeconds,
  };
  if (haveStan) {
    const out = `${stanDir}results/${name}.json`;
    // --reuse-stan reads Stan's results of an earlier run instead of refitting (compiling is slow).
    if (!(reuse && existsSync(out))) {
      try {
        execFileSync(
          'Rscript',
          [`${stanDir}run_model.R`, name, `${stanDir}${name}.stan`, `${here}../data/${m.data}.json`],
          {
            stdio: 'ignore',
          },
        );
      } catch (e) {
        console.error(`Stan run for ${name} failed: ${(e as Error).message.split('\n')[0]}`);
      }
    }
    if (existsSync(out)) {
      const s = JSON.parse(readFileSync(out, 'utf8'));
      row.stan_ess_per_s = s.ess_bulk_per_s;
      row.stan_compile_s = s.compile_s;
      row.ratio_vs_stan = row.ess_per_s / s.ess_bulk_per_s;
      extra.ratio_cpu = minEss / cpuTotal / s.ess_bulk_per_s;
    }
  }
  results.push(row);
  if (!json) {
    const f = (x: number | undefined, d = 1) => (x === undefined ? '—' : x.toFixed(d));
    console.log(
      `${name.padEnd(26)} minESS ${f(row.min_ess_bulk, 0).padStart(6)}  ${f(row.total_s, 2).padStart(7)} s  ESS/s ${f(row.ess_per_s).padStart(8)}  div ${String(row.divergences).padStart(4)}  first draw ${f(row.first_draw_s, 2)} s  Stan ESS/s ${f(row.stan_ess_per_s)}  compile ${f(row.stan_compile_s)} s  ratio ${f(row.ratio_vs_stan, 2)}  (CPU ${f(extra.cpu_s, 2)} s, ratio ${f(extra.ratio_cpu, 2)})`,
    );
  }
}
if (json) process.stdout.write(`${JSON.stringify({ results })}\n`);
