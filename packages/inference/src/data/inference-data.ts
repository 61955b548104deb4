/**
 * InferenceData as in ArviZ: named groups of variables, every array laid out row-major with the
 * chain and draw axes first (`[chain, draw, ...shape]`), except `observed_data`, whose variables
 * have only their own shape.
 */

/** The groups dopl fills; every one is optional. */
export type GroupName =
  | 'posterior'
  | 'sample_stats'
  | 'observed_data'
  | 'prior'
  | 'prior_predictive'
  | 'posterior_predictive';

/** In the order ArviZ lists them. */
export const GROUP_NAMES: readonly GroupName[] = [
  'posterior',
  'posterior_predictive',
  'sample_stats',
  'prior',
  'prior_predictive',
  'observed_data',
];

/** Groups whose variables carry leading chain and draw axes. */
export type DrawGroupName = Exclude<GroupName, 'observed_data'>;

/** One variable: its full shape (chain and draw axes first, except in observed_data) and its values, row-major. */
export interface Variable {
  shape: number[];
  data: Float64Array;
}

export type Group = Record<string, Variable>;

export type JsonValue =
  | null
  | boolean
  | number
  | string
  | JsonValue[]
  | { [key: string]: JsonValue | undefined };

/** The sampler's settings, recorded so a fit can be reproduced and exported (all fields optional). */
export interface SamplerSettings {
  /** 'nuts', 'advi-meanfield', 'advi-fullrank', 'prior', 'enumeration', 'importance', … */
  algorithm?: string;
  numChains?: number;
  numWarmup?: number;
  numSamples?: number;
  thin?: number;
  /** Target mean acceptance statistic of step-size adaptation (Stan's adapt delta). */
  targetAccept?: number;
  maxTreeDepth?: number;
  metric?: 'unit_e' | 'diag_e' | 'dense_e';
  /** Adapted step size, one per chain. */
  stepSize?: number[];
  /** Adapted inverse metric, one per chain: a diagonal (number[]) or a dense matrix (number[][]). */
  inverseMetric?: (number[] | number[][])[];
  [key: string]: JsonValue | undefined;
}

export interface InferenceDataAttrs {
  /** ISO 8601 time of creation. */
  created_at: string;
  inference_library: 'dopl';
  inference_library_version?: string;
  sampler?: SamplerSettings;
  seed?: number;
  /** The model's source text, if the fit came from one. */
  model?: string;
  [key: string]: JsonValue | undefined;
}

export interface InferenceData {
  posterior?: Group;
  sample_stats?: Group;
  observed_data?: Group;
  prior?: Group;
  prior_predictive?: Group;
  posterior_predictive?: Group;
  attrs: InferenceDataAttrs;
}

export function createAttrs(extra: Partial<InferenceDataAttrs> = {}): InferenceDataAttrs {
  return { created_at: new Date().toISOString(), inference_library: 'dopl', ...extra };
}

/** Number of scalars in one draw of a variable of this shape (1 for a scalar). */
export function shapeSize(shape: readonly number[]): number {
  let size = 1;
  for (const d of shape) {
    if (!Number.isInteger(d) || d < 0) throw new RangeError(`invalid dimension ${d} in shape [${shape}]`);
    size *= d;
  }
  return size;
}

/** What one chain hands over: for each variable its draws, `values[name][draw * size + element]`. */
export interface ChainOutput {
  values: Record<string, Float64Array>;
  /** Per-draw sampler statistics (scalars, Stan's names: lp, accept_stat, step_size, tree_depth, n_leapfrog, diverging, energy). */
  stats?: Record<string, Float64Array>;
}

export interface FromDrawsOptions {
  /** Group the draws go to, default 'posterior'. */
  group?: DrawGroupName;
  attrs?: Partial<InferenceDataAttrs>;
  observedData?: Group;
}

function stackChains(
  chains: readonly Record<string, Float64Array>[],
  shapes: Record<string, readonly number[]>,
  what: string,
): Group {
  const group: Group = {};
  const names = Object.keys(chains[0]);
  for (const name of names) {
    const shape = shapes[name] ?? [];
    const size = shapeSize(shape);
    const first = chains[0][name];
    if (size === 0 ? first.length !== 0 : first.length % size !== 0) {
      throw new RangeError(
        `${what} ${name}: ${first.length} values is not a whole number of draws of shape [${shape}]`,
      );
    }
    const draws = size === 0 ? 0 : first.length / size;
    const data = new Float64Array(chains.length * draws * size);
    chains.forEach((chain, c) => {
      const values = chain[name];
      if (values === undefined) throw new RangeError(`chain ${c} has no ${what} ${name}`);
      if (values.length !== first.length) {
        throw new RangeError(
          `chain ${c} has ${values.length} values of ${what} ${name}, chain 0 has ${first.length}`,
        );
      }
      data.set(values, c * draws * size);
    });
    group[name] = { shape: [chains.length, draws, ...shape], data };
  }
  chains.forEach((chain, c) => {
    for (const name of Object.keys(chain)) {
      if (!(name in group)) throw new RangeError(`chain ${c} has ${what} ${name}, chain 0 does not`);
    }
  });
  return group;
}

/**
 * InferenceData from per-chain draws: `values[name]` holds draws × size values (draw-major) and
 * `shapes[name]` the shape of one draw (missing means scalar). Chains' `stats` go to sample_stats.
 */
export function fromDraws(
  chains: readonly ChainOutput[],
  shapes: Record<string, readonly number[]>,
  options: FromDrawsOptions = {},
): InferenceData {
  if (chains.length === 0) throw new RangeError('fromDraws needs at least one chain');
  const idata: InferenceData = { attrs: createAttrs(options.attrs) };
  idata[options.group ?? 'posterior'] = stackChains(
    chains.map((c) => c.values),
    shapes,
    'variable',
  );
  if (chains.some((c) => c.stats !== undefined)) {
    idata.sample_stats = stackChains(
      chains.map((c, i) => {
        if (c.stats === undefined) throw new RangeError(`chain ${i} has no sample stats, others do`);
        return c.stats;
      }),
      {},
      'sample stat',
    );
  }
  if (options.observedData) idata.observed_data = options.observedData;
  return idata;
}

/** Number of chains and draws of a group (taken from its first variable). */
export function groupDims(group: Group): { chains: number; draws: number } {
  const first = Object.values(group)[0];
  if (first === undefined) return { chains: 0, draws: 0 };
  return { chains: first.shape[0], draws: first.shape[1] };
}

function getVariable(idata: InferenceData, group: GroupName, name: string): Variable {
  const g = idata[group];
  if (g === undefined) throw new RangeError(`InferenceData has no ${group} group`);
  const v = g[name];
  if (v === undefined) throw new RangeError(`${group} has no variable ${name}`);
  return v;
}

/**
 * The draws of one scalar element (`flatIndex` row-major within the variable's own shape), one
 * Float64Array per chain: the input the diagnostics take.
 */
export function variableDraws(
  idata: InferenceData,
  group: DrawGroupName,
  name: string,
  flatIndex = 0,
): Float64Array[] {
  const v = getVariable(idata, group, name);
  if (v.shape.length < 2) throw new RangeError(`${group}.${name} has no chain and draw axes`);
  const [chains, draws] = v.shape;
  const size = shapeSize(v.shape.slice(2));
  if (!(Number.isInteger(flatIndex) && flatIndex >= 0 && flatIndex < size)) {
    throw new RangeError(`${group}.${name} has ${size} elements, index ${flatIndex} is out of range`);
  }
  const out: Float64Array[] = [];
  for (let c = 0; c < chains; c++) {
    const chain = new Float64Array(draws);
    const base = c * draws * size + flatIndex;
    for (let d = 0; d < draws; d++) chain[d] = v.data[base + d * size];
    out.push(chain);
  }
  return out;
}

/** The multi-index (0-based) of a row-major flat index. */
export function unravelIndex(flatIndex: number, shape: readonly number[]): number[] {
  const index = new Array<number>(shape.length);
  let rest = flatIndex;
  for (let k = shape.length - 1; k >= 0; k--) {
    index[k] = rest % shape[k];
    rest = Math.floor(rest / shape[k]);
  }
  return index;
}

/** Names of a variable's scalar elements in row-major order: `name`, `name[i]`, `name[i,j]`, 0-based. */
export function elementNames(name: string, shape: readonly number[]): string[] {
  if (shape.length === 0) return [name];
  const size = shapeSize(shape);
  const names: string[] = [];
  for (let i = 0; i < size; i++) names.push(`${name}[${unravelIndex(i, shape).join(',')}]`);
  return names;
}

function concatGroups(groups: readonly Group[], dim: 'chain' | 'draw', label: string): Group {
  const out: Group = {};
  const names = Object.keys(groups[0]);
  for (const g of groups) {
    const other = Object.keys(g);
    if (other.length !== names.length || other.some((n) => !names.includes(n))) {
      throw new RangeError(`cannot concatenate ${label}: variables differ (${names} vs ${other})`);
    }
  }
  for (const name of names) {
    const parts = groups.map((g) => g[name]);
    const inner = parts[0].shape.slice(2);
    for (const p of parts) {
      if (p.shape.length !== inner.length + 2 || p.shape.slice(2).some((d, k) => d !== inner[k])) {
        throw new RangeError(
          `cannot concatenate ${label}.${name}: shapes [${parts[0].shape}] and [${p.shape}]`,
        );
      }
    }
    if (dim === 'chain') {
      const draws = parts[0].shape[1];
      if (parts.some((p) => p.shape[1] !== draws)) {
        throw new RangeError(`cannot concatenate chains of ${label}.${name}: numbers of draws differ`);
      }
      const chains = parts.reduce((s, p) => s + p.shape[0], 0);
      const data = new Float64Array(parts.reduce((s, p) => s + p.data.length, 0));
      let offset = 0;
      for (const p of parts) {
        data.set(p.data, offset);
        offset += p.data.length;
      }
      out[name] = { shape: [chains, draws, ...inner], data };
    } else {
      const chains = parts[0].shape[0];
      if (parts.some((p) => p.shape[0] !== chains)) {
        throw new RangeError(`cannot concatenate draws of ${label}.${name}: numbers of chains differ`);
      }
      const size = shapeSize(inner);
      const draws = parts.reduce((s, p) => s + p.shape[1], 0);
      const data = new Float64Array(chains * draws * size);
      for (let c = 0; c < chains; c++) {
        let offset = c * draws * size;
        for (const p of parts) {
          const n = p.shape[1] * size;
          data.set(p.data.subarray(c * n, (c + 1) * n), offset);
          offset += n;
        }
      }
      out[name] = { shape: [chains, draws, ...inner], data };
    }
  }
  return out;
}

/**
 * Joins fits of the same model along the chain axis (chains run separately) or the draw axis (a
 * run continued). Every group with chain and draw axes must be present in all or none of them;
 * observed_data and attrs come from the first.
 */
export function concatDraws(
  idatas: readonly InferenceData[],
  dim: 'chain' | 'draw' = 'chain',
): InferenceData {
  if (idatas.length === 0) throw new RangeError('concatDraws needs at least one InferenceData');
  const out: InferenceData = { attrs: structuredClone(idatas[0].attrs) };
  for (const name of GROUP_NAMES) {
    const present = idatas.filter((d) => d[name] !== undefined).length;
    if (present === 0) continue;
    if (name === 'observed_data') {
      out.observed_data = idatas[0].observed_data;
      continue;
    }
    if (present !== idatas.length) throw new RangeError(`cannot concatenate: only some have a ${name} group`);
    out[name] = concatGroups(
      idatas.map((d) => d[name]!),
      dim,
      name,
    );
  }
  return out;
}
