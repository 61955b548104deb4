import { statSync } from 'node:fs';
import { join } from 'node:path';
import {
  compile,
  Graph,
  type Node,
  type RandomNode,
  sameShape,
  sampleForward,
  type Tensor,
  toNested,
} from '@dopl/core';
import { type Fit, fromJSON, type InferenceData, quantile, samplePosteriorPredictive } from '@dopl/inference';
import type { CommandSpec, ParsedArgs } from '../args.js';
import { readText } from '../data.js';
import { CliError, fsReason } from '../errors.js';
import { stringifyJson } from '../json-summary.js';
import { loadModel } from '../model.js';
import { DATA_FLAG, type Io, JSON_FLAG, plural, randomSeed, SEED_FLAG } from './common.js';
import { IDATA_FILE } from './sample.js';

export const ppcSpec: CommandSpec = {
  name: 'ppc',
  summary: 'Posterior predictive check of a saved fit.',
  description:
    "Posterior predictive check of a fit saved with 'dopl sample --out DIR': for every posterior\n" +
    'draw, the observed nodes are drawn anew. For each observed node, compares the observed data\n' +
    'with the replicated data sets by their mean, sd, min and max, with Bayesian p-values\n' +
    'P(T(y_rep) >= T(y)); p-values near 0 or 1 show what the model fails to reproduce.\n' +
    "The data is the fit's own (its observed and constant data) unless --data is given.",
  positionals: [{ name: 'MODEL', description: 'The model file (.dopl) the fit was made with.' }],
  flags: [
    {
      name: 'fit',
      type: 'string',
      metavar: 'DIR',
      description: `The fit: a directory written by 'dopl sample --out' (its ${IDATA_FILE}), or an InferenceData JSON file.`,
    },
    DATA_FLAG,
    SEED_FLAG,
    JSON_FLAG,
  ],
  required: ['fit'],
  examples: ['dopl sample m.dopl --data d.json --out fit/ && dopl ppc m.dopl --fit fit/'],
};

export const STATISTICS = ['mean', 'sd', 'min', 'max'] as const;
export type Statistic = (typeof STATISTICS)[number];

export interface StatisticCheck {
  /** T(y). */
  observed: number;
  /** Mean, sd and 5% / 95% quantiles of T(y_rep) over the replicated data sets. */
  replicated_mean: number;
  replicated_sd: number;
  replicated_q5: number;
  replicated_q95: number;
  /** P(T(y_rep) >= T(y)). */
  p_value: number;
}

export interface NodeCheck {
  /** Number of scalar values of the node. */
  size: number;
  statistics: Record<Statistic, StatisticCheck>;
}

export interface PpcResult {
  observed: Record<string, NodeCheck>;
  chains: number;
  draws: number;
  seed: number;
}

/** T(x) for the four statistics (sd with denominator n − 1; 0 for a single value). */
export function statistics(x: ArrayLike<number>): Record<Statistic, number> {
  const n = x.length;
  let sum = 0;
  let min = Number.POSITIVE_INFINITY;
  let max = Number.NEGATIVE_INFINITY;
  for (let i = 0; i < n; i++) {
    sum += x[i];
    if (x[i] < min) min = x[i];
    if (x[i] > max) max = x[i];
  }
  const mean = sum / n;
  let ss = 0;
  for (let i = 0; i < n; i++) ss += (x[i] - mean) ** 2;
  return { mean, sd: n > 1 ? Math.sqrt(ss / (n - 1)) : 0, min, max };
}

/** Observed vs replicated statistics of one node; `replicated` holds one data set after another. */
export function checkNode(observed: ArrayLike<number>, replicated: Float64Array, size: number): NodeCheck {
  const sets = size > 0 ? replicated.length / size : 0;
  const t = statistics(observed);
  const reps: Record<Statistic, Float64Array> = {
    mean: new Float64Array(sets),
    sd: new Float64Array(sets),
    min: new Float64Array(sets),
    max: new Float64Array(sets),
  };
  for (let s = 0; s < sets; s++) {
    const r = statistics(replicated.subarray(s * size, (s + 1) * size));
    for (const k of STATISTICS) reps[k][s] = r[k];
  }
  const out = {} as Record<Statistic, StatisticCheck>;
  for (const k of STATISTICS) {
    const v = reps[k];
    let above = 0;
    for (let s = 0; s < sets; s++) if (v[s] >= t[k]) above++;
    const m = statistics(v);
    out[k] = {
      observed: t[k],
      replicated_mean: m.mean,
      replicated_sd: m.sd,
      replicated_q5: quantile(v, 0.05),
      replicated_q95: quantile(v, 0.95),
      p_value: sets > 0 ? above / sets : Number.NaN,
    };
  }
  return { size, statistics: out };
}

/** The InferenceData file of `--fit`: DIR/idata.json for a directory, else the file itself. */
export function idataPath(fit: string): string {
  let isDir: boolean;
  try {
    isDir = statSync(fit).isDirectory();
  } catch (err) {
    throw new CliError(`${fit}: ${fsReason(err)}`);
  }
  return isDir ? join(fit, IDATA_FILE) : fit;
}

/** Reads a fit written by `dopl sample --out`, with a plain message when it is not one. */
export function readFit(path: string): InferenceData {
  const text = readText(path);
  let idata: InferenceData;
  try {
    idata = fromJSON(text);
  } catch (err) {
    throw new CliError(
      `${path}: not an InferenceData JSON file written by 'dopl sample --out' (${(err as Error).message})`,
    );
  }
  if (!idata.posterior || Object.keys(idata.posterior).length === 0) {
    throw new CliError(`${path}: the fit has no posterior draws`);
  }
  return idata;
}

/** The fit's own data: the constant data kept in attrs and the observed data. */
export function fitData(idata: InferenceData): Record<string, unknown> {
  const values: Record<string, unknown> = {};
  const constant = idata.attrs.constant_data;
  if (constant && typeof constant === 'object' && !Array.isArray(constant)) Object.assign(values, constant);
  for (const [name, v] of Object.entries(idata.observed_data ?? {})) values[name] = toNested(v);
  return values;
}

/** The observed value of a node: its constant, or its `observes` expression evaluated on the data. */
function observedValue(graph: Graph, node: RandomNode): Tensor {
  const obs = node.observed!;
  if (obs.kind === 'const') return obs.value;
  let name = `${node.name}__observed`;
  while (graph.has(name)) name += '_';
  const extra: Node = { kind: 'deterministic', name, expr: obs };
  const out = sampleForward(new Graph([...graph.nodes, extra]), {
    draws: 1,
    seed: 0,
    predictive: false,
  })[name];
  return { shape: out.shape.slice(1), data: out.data };
}

export async function runPpc(args: ParsedArgs, io: Io): Promise<void> {
  const path = idataPath(args.string('fit')!);
  const idata = readFit(path);
  const model = loadModel(args.positional('MODEL'), {
    dataPaths: args.strings('data'),
    requireData: true,
    fallback: { values: fitData(idata), name: `the data saved in ${path}` },
  });
  const graph = model.graph;

  // The fit must be of this model: every latent node with its shape.
  const posterior = idata.posterior!;
  let chains = 0;
  let draws = 0;
  for (const n of graph.nodes) {
    if (n.kind !== 'random' || n.observed !== undefined) continue;
    const v = posterior[n.name];
    if (!v) {
      throw new CliError(`${path}: the fit has no draws of '${n.name}' (was it made with ${model.file}?)`);
    }
    const expected = graph.shapeOf(n.name);
    if (!sameShape(v.shape.slice(2), expected)) {
      throw new CliError(
        `${path}: '${n.name}' has shape [${v.shape.slice(2).join(', ')}] in the fit, but [${expected.join(', ')}] in ${model.file} with this data`,
      );
    }
    [chains, draws] = v.shape;
  }
  const observedNodes = graph.nodes.filter(
    (n): n is RandomNode => n.kind === 'random' && n.observed !== undefined,
  );
  if (observedNodes.length === 0)
    throw new CliError(`${model.file}: the model has no observed nodes to check`);

  const seed = args.number('seed') ?? randomSeed();
  const fit: Fit = {
    idata,
    graph,
    model: compile(graph),
    chains: [],
    timing: { compileSeconds: 0, warmupSeconds: 0, samplingSeconds: 0 },
  };
  const predictive = samplePosteriorPredictive(fit, { seed }).posterior_predictive ?? {};

  const result: PpcResult = { observed: {}, chains, draws, seed };
  for (const node of observedNodes) {
    const y = observedValue(graph, node);
    const rep = predictive[node.name];
    if (!rep) throw new CliError(`${model.file}: no replicated draws of '${node.name}'`);
    result.observed[node.name] = checkNode(y.data, rep.data, y.data.length);
  }

  if (args.bool('json')) {
    io.stdout.write(stringifyJson(result));
    return;
  }
  io.stdout.write(formatPpc(result));
}

const fmt = (x: number): string => {
  if (!Number.isFinite(x)) return String(x);
  if (x === 0) return '0';
  const a = Math.abs(x);
  return a >= 1e6 || a < 1e-3 ? x.toExponential(2) : Number(x.toPrecision(4)).toString();
};

/** The check as text: per observed node, a row per statistic. */
export function formatPpc(result: PpcResult): string {
  const sets = result.chains * result.draws;
  const lines: string[] = [
    `Posterior predictive check: ${plural(sets, 'replicated data set')} (${plural(result.chains, 'chain')} × ${plural(result.draws, 'draw')}), seed ${result.seed}`,
  ];
  const flagged: string[] = [];
  for (const [name, check] of Object.entries(result.observed)) {
    const table = [['statistic', 'observed', 'replicated', '90% interval', 'p-value']];
    for (const k of STATISTICS) {
      const s = check.statistics[k];
      table.push([
        k,
        fmt(s.observed),
        `${fmt(s.replicated_mean)} ± ${fmt(s.replicated_sd)}`,
        `[${fmt(s.replicated_q5)}, ${fmt(s.replicated_q95)}]`,
        s.p_value.toFixed(3),
      ]);
      if (s.p_value < 0.025 || s.p_value > 0.975) flagged.push(`${name} ${k} (p = ${s.p_value.toFixed(3)})`);
    }
    const widths = table[0].map((_, j) => Math.max(...table.map((r) => r[j].length)));
    lines.push('', `${name} (${plural(check.size, 'value')})`);
    for (const r of table) {
      lines.push(
        r
          .map((c, j) => (j === 0 ? c.padEnd(widths[j]) : c.padStart(widths[j])))
          .join('  ')
          .trimEnd(),
      );
    }
  }
  lines.push(
    '',
    'p-value = P(T(y_rep) >= T(y)): near 0 or 1, the model does not reproduce that feature of the data.',
  );
  if (flagged.length) lines.push(`Extreme p-values: ${flagged.join(', ')}.`);
  return `${lines.join('\n')}\n`;
}
