import { basename, extname, join } from 'node:path';
import { type Graph, toNested } from '@dopl/core';
import {
  type Fit,
  formatSummary,
  type InferenceData,
  type JsonValue,
  SAMPLE_DEFAULTS,
  sample,
  summary,
  toJSON,
  toStanCsv,
} from '@dopl/inference';
import type { CommandSpec, ParsedArgs } from '../args.js';
import { jsonSummary, samplerDiagnostics, stringifyJson } from '../json-summary.js';
import { loadModel } from '../model.js';
import { checkOutputDir, type OutputFile, writeFilesAtomically } from '../output.js';
import { ProgressBars } from '../progress.js';
import { DATA_FLAG, elapsed, type Io, JSON_FLAG, plural, randomSeed, SEED_FLAG } from './common.js';

export const sampleSpec: CommandSpec = {
  name: 'sample',
  summary: 'Fit a model with NUTS and summarise the posterior.',
  description:
    'Fit a model with the No-U-Turn sampler: CHAINS chains in parallel, each with TUNE warm-up\n' +
    'iterations and DRAWS draws. Prints the posterior summary (mean, sd, quantiles, HDI, MCSE,\n' +
    'ESS, R-hat) and warnings about the fit; progress bars go to stderr when it is a terminal.',
  positionals: [{ name: 'MODEL', description: 'The model file (.dopl).' }],
  flags: [
    DATA_FLAG,
    {
      name: 'chains',
      type: 'int',
      min: 1,
      metavar: 'N',
      description: `Number of chains (default ${SAMPLE_DEFAULTS.chains}).`,
    },
    {
      name: 'draws',
      type: 'int',
      min: 1,
      metavar: 'N',
      description: `Draws per chain after warm-up (default ${SAMPLE_DEFAULTS.draws}).`,
    },
    {
      name: 'tune',
      type: 'int',
      min: 0,
      metavar: 'N',
      description: `Warm-up iterations per chain (default ${SAMPLE_DEFAULTS.tune}).`,
    },
    SEED_FLAG,
    {
      name: 'out',
      type: 'string',
      metavar: 'DIR',
      description:
        'Write chain_1.csv … (Stan CSV, one per chain), summary.json and idata.json (InferenceData) to DIR.',
    },
    JSON_FLAG,
    {
      name: 'metric',
      type: 'choice',
      choices: ['diag', 'dense'],
      metavar: 'KIND',
      description:
        `Mass matrix adapted in warm-up: 'diag' (variances, the default) or 'dense' (the full covariance, ` +
        'for strongly correlated posteriors; each leapfrog step costs O(dim²) more).',
    },
    {
      name: 'target-accept',
      type: 'number',
      min: 0,
      max: 1,
      exclusive: true,
      metavar: 'P',
      description:
        `Target acceptance rate δ of step-size adaptation, strictly between 0 and 1 (default ${SAMPLE_DEFAULTS.targetAccept}); ` +
        'raise it (0.95, 0.99) to get smaller steps and fewer divergences.',
    },
    {
      name: 'max-treedepth',
      type: 'int',
      min: 1,
      max: 30,
      metavar: 'N',
      description: `Maximum NUTS tree depth, 1 to 30: at most 2^N − 1 leapfrog steps per draw (default ${SAMPLE_DEFAULTS.maxTreeDepth}).`,
    },
    {
      name: 'init',
      type: 'choice',
      choices: ['random', 'pathfinder'],
      metavar: 'KIND',
      description:
        "Initial values: 'random' (uniform(-2, 2) on the unconstrained scale, the default) or 'pathfinder' (each chain at its own draw of multi-path Pathfinder).",
    },
    {
      name: 'workers',
      type: 'int',
      min: 1,
      metavar: 'N',
      description:
        'Worker threads (default: one per chain, up to the number of cores). Results do not depend on it.',
    },
  ],
  examples: [
    'dopl sample schools.dopl --data schools.json',
    'dopl sample schools.dopl --data schools.json --chains 4 --draws 2000 --seed 1 --out fit/',
    'dopl sample schools.dopl --data schools.json --json > summary.json',
    'dopl sample diamonds.dopl --data diamonds.json --metric dense --target-accept 0.95',
  ],
};

/** The file names `--out` writes (besides chain_K.csv). */
export const SUMMARY_FILE = 'summary.json';
export const IDATA_FILE = 'idata.json';
export const chainFile = (chain: number): string => `chain_${chain + 1}.csv`;

/**
 * The data nodes' values (not the observed ones, which are in observed_data), kept in the
 * InferenceData's attrs as `constant_data` so that `dopl ppc` can rebuild the model from the fit.
 */
export function constantData(graph: Graph): Record<string, JsonValue> {
  const out: Record<string, JsonValue> = {};
  for (const n of graph.nodes) {
    if (n.kind === 'data' && n.value) out[n.name] = toNested(n.value) as unknown as JsonValue;
  }
  return out;
}

export async function runSample(args: ParsedArgs, io: Io): Promise<void> {
  const t0 = performance.now();
  const file = args.positional('MODEL');
  const chains = args.number('chains') ?? SAMPLE_DEFAULTS.chains;
  const draws = args.number('draws') ?? SAMPLE_DEFAULTS.draws;
  const tune = args.number('tune') ?? SAMPLE_DEFAULTS.tune;
  const maxTreeDepth = args.number('max-treedepth') ?? SAMPLE_DEFAULTS.maxTreeDepth;
  const json = args.bool('json');
  const outDir = args.string('out');
  if (outDir !== undefined) checkOutputDir(outDir);
  const dataPaths = args.strings('data');

  const model = loadModel(file, { dataPaths, requireData: true });
  const seed = args.number('seed') ?? randomSeed();
  const bars = !json && io.stderr.isTTY ? new ProgressBars(io.stderr, chains, tune, draws, 100) : undefined;
  let fit: Fit | undefined;
  try {
    fit = await sample(model.graph, {
      chains,
      draws,
      tune,
      seed,
      workers: args.number('workers'),
      metric: args.string('metric') === 'dense' ? 'dense' : undefined,
      targetAccept: args.number('target-accept'),
      maxTreeDepth,
      init: args.string('init') === 'pathfinder' ? 'pathfinder' : undefined,
      modelText: model.source,
      onProgress: bars && ((chain, info) => bars.update(chain, info)),
    });
  } finally {
    bars?.finish(
      fit?.chains.map((c) => ({
        iteration: draws - 1,
        phase: 'sampling' as const,
        divergences: c.stats.diverging.reduce((a, b) => a + (b ? 1 : 0), 0),
        stepSize: c.stepSize,
      })),
    );
  }
  const idata: InferenceData = {
    ...fit.idata,
    attrs: { ...fit.idata.attrs, constant_data: constantData(model.graph) },
  };
  const s = summary(idata);
  const diagnostics = samplerDiagnostics(idata, maxTreeDepth);
  const result = jsonSummary({
    rows: s.rows,
    diagnostics,
    timing: {
      compile_s: model.compileSeconds + fit.timing.compileSeconds,
      warmup_s: fit.timing.warmupSeconds,
      sampling_s: fit.timing.samplingSeconds,
      total_s: elapsed(t0),
    },
    chains,
    draws,
    tune,
    seed,
  });

  if (outDir !== undefined) {
    const modelName = `${basename(file, extname(file))}_model`;
    const files: OutputFile[] = fit.chains.map((c, k) => ({
      name: chainFile(k),
      content: toStanCsv(idata, k, {
        modelName,
        dataFile: dataPaths.join(','),
        outputFile: join(outDir, chainFile(k)),
        elapsed: { warmup: c.warmupSeconds, sampling: c.samplingSeconds },
      }),
    }));
    files.push({ name: SUMMARY_FILE, content: stringifyJson(result) });
    files.push({ name: IDATA_FILE, content: `${toJSON(idata)}\n` });
    writeFilesAtomically(outDir, files);
    io.stderr.write(
      `Wrote ${plural(chains, 'Stan CSV file')} (${chainFile(0)}${chains > 1 ? ` … ${chainFile(chains - 1)}` : ''}), ${SUMMARY_FILE} and ${IDATA_FILE} to ${outDir}\n`,
    );
  }

  if (json) {
    for (const w of s.warnings) io.stderr.write(`Warning: ${w}\n`);
    io.stdout.write(stringifyJson(result));
    return;
  }
  io.stdout.write(formatSummary(s.rows, s.warnings, { hdiProb: s.hdiProb }));
  const bfmi = diagnostics.bfmi.map((b) => (b === null ? 'NaN' : b.toFixed(2))).join(' ');
  io.stdout.write(
    `\n${plural(chains, 'chain')} × ${plural(draws, 'draw')} after ${tune} warm-up iterations, seed ${seed}: ` +
      `${plural(diagnostics.divergences, 'divergence')}, ${diagnostics.max_treedepth_hits} at max tree depth, ` +
      `E-BFMI ${bfmi}; ${result.timing.total_s.toFixed(1)} s\n`,
  );
}
