import { DoplError, getDistribution } from '@dopl/core';
import { formatSummary, samplePriorPredictive, summary } from '@dopl/inference';
import type { CommandSpec, ParsedArgs } from '../args.js';
import { jsonSummary, NO_DIAGNOSTICS, stringifyJson } from '../json-summary.js';
import { loadModel } from '../model.js';
import { DATA_FLAG, elapsed, type Io, JSON_FLAG, plural, randomSeed, SEED_FLAG } from './common.js';

export const PRIOR_DRAWS = 500;

export const priorSpec: CommandSpec = {
  name: 'prior',
  summary: 'Draw from the prior and the prior predictive distribution.',
  description:
    'Forward-sample the model: every parameter from its prior, every deterministic node computed,\n' +
    'and every observed node drawn anew (the prior predictive). Prints the summary of both.',
  positionals: [{ name: 'MODEL', description: 'The model file (.dopl).' }],
  flags: [
    DATA_FLAG,
    {
      name: 'draws',
      type: 'int',
      min: 1,
      metavar: 'N',
      description: `Number of draws (default ${PRIOR_DRAWS}).`,
    },
    SEED_FLAG,
    JSON_FLAG,
  ],
  examples: ['dopl prior schools.dopl --data schools.json --draws 1000 --seed 1'],
};

export async function runPrior(args: ParsedArgs, io: Io): Promise<void> {
  const t0 = performance.now();
  const model = loadModel(args.positional('MODEL'), { dataPaths: args.strings('data'), requireData: true });
  const draws = args.number('draws') ?? PRIOR_DRAWS;
  const seed = args.number('seed') ?? randomSeed();
  // An improper prior has no draws: say which node, before drawing any (its line is found from
  // the node's name).
  for (const n of model.graph.nodes) {
    if (n.kind === 'random' && !n.observed && getDistribution(n.dist.name).improper) {
      throw new DoplError(
        `'${n.name}' has the improper prior ${n.dist.name}(), which has no draws: give it a proper prior to sample the prior`,
        { node: n.name },
      );
    }
  }
  const t1 = performance.now();
  const idata = samplePriorPredictive(model.graph, { draws, seed });
  const samplingSeconds = elapsed(t1);
  const prior = idata.prior && Object.keys(idata.prior).length ? summary(idata, { group: 'prior' }).rows : [];
  const predictive =
    idata.prior_predictive && Object.keys(idata.prior_predictive).length
      ? summary(idata, { group: 'prior_predictive' }).rows
      : [];
  const result = jsonSummary({
    rows: [...prior, ...predictive],
    diagnostics: NO_DIAGNOSTICS,
    timing: {
      compile_s: model.compileSeconds,
      warmup_s: 0,
      sampling_s: samplingSeconds,
      total_s: elapsed(t0),
    },
    chains: 1,
    draws,
    tune: 0,
    seed,
  });
  if (args.bool('json')) {
    io.stdout.write(stringifyJson(result));
    return;
  }
  const parts: string[] = [];
  if (prior.length) parts.push(`Prior:\n${formatSummary(prior)}`);
  if (predictive.length) parts.push(`Prior predictive:\n${formatSummary(predictive)}`);
  if (!parts.length) parts.push('The model has nothing to draw.\n');
  io.stdout.write(parts.join('\n'));
  io.stdout.write(`\n${plural(draws, 'draw')}, seed ${seed}; ${result.timing.total_s.toFixed(1)} s\n`);
}
