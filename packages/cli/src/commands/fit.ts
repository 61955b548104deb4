import { basename, extname, join } from 'node:path';
import { compile, toNested } from '@dopl/core';
import {
  ADVI_DEFAULTS,
  type AdviFit,
  advi,
  type CountingModel,
  countEvaluations,
  formatSummary,
  type InferenceData,
  type JsonValue,
  type OptimizeFit,
  optimize,
  type PathfinderFit,
  pathfinder,
  type SummaryRow,
  summary,
  toJSON,
  toStanCsv,
} from '@dopl/inference';
import type { CommandSpec, ParsedArgs } from '../args.js';
import { UsageError } from '../errors.js';
import { jsonSummary, NO_DIAGNOSTICS, stringifyJson } from '../json-summary.js';
import { loadModel } from '../model.js';
import { checkOutputDir, writeFilesAtomically } from '../output.js';
import { DATA_FLAG, elapsed, type Io, JSON_FLAG, plural, randomSeed, SEED_FLAG } from './common.js';
import { chainFile, constantData, IDATA_FILE, SUMMARY_FILE } from './sample.js';

export const FIT_METHODS = ['advi', 'fullrank', 'pathfinder', 'map'] as const;
export type FitMethod = (typeof FIT_METHODS)[number];

/** Entries of the ELBO trace kept in the JSON (the whole trace is in idata.json's attrs). */
export const ELBO_TRACE_TAIL = 10;

export const fitSpec: CommandSpec = {
  name: 'fit',
  summary: 'Fit a model by variational inference (ADVI, Pathfinder) or find its mode (MAP).',
  description:
    'Fit a model by an approximation instead of NUTS, and summarise draws from it:\n' +
    '  advi        mean-field Gaussian ADVI (Stan defaults: eta adaptation, tol_rel_obj 0.01)\n' +
    '  fullrank    full-rank Gaussian ADVI\n' +
    '  pathfinder  multi-path Pathfinder (4 paths, PSIS resampling; reports Pareto k-hat)\n' +
    '  map         the posterior mode by L-BFGS (with --laplace, draws from the Laplace approximation)\n' +
    'The JSON has the keys of `dopl sample --json` (one chain, no warm-up) plus "method"; its\n' +
    '"diagnostics" are the method\'s own: ELBO and its trace, Pareto k-hat, L-BFGS status,\n' +
    'iterations and gradient evaluations.',
  positionals: [{ name: 'MODEL', description: 'The model file (.dopl).' }],
  flags: [
    DATA_FLAG,
    {
      name: 'method',
      type: 'choice',
      choices: FIT_METHODS,
      metavar: 'METHOD',
      description: `One of ${FIT_METHODS.join(', ')}.`,
    },
    SEED_FLAG,
    {
      name: 'draws',
      type: 'int',
      min: 1,
      metavar: 'N',
      description: `Draws from the approximation (default ${ADVI_DEFAULTS.outputDraws}; for map with --laplace).`,
    },
    {
      name: 'precondition',
      type: 'choice',
      choices: ['none', 'laplace', 'pathfinder'],
      metavar: 'KIND',
      description:
        "advi and fullrank: optimise in the frame of a Laplace or Pathfinder fit (dopl extension; default 'none', Stan's ADVI).",
    },
    {
      name: 'laplace',
      type: 'boolean',
      description: 'map: draw from the Laplace approximation at the mode (Hessian by finite differences).',
    },
    {
      name: 'out',
      type: 'string',
      metavar: 'DIR',
      description: 'Write chain_1.csv (Stan CSV), summary.json and idata.json (InferenceData) to DIR.',
    },
    JSON_FLAG,
  ],
  required: ['method'],
  examples: [
    'dopl fit schools.dopl --data schools.json --method pathfinder --seed 1',
    'dopl fit kidiq.dopl --data kidiq.json --method fullrank --precondition laplace --json',
    'dopl fit kidiq.dopl --data kidiq.json --method map --laplace --out fit/',
  ],
};

type AnyFit = AdviFit | PathfinderFit | OptimizeFit;

function runMethod(
  method: FitMethod,
  model: CountingModel,
  args: ParsedArgs,
  seed: number,
  modelText: string,
): AnyFit {
  const draws = args.number('draws');
  switch (method) {
    case 'advi':
    case 'fullrank':
      return advi(model, {
        seed,
        modelText,
        algorithm: method === 'advi' ? 'meanfield' : 'fullrank',
        outputDraws: draws,
        precondition: (args.string('precondition') ?? 'none') as 'none' | 'laplace' | 'pathfinder',
      });
    case 'pathfinder':
      return pathfinder(model, { seed, modelText, numMultiDraws: draws });
    case 'map':
      return optimize(model, {
        seed,
        modelText,
        laplace: args.bool('laplace') ? { draws: draws ?? 1000 } : false,
      });
  }
}

/** The method's own diagnostics, snake_case like the rest of the JSON. */
function methodDiagnostics(fit: AnyFit, model: CountingModel): Record<string, JsonValue> {
  const counts = {
    gradient_evaluations: model.counts.gradient,
    log_density_evaluations: model.counts.logDensity,
  };
  const warnings = [...fit.warnings];
  if (fit.algorithm === 'pathfinder') {
    return {
      pareto_k: Number.isFinite(fit.paretoK) ? fit.paretoK : null,
      paths: fit.result.paths.map((p) => ({
        elbo: p.elbo,
        best_iteration: p.bestIteration,
        lbfgs_iterations: p.lbfgsIterations,
        lbfgs_status: p.lbfgsStatus,
      })),
      ...counts,
      warnings,
    };
  }
  if (fit.algorithm === 'map') {
    const mode: Record<string, JsonValue> = {};
    for (const [k, t] of Object.entries(fit.mode)) mode[k] = toNested(t) as unknown as JsonValue;
    return {
      lbfgs_status: fit.result.status,
      converged: fit.result.converged,
      iterations: fit.result.iterations,
      log_density: fit.logDensity,
      mode,
      laplace: fit.laplace !== undefined,
      ...counts,
      warnings,
    };
  }
  const r = fit.result;
  const last = r.elboTrace.at(-1);
  return {
    elbo: last === undefined ? null : last.elbo,
    elbo_trace: r.elboTrace.slice(-ELBO_TRACE_TAIL).map((e) => ({
      iteration: e.iteration,
      elbo: e.elbo,
      rel_change_mean: e.meanChange,
      rel_change_median: e.medianChange,
    })),
    converged: r.converged,
    iterations: r.iterations,
    eta: r.eta,
    ...counts,
    warnings,
  };
}

const fixed = (x: unknown, digits: number) => (typeof x === 'number' ? x.toFixed(digits) : 'NaN');

/** One line under the table: what was run and how it went. */
function methodLine(method: FitMethod, d: Record<string, JsonValue>, draws: number, seed: number): string {
  const grads = plural(d.gradient_evaluations as number, 'gradient evaluation');
  switch (method) {
    case 'advi':
    case 'fullrank':
      return (
        `${method === 'advi' ? 'Mean-field' : 'Full-rank'} ADVI, seed ${seed}: ` +
        `${d.converged ? 'converged' : 'did not converge'} after ${plural(d.iterations as number, 'iteration')} ` +
        `(eta ${d.eta}), ELBO ${fixed(d.elbo, 2)}; ${plural(draws, 'draw')}; ${grads}`
      );
    case 'pathfinder':
      return (
        `Pathfinder, seed ${seed}: ${plural((d.paths as JsonValue[]).length, 'path')}, Pareto k-hat ${fixed(d.pareto_k, 2)}; ` +
        `${plural(draws, 'draw')} after PSIS resampling; ${grads}`
      );
    case 'map':
      return (
        `MAP (L-BFGS), seed ${seed}: ${d.lbfgs_status} after ${plural(d.iterations as number, 'iteration')}, ` +
        `log density ${fixed(d.log_density, 4)}; ${d.laplace ? `${plural(draws, 'Laplace draw')}` : 'the mode alone'}; ${grads}`
      );
  }
}

/** The mode alone has no spread: a two-column table instead of the summary's NaN columns. */
function formatMode(rows: readonly SummaryRow[], warnings: readonly string[]): string {
  const width = Math.max(4, ...rows.map((r) => r.name.length));
  const lines = [`${''.padEnd(width)}  mode`, ...rows.map((r) => `${r.name.padEnd(width)}  ${r.mean}`)];
  return `${[...lines, ...(warnings.length ? ['', ...warnings.map((w) => `Warning: ${w}`)] : [])].join('\n')}\n`;
}

export async function runFit(args: ParsedArgs, io: Io): Promise<void> {
  const t0 = performance.now();
  const file = args.positional('MODEL');
  const method = args.string('method') as FitMethod;
  if (args.has('precondition') && method !== 'advi' && method !== 'fullrank') {
    throw new UsageError('--precondition applies to --method advi and fullrank only', 'fit');
  }
  if (args.bool('laplace') && method !== 'map') {
    throw new UsageError('--laplace applies to --method map only', 'fit');
  }
  if (args.has('draws') && method === 'map' && !args.bool('laplace')) {
    throw new UsageError('--draws with --method map needs --laplace (the mode alone is one draw)', 'fit');
  }
  const json = args.bool('json');
  const outDir = args.string('out');
  if (outDir !== undefined) checkOutputDir(outDir);
  const dataPaths = args.strings('data');
  const loaded = loadModel(file, { dataPaths, requireData: true });
  const seed = args.number('seed') ?? randomSeed();

  const t1 = performance.now();
  const model = countEvaluations(compile(loaded.graph));
  const compileSeconds = elapsed(t1);
  const fit = runMethod(method, model, args, seed, loaded.source);
  const diagnostics = methodDiagnostics(fit, model);
  const idata: InferenceData = {
    ...fit.idata,
    attrs: { ...fit.idata.attrs, constant_data: constantData(loaded.graph) },
  };
  const s = summary(idata);
  const result = {
    ...jsonSummary({
      rows: s.rows,
      diagnostics: NO_DIAGNOSTICS,
      timing: {
        compile_s: loaded.compileSeconds + compileSeconds,
        warmup_s: 0,
        sampling_s: fit.timing.fitSeconds,
        total_s: elapsed(t0),
      },
      chains: 1,
      draws: fit.numDraws,
      tune: 0,
      seed,
    }),
    diagnostics,
    method,
  };

  if (outDir !== undefined) {
    const name = chainFile(0);
    writeFilesAtomically(outDir, [
      {
        name,
        content: toStanCsv(idata, 0, {
          modelName: `${basename(file, extname(file))}_model`,
          dataFile: dataPaths.join(','),
          outputFile: join(outDir, name),
        }),
      },
      { name: SUMMARY_FILE, content: stringifyJson(result) },
      { name: IDATA_FILE, content: `${toJSON(idata)}\n` },
    ]);
    io.stderr.write(`Wrote ${name}, ${SUMMARY_FILE} and ${IDATA_FILE} to ${outDir}\n`);
  }

  // Summary warnings about ESS and R-hat concern the draws of the approximation, not the
  // approximation itself; the method's own warnings say whether it can be trusted.
  const warnings = fit.warnings;
  if (json) {
    for (const w of warnings) io.stderr.write(`Warning: ${w}\n`);
    io.stdout.write(stringifyJson(result));
    return;
  }
  io.stdout.write(
    fit.numDraws === 1
      ? formatMode(s.rows, warnings)
      : formatSummary(s.rows, warnings, { hdiProb: s.hdiProb }),
  );
  io.stdout.write(
    `\n${methodLine(method, diagnostics, fit.numDraws, seed)}; ${result.timing.total_s.toFixed(1)} s\n`,
  );
}
