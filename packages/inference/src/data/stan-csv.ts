import { type InferenceData, shapeSize, unravelIndex, type Variable } from './inference-data.js';
import { formatCpp, formatRoundTrip } from './number-format.js';

/**
 * Stan CSV export: one file per chain laid out as CmdStan 2.33 writes the output of `sample` —
 * the argument tree as `#` comments, the column header, the adaptation result, the draws and the
 * timing footer — so that R's `rstan::read_stan_csv`, cmdstanr, CmdStanPy and ArviZ's
 * `from_cmdstan` read it. Draws are written in shortest round-trip form (lossless, hence
 * `sig_figs = 17` rather than CmdStan's default 6); the comment lines use CmdStan's own
 * iostream formatting (6 significant digits, 17 for the adaptation settings).
 */

/** Stan's sampler columns and the sample_stats variables (ArviZ names) they come from. */
export const STAN_SAMPLER_COLUMNS: readonly (readonly [string, string])[] = [
  ['lp__', 'lp'],
  ['accept_stat__', 'accept_stat'],
  ['stepsize__', 'step_size'],
  ['treedepth__', 'tree_depth'],
  ['n_leapfrog__', 'n_leapfrog'],
  ['divergent__', 'diverging'],
  ['energy__', 'energy'],
];

export interface StanCsvOptions {
  /** CmdStan's `model` (the model's name with `_model` appended), default 'dopl_model'. */
  modelName?: string;
  /** Random seed; default attrs.seed, else 0. */
  seed?: number;
  /** Default attrs.sampler.numWarmup, else 1000. */
  numWarmup?: number;
  /** Must equal the number of draws (thin is 1); defaults to it. */
  numSamples?: number;
  /** Adapted step size of this chain; default attrs.sampler.stepSize[chain], else the chain's first stepsize__. */
  stepSize?: number;
  /** Adapted inverse metric of this chain: its diagonal, or the dense matrix (rows). Default attrs.sampler.inverseMetric[chain]. */
  inverseMetric?: ArrayLike<number> | ArrayLike<number>[];
  /** Default attrs.sampler.metric, else diag_e (dense_e when the inverse metric is a matrix). */
  metric?: 'diag_e' | 'dense_e';
  /** Default attrs.sampler.maxTreeDepth, else 10. */
  maxDepth?: number;
  /** Target acceptance (adapt delta); default attrs.sampler.targetAccept, else 0.8. */
  delta?: number;
  /** Initial step size argument (not the adapted one), default 1. */
  initialStepSize?: number;
  /** `data file`, default none. */
  dataFile?: string;
  /** `init`, default 2 (uniform(−2, 2) on the unconstrained scale). */
  init?: string | number;
  /** `output file`, default 'output.csv'. */
  outputFile?: string;
  /** Seconds, for the footer; default 0. */
  elapsed?: { warmup: number; sampling: number };
  /**
   * How the boolean arguments (save_warmup, adapt engaged) are written: 'integer' (0/1, as CmdStan
   * up to 2.33 writes them, and as rstan up to 2.32 reads them) or 'word' (false/true, as later
   * CmdStan writes them, which later rstan requires). Default 'integer'.
   */
  booleans?: 'integer' | 'word';
  /** Posterior variables to write, in this order; default all, in the group's order. */
  variables?: string[];
}

/**
 * Stan's names for a variable's scalar elements, in Stan's column order: `theta`, `theta.1`, … (1-based),
 * arrays and matrices column-major (`L.1.1, L.2.1, L.1.2, L.2.2`). `flatIndex[k]` is the row-major
 * index within the variable of column k.
 */
export function stanColumnNames(
  name: string,
  shape: readonly number[],
): { names: string[]; flatIndex: number[] } {
  if (shape.length === 0) return { names: [name], flatIndex: [0] };
  const size = shapeSize(shape);
  const names: string[] = [];
  const flatIndex: number[] = [];
  // Column-major: the multi-index with the first position varying fastest is the row-major
  // unravelling of k over the reversed shape, read backwards.
  const reversed = shape.slice().reverse();
  for (let k = 0; k < size; k++) {
    const index = unravelIndex(k, reversed).reverse();
    names.push(`${name}.${index.map((i) => i + 1).join('.')}`);
    let flat = 0;
    for (let d = 0; d < shape.length; d++) flat = flat * shape[d] + index[d];
    flatIndex.push(flat);
  }
  return { names, flatIndex };
}

function isMatrix(m: ArrayLike<number> | ArrayLike<number>[]): m is ArrayLike<number>[] {
  return m.length > 0 && typeof m[0] !== 'number';
}

/** `2023-11-29 16:52:51 UTC` from an ISO time. */
function stanDatetime(iso: string): string {
  const d = new Date(iso);
  const t = Number.isNaN(d.getTime()) ? new Date(0) : d;
  return `${t.toISOString().slice(0, 19).replace('T', ' ')} UTC`;
}

export function toStanCsv(idata: InferenceData, chain: number, options: StanCsvOptions = {}): string {
  const posterior = idata.posterior;
  if (posterior === undefined) throw new RangeError('Stan CSV export needs a posterior group');
  const sampler = idata.attrs.sampler ?? {};
  const variables = options.variables ?? Object.keys(posterior);
  const vars: [string, Variable][] = variables.map((name) => {
    const v = posterior[name];
    if (v === undefined) throw new RangeError(`posterior has no variable ${name}`);
    return [name, v];
  });
  const first = vars[0]?.[1] ?? Object.values(idata.sample_stats ?? {})[0];
  if (first === undefined) throw new RangeError('nothing to export: no posterior variables');
  const [numChains, draws] = first.shape;
  if (!(Number.isInteger(chain) && chain >= 0 && chain < numChains)) {
    throw new RangeError(`chain ${chain} out of range (the fit has ${numChains})`);
  }
  const numSamples = options.numSamples ?? draws;
  if (numSamples !== draws) {
    throw new RangeError(`numSamples is ${numSamples} but the posterior has ${draws} draws per chain`);
  }

  // Columns: sampler statistics, then each variable's elements in Stan's order.
  const header: string[] = [];
  const columns: ((d: number) => number)[] = [];
  const stats = idata.sample_stats ?? {};
  const statValue = (name: string): ((d: number) => number) | undefined => {
    const v = stats[name];
    if (v === undefined) return undefined;
    if (v.shape.length !== 2 || v.shape[0] !== numChains || v.shape[1] !== draws) {
      throw new RangeError(`sample_stats.${name} has shape [${v.shape}], expected [${numChains}, ${draws}]`);
    }
    return (d) => v.data[chain * draws + d];
  };
  let stepSize = options.stepSize ?? sampler.stepSize?.[chain];
  for (const [column, stat] of STAN_SAMPLER_COLUMNS) {
    header.push(column);
    const get = statValue(stat);
    if (get !== undefined) {
      columns.push(stat === 'diverging' ? (d) => (get(d) ? 1 : 0) : get);
      if (stat === 'step_size' && stepSize === undefined && draws > 0) stepSize = get(0);
    } else if (stat === 'step_size' && stepSize !== undefined) {
      const s = stepSize;
      columns.push(() => s);
    } else {
      columns.push(() => Number.NaN);
    }
  }
  for (const [name, v] of vars) {
    if (v.shape.length < 2 || v.shape[0] !== numChains || v.shape[1] !== draws) {
      throw new RangeError(`posterior.${name} has shape [${v.shape}], expected [${numChains}, ${draws}, …]`);
    }
    const inner = v.shape.slice(2);
    const size = shapeSize(inner);
    const { names, flatIndex } = stanColumnNames(name, inner);
    names.forEach((n, k) => {
      header.push(n);
      const offset = chain * draws * size + flatIndex[k];
      columns.push((d) => v.data[offset + d * size]);
    });
  }

  const inverseMetric = options.inverseMetric ?? sampler.inverseMetric?.[chain];
  const metric =
    options.metric ??
    (sampler.metric === 'dense_e' || sampler.metric === 'diag_e' ? sampler.metric : undefined) ??
    (inverseMetric !== undefined && isMatrix(inverseMetric) ? 'dense_e' : 'diag_e');
  const numWarmup = options.numWarmup ?? sampler.numWarmup ?? 1000;
  const maxDepth = options.maxDepth ?? sampler.maxTreeDepth ?? 10;
  const delta = options.delta ?? sampler.targetAccept ?? 0.8;
  const initialStepSize = options.initialStepSize ?? 1;
  const seed = options.seed ?? idata.attrs.seed ?? 0;
  const init = options.init ?? 2;
  const bool = (b: boolean) => (options.booleans === 'word' ? String(b) : b ? '1' : '0');

  // An argument line as CmdStan writes it: " (Default)" when the value is the default.
  const arg = (indent: number, key: string, value: string, defaultValue?: string) =>
    `#${' '.repeat(indent + 1)}${key} = ${value}${value === defaultValue ? ' (Default)' : ''}`;
  const g17 = (x: number) => formatCpp(x, 17);

  const lines: string[] = [
    '# stan_version_major = 2',
    '# stan_version_minor = 33',
    '# stan_version_patch = 0',
    `# model = ${options.modelName ?? 'dopl_model'}`,
    `# start_datetime = ${stanDatetime(idata.attrs.created_at)}`,
    '# method = sample (Default)',
    '#   sample',
    arg(4, 'num_samples', String(numSamples), '1000'),
    arg(4, 'num_warmup', String(numWarmup), '1000'),
    arg(4, 'save_warmup', bool(false), bool(false)),
    arg(4, 'thin', '1', '1'),
    '#     adapt',
    arg(6, 'engaged', bool(numWarmup > 0), bool(true)),
    arg(6, 'gamma', g17(0.05), g17(0.05)),
    arg(6, 'delta', g17(delta), g17(0.8)),
    arg(6, 'kappa', g17(0.75), g17(0.75)),
    arg(6, 't0', '10', '10'),
    arg(6, 'init_buffer', '75', '75'),
    arg(6, 'term_buffer', '50', '50'),
    arg(6, 'window', '25', '25'),
    arg(4, 'algorithm', 'hmc', 'hmc'),
    '#       hmc',
    arg(8, 'engine', 'nuts', 'nuts'),
    '#           nuts',
    arg(12, 'max_depth', String(maxDepth), '10'),
    arg(8, 'metric', metric, 'diag_e'),
    arg(8, 'metric_file', '', ''),
    arg(8, 'stepsize', g17(initialStepSize), '1'),
    arg(8, 'stepsize_jitter', '0', '0'),
    arg(4, 'num_chains', '1', '1'),
    arg(0, 'id', String(chain + 1), '1'),
    '# data',
    arg(2, 'file', options.dataFile ?? '', ''),
    arg(0, 'init', String(init), '2'),
    '# random',
    arg(2, 'seed', String(seed)),
    '# output',
    arg(2, 'file', options.outputFile ?? 'output.csv', 'output.csv'),
    arg(2, 'diagnostic_file', '', ''),
    arg(2, 'refresh', '100', '100'),
    arg(2, 'sig_figs', '17', '-1'),
    arg(2, 'profile_file', 'profile.csv', 'profile.csv'),
    arg(0, 'num_threads', '1', '1'),
    '# stanc_version = dopl',
    '# stancflags = ',
    header.join(','),
  ];

  if (numWarmup > 0) {
    lines.push('# Adaptation terminated');
    lines.push(`# Step size = ${formatCpp(stepSize ?? Number.NaN)}`);
    if (inverseMetric !== undefined) {
      if (metric === 'dense_e') {
        if (!isMatrix(inverseMetric)) throw new RangeError('dense_e needs the inverse metric as a matrix');
        lines.push('# Elements of inverse mass matrix:');
        for (const row of inverseMetric) lines.push(`# ${Array.from(row, (x) => formatCpp(x)).join(', ')}`);
      } else {
        const diagonal = isMatrix(inverseMetric)
          ? inverseMetric.map((row, i) => row[i])
          : Array.from(inverseMetric as ArrayLike<number>);
        lines.push('# Diagonal elements of inverse mass matrix:');
        lines.push(`# ${diagonal.map((x) => formatCpp(x)).join(', ')}`);
      }
    }
  }

  const row = new Array<string>(columns.length);
  for (let d = 0; d < draws; d++) {
    for (let k = 0; k < columns.length; k++) row[k] = formatRoundTrip(columns[k](d));
    lines.push(row.join(','));
  }

  const warmupTime = options.elapsed?.warmup ?? 0;
  const samplingTime = options.elapsed?.sampling ?? 0;
  lines.push(
    '# ',
    `#  Elapsed Time: ${formatCpp(warmupTime)} seconds (Warm-up)`,
    `#                ${formatCpp(samplingTime)} seconds (Sampling)`,
    `#                ${formatCpp(warmupTime + samplingTime)} seconds (Total)`,
    '# ',
    '',
  );
  return lines.join('\n');
}

/** One Stan CSV text per chain. */
export function toStanCsvFiles(idata: InferenceData, options: StanCsvOptions = {}): string[] {
  const first = Object.values(idata.posterior ?? {})[0];
  const chains = first?.shape[0] ?? 0;
  return Array.from({ length: chains }, (_, c) => toStanCsv(idata, c, options));
}
