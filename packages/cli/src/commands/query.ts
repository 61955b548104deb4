import { DoplError, type Graph, sameShape } from '@dopl/core';
import { type CompiledQuery, compileQuery } from '@dopl/dsl';
import {
  type InferenceData,
  type QueryAnswer,
  type QueryMethod,
  type QueryOptions,
  query,
} from '@dopl/inference';
import type { CommandSpec, ParsedArgs } from '../args.js';
import { CliError, UsageError } from '../errors.js';
import { stringifyJson } from '../json-summary.js';
import { loadModel } from '../model.js';
import { DATA_FLAG, type Io, JSON_FLAG, plural, randomSeed, SEED_FLAG } from './common.js';
import { fitData, idataPath, readFit } from './ppc.js';
import { IDATA_FILE } from './sample.js';

export const QUERY_METHODS = ['auto', 'enumerate', 'importance', 'nuts'] as const;

export const querySpec: CommandSpec = {
  name: 'query',
  summary: 'Ask a causal question: seeing, doing or imagining (observational, do(), counterfactual).',
  description:
    'Answer a question about a model on one of the three rungs of the causal ladder, with its\n' +
    'uncertainty: observational P(target | given), interventional P(target | do(…)) and, with\n' +
    '--counterfactual, P(target had do(…) been | what was seen). The texts are written in the\n' +
    "model's language: the target is any expression of its nodes ('y', 'y == 0', 'sum(sales[60:81])');\n" +
    "clauses are separated by ';' — evidence 'y = 3; s = 1'; interventions 'x = 1' (a value),\n" +
    "'x = x * 1.1' (a shift of x's natural value), 'x ~ Normal(0, 1)' (a distribution), and\n" +
    "'spend[60:81, 1] = 0' (a slice: 0-based, half-open). With --fit the query reuses the posterior\n" +
    "of a fit saved by 'dopl sample --out' (everything downstream of an intervention is re-drawn; a\n" +
    'counterfactual abducts the noise of each posterior draw from the data the model was fitted on).',
  positionals: [{ name: 'MODEL', description: 'The model file (.dopl).' }],
  flags: [
    DATA_FLAG,
    {
      name: 'fit',
      type: 'string',
      metavar: 'DIR',
      description: `A fit of the model: a directory written by 'dopl sample --out' (its ${IDATA_FILE}), or an InferenceData JSON file. Without --data, its own data is used.`,
    },
    {
      name: 'target',
      type: 'string',
      metavar: 'EXPR',
      description: "What to answer about: an expression of the model's nodes that is a number.",
    },
    {
      name: 'given',
      type: 'string',
      metavar: 'CLAUSES',
      description: "Evidence, 'name = value; …' (values are numbers or arrays).",
    },
    {
      name: 'do',
      type: 'string',
      metavar: 'CLAUSES',
      description: "Interventions, 'x = 1; z = z * 1.1; w ~ Normal(0, 1); spend[60:81, 1] = 0'.",
    },
    {
      name: 'counterfactual',
      type: 'boolean',
      description:
        'Imagine --do in the world that was seen (the --given evidence, or the data of --fit): twin network, shared noise.',
    },
    {
      name: 'vs',
      type: 'string',
      metavar: 'CLAUSES',
      description: 'A second intervention: the answer is the per-draw contrast target(--do) − target(--vs).',
    },
    {
      name: 'draws',
      type: 'int',
      min: 1,
      metavar: 'N',
      description: 'Draws for a model without --fit (default 1000); a fit answers with its posterior draws.',
    },
    SEED_FLAG,
    {
      name: 'method',
      type: 'choice',
      choices: [...QUERY_METHODS],
      metavar: 'M',
      description:
        "Inference on the evidence: 'auto' (the default: exact enumeration when the model is finite and discrete, NUTS when every latent is continuous, else importance sampling), 'enumerate', 'importance' or 'nuts'.",
    },
    JSON_FLAG,
  ],
  required: ['target'],
  examples: [
    "dopl query scm.dopl --target y --do 'x = 1'",
    "dopl query scm.dopl --target y --given 'x = 1; y = 4' --do 'x = 2' --counterfactual",
    "dopl query scm.dopl --target y --do 'x = 1' --vs 'x = 0' --json",
    "dopl query mmm.dopl --fit fit/ --target 'y_max * sum(y_scaled[60:88])' --do 'spend[60:81, 1] = 0' --counterfactual",
  ],
};

/** The fit must be of this model: every latent random node, with its shape. */
function checkFit(graph: Graph, idata: InferenceData, path: string, file: string): void {
  const posterior = idata.posterior!;
  for (const n of graph.nodes) {
    if (n.kind !== 'random' || n.observed !== undefined) continue;
    const v = posterior[n.name];
    if (!v) throw new CliError(`${path}: the fit has no draws of '${n.name}' (was it made with ${file}?)`);
    const expected = graph.shapeOf(n.name);
    if (!sameShape(v.shape.slice(2), expected)) {
      throw new CliError(
        `${path}: '${n.name}' has shape [${v.shape.slice(2).join(', ')}] in the fit, but [${expected.join(', ')}] in ${file} with this data`,
      );
    }
  }
}

/** `dopl query --json` keys, in order (`contrast` follows `target` when --vs is given). */
export const QUERY_KEYS = [
  'kind',
  'target',
  'method',
  'mean',
  'sd',
  'q5',
  'q50',
  'q95',
  'hdi_low',
  'hdi_high',
  'mcse_mean',
  'n_draws',
] as const;

/** An answer as the command reports it: the target as written, and the contrast for --vs. */
export interface QueryResult
  extends Pick<
    QueryAnswer,
    | 'kind'
    | 'method'
    | 'mean'
    | 'sd'
    | 'q5'
    | 'q50'
    | 'q95'
    | 'hdiLow'
    | 'hdiHigh'
    | 'hdiProb'
    | 'mcseMean'
    | 'nDraws'
  > {
  readonly target: string;
  readonly contrast?: string;
}

/** The --json object: the contract's keys in order, `contrast` after `target` for --vs. */
function toJson(r: QueryResult): Record<string, unknown> {
  const values: Record<string, unknown> = {
    kind: r.kind,
    target: r.target,
    method: r.method,
    mean: r.mean,
    sd: r.sd,
    q5: r.q5,
    q50: r.q50,
    q95: r.q95,
    hdi_low: r.hdiLow,
    hdi_high: r.hdiHigh,
    mcse_mean: r.mcseMean,
    n_draws: r.nDraws,
  };
  const out: Record<string, unknown> = {};
  for (const k of QUERY_KEYS) {
    const v = values[k];
    // JSON has no NaN: a statistic that is not a number is null, as in `dopl sample --json`.
    out[k] = typeof v === 'number' && !Number.isFinite(v) ? null : v;
    if (k === 'target' && r.contrast !== undefined) out.contrast = r.contrast;
  }
  return out;
}

const fmt = (x: number): string => {
  if (!Number.isFinite(x)) return String(x);
  if (x === 0) return '0';
  const a = Math.abs(x);
  return a >= 1e6 || a < 1e-3 ? x.toExponential(3) : Number(x.toPrecision(5)).toString();
};

/** The answer as a few lines of text. */
export function formatQuery(
  r: QueryResult,
  texts: { given?: string; do?: string; vs?: string },
  seed: number,
): string {
  const clauses = (s: string) =>
    s
      .split(';')
      .map((c) => c.trim())
      .filter(Boolean)
      .join('; ');
  const given = texts.given ? ` | ${clauses(texts.given)}` : '';
  const act = texts.do ? `do(${clauses(texts.do)})` : '';
  let what: string;
  if (r.kind === 'counterfactual') {
    const world = texts.given ? `where ${clauses(texts.given)}` : 'of the data the model was fitted on';
    what = `${r.target} had ${act} been, in the world ${world}`;
    if (texts.vs) what += `, minus the same had do(${clauses(texts.vs)}) been`;
  } else if (texts.vs) {
    what = `${r.target} | ${act}${given ? `, ${clauses(texts.given!)}` : ''} − ${r.target} | do(${clauses(texts.vs)})`;
  } else {
    what = `${r.target}${act ? ` | ${act}` : ''}${act && given ? `, ${clauses(texts.given!)}` : given}`;
  }
  const lines = [
    `${r.kind[0].toUpperCase()}${r.kind.slice(1)} query: ${what}`,
    `  mean    ${fmt(r.mean)}  (MCSE ${fmt(r.mcseMean)})`,
    `  sd      ${fmt(r.sd)}`,
    `  median  ${fmt(r.q50)}   90% interval [${fmt(r.q5)}, ${fmt(r.q95)}]   ${Math.round(r.hdiProb * 100)}% HDI [${fmt(r.hdiLow)}, ${fmt(r.hdiHigh)}]`,
    `${r.method}; ${plural(r.nDraws, 'draw')}, seed ${seed}`,
  ];
  return `${lines.join('\n')}\n`;
}

/** Runs the query; core's errors about a clause's node are reported at that clause. */
function answer(
  compiled: CompiledQuery,
  model: Graph | { graph: Graph; fit: InferenceData },
  options: QueryOptions,
): QueryAnswer {
  try {
    return query(model, options);
  } catch (err) {
    if (err instanceof DoplError) {
      const located = compiled.locate(err);
      if (located) throw located;
    }
    throw err;
  }
}

export async function runQuery(args: ParsedArgs, io: Io): Promise<void> {
  const file = args.positional('MODEL');
  const counterfactual = args.bool('counterfactual');
  const texts = {
    target: args.string('target')!,
    given: args.string('given'),
    do: args.string('do'),
    vs: args.string('vs'),
  };
  if (counterfactual && texts.do === undefined)
    throw new UsageError(
      '--counterfactual needs --do (the action imagined in the world that was seen)',
      'query',
    );
  if (texts.vs !== undefined && texts.do === undefined)
    throw new UsageError('--vs needs --do: the answer is target(--do) − target(--vs)', 'query');

  const fitPath = args.string('fit');
  const fitPathResolved = fitPath === undefined ? undefined : idataPath(fitPath);
  const idata = fitPathResolved === undefined ? undefined : readFit(fitPathResolved);
  const model = loadModel(file, {
    dataPaths: args.strings('data'),
    requireData: true,
    fallback: idata && { values: fitData(idata), name: `the data saved in ${fitPathResolved}` },
  });
  if (idata) checkFit(model.graph, idata, fitPathResolved!, file);

  const compiled = compileQuery(
    { source: model.source, file: model.file, graph: model.graph },
    { ...texts, counterfactual },
  );
  const seed = args.number('seed') ?? randomSeed();
  const method = args.string('method');
  const options: QueryOptions = {
    target: compiled.target,
    given: compiled.given,
    do: compiled.do,
    vs: compiled.vs,
    counterfactual: counterfactual || undefined,
    draws: args.number('draws'),
    seed,
    method: method as QueryMethod | undefined,
  };
  const a = answer(compiled, idata ? { graph: compiled.graph, fit: idata } : compiled.graph, options);
  let bad = 0;
  for (const v of a.draws) if (!Number.isFinite(v)) bad++;
  if (bad > 0) {
    throw new CliError(
      `--target: '${texts.target.trim()}' is not a finite number in ${bad} of ${plural(a.draws.length, 'draw')} (a log of a value ≤ 0, a division by zero, …), so it has no summary`,
    );
  }
  const clauses = (s: string) =>
    s
      .split(';')
      .map((c) => c.trim())
      .filter(Boolean)
      .join('; ');
  const result: QueryResult = {
    ...a,
    target: texts.target.trim(),
    contrast: texts.vs === undefined ? undefined : `do(${clauses(texts.do!)}) vs do(${clauses(texts.vs)})`,
  };
  if (args.bool('json')) {
    io.stdout.write(stringifyJson(toJson(result)));
    return;
  }
  io.stdout.write(formatQuery(result, texts, seed));
}
