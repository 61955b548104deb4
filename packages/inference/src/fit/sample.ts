import { type CompiledModel, compile, DoplError, type Graph, type Tensor } from '@dopl/core';
import { createAttrs, fromDraws, type InferenceData } from '../data/index.js';
import type { ChainResult, ProgressInfo, SampleChainOptions } from '../nuts/index.js';
import { pathfinderInits } from '../vi/fit-pathfinder.js';
import type { ChainTask } from './chain-task.js';
import { defaultWorkers, runChains } from './pool.js';

/** Defaults as in Stan / PyMC (provenance: Stan's `sample` method). */
export const SAMPLE_DEFAULTS = {
  chains: 4,
  draws: 1000,
  tune: 1000,
  targetAccept: 0.8,
  maxTreeDepth: 10,
  metric: 'diag',
} as const;

export interface SampleOptions {
  readonly chains?: number;
  /** Post-warm-up draws per chain. */
  readonly draws?: number;
  /** Warm-up iterations per chain. */
  readonly tune?: number;
  readonly seed?: number;
  /** Worker threads; default min(chains, cores). Results do not depend on it. */
  readonly workers?: number;
  readonly metric?: 'diag' | 'dense';
  readonly targetAccept?: number;
  readonly maxTreeDepth?: number;
  readonly algorithm?: SampleChainOptions['algorithm'];
  /**
   * Natural-scale initial values of latent nodes (all chains), unconstrained vectors per chain, or
   * 'pathfinder': each chain starts at its own draw of multi-path Pathfinder's approximation
   * (Stan's `pathfinder` → `sample` workflow), drawn from the seed before any chain starts, so
   * the inits do not depend on the number of workers.
   */
  readonly init?:
    | Readonly<Record<string, Tensor | number | number[]>>
    | readonly (readonly number[])[]
    | 'pathfinder';
  readonly onProgress?: (chain: number, info: ProgressInfo) => void;
  /** Source text of the model, kept in the InferenceData's attrs. */
  readonly modelText?: string;
}

/** A fitted model: the InferenceData plus what produced it. */
export interface Fit {
  readonly idata: InferenceData;
  readonly graph: Graph;
  readonly model: CompiledModel;
  readonly chains: readonly ChainResult[];
  readonly timing: {
    readonly compileSeconds: number;
    readonly warmupSeconds: number;
    readonly samplingSeconds: number;
  };
}

/**
 * Fits a model with NUTS: `chains` chains in parallel on worker threads, each from its own
 * stream of `seed`, so the same seed gives the same draws bit for bit with any number of workers.
 *
 * ```ts
 * const fit = await sample(graph, { seed: 1 });   // fit.idata.posterior.mu.shape = [4, 1000]
 * ```
 */
export async function sample(graph: Graph, options: SampleOptions = {}): Promise<Fit> {
  const chains = options.chains ?? SAMPLE_DEFAULTS.chains;
  const draws = options.draws ?? SAMPLE_DEFAULTS.draws;
  const tune = options.tune ?? SAMPLE_DEFAULTS.tune;
  const seed = options.seed ?? Math.floor(Math.random() * 2 ** 31);
  for (const [k, v] of [
    ['chains', chains],
    ['draws', draws],
    ['tune', tune],
  ] as const) {
    if (!Number.isInteger(v) || v < (k === 'chains' || k === 'draws' ? 1 : 0)) {
      throw new DoplError(`${k} must be a ${k === 'tune' ? 'non-negative' : 'positive'} integer, got ${v}`);
    }
  }
  const t0 = performance.now();
  const model = compile(graph);
  const compileSeconds = (performance.now() - t0) / 1000;
  if (model.dim === 0)
    throw new DoplError('the model has no latent parameters to sample; use forward sampling (prior) instead');
  const inits = initsFor(model, options.init, chains, seed);
  const tasks: ChainTask[] = Array.from({ length: chains }, (_, chain) => ({
    nodes: graph.nodes,
    chain,
    seed,
    init: inits?.[chain],
    options: {
      numWarmup: tune,
      numSamples: draws,
      metric: options.metric ?? SAMPLE_DEFAULTS.metric,
      targetAccept: options.targetAccept ?? SAMPLE_DEFAULTS.targetAccept,
      maxTreeDepth: options.maxTreeDepth ?? SAMPLE_DEFAULTS.maxTreeDepth,
      algorithm: options.algorithm,
    },
  }));
  const results = await runChains(tasks, options.workers ?? defaultWorkers(chains), options.onProgress);
  const idata = toInferenceData(graph, model, results, {
    seed,
    chains,
    draws,
    tune,
    targetAccept: options.targetAccept ?? SAMPLE_DEFAULTS.targetAccept,
    maxTreeDepth: options.maxTreeDepth ?? SAMPLE_DEFAULTS.maxTreeDepth,
    metric: options.metric ?? SAMPLE_DEFAULTS.metric,
    modelText: options.modelText,
    init: options.init === 'pathfinder' ? 'pathfinder' : undefined,
  });
  return {
    idata,
    graph,
    model,
    chains: results,
    timing: {
      compileSeconds,
      warmupSeconds: Math.max(...results.map((r) => r.warmupSeconds)),
      samplingSeconds: Math.max(...results.map((r) => r.samplingSeconds)),
    },
  };
}

/** Pathfinder's streams come from their own key, so they never coincide with a chain's stream c of `seed`. */
export const pathfinderInitSeed = (seed: number): string => `pathfinder-init:${seed}`;

function initsFor(
  model: CompiledModel,
  init: SampleOptions['init'],
  chains: number,
  seed: number,
): number[][] | undefined {
  if (init === undefined) return undefined;
  if (init === 'pathfinder') {
    try {
      return pathfinderInits(model, chains, pathfinderInitSeed(seed));
    } catch (error) {
      if (!(error instanceof DoplError)) throw error;
      throw new DoplError(`init 'pathfinder': ${error.message}; leave init out for random inits`, {
        node: error.node,
        cause: error,
      });
    }
  }
  if (typeof init === 'string') {
    throw new DoplError(
      `init: expected 'pathfinder', initial values or vectors, got ${JSON.stringify(init)}`,
    );
  }
  if (Array.isArray(init)) {
    if (init.length !== chains)
      throw new DoplError(`init: expected ${chains} unconstrained vectors, got ${init.length}`);
    return init.map((v) => {
      if (v.length !== model.dim)
        throw new DoplError(`init: expected vectors of length ${model.dim}, got ${v.length}`);
      return [...v];
    });
  }
  const u = [...model.unconstrain(init as Record<string, Tensor | number | number[]>)];
  return Array.from({ length: chains }, () => u);
}

interface Meta {
  seed: number;
  chains: number;
  draws: number;
  tune: number;
  targetAccept: number;
  maxTreeDepth: number;
  metric: 'diag' | 'dense';
  modelText?: string;
  /** Recorded when the chains started from Pathfinder draws. */
  init?: 'pathfinder';
}

/** Natural-scale draws of every latent and deterministic node, sampler statistics, observed data. */
export function toInferenceData(
  graph: Graph,
  model: CompiledModel,
  results: readonly ChainResult[],
  meta: Meta,
): InferenceData {
  const shapes: Record<string, number[]> = {};
  const constant = transformedData(graph);
  const chainOutputs = results.map((r) => {
    const values: Record<string, Float64Array> = {};
    for (let d = 0; d < r.numSamples; d++) {
      const v = model.constrain(r.draws.subarray(d * r.dim, (d + 1) * r.dim));
      for (const [name, t] of Object.entries(v)) {
        if (constant.has(name)) continue;
        if (!values[name]) {
          values[name] = new Float64Array(r.numSamples * t.data.length);
          shapes[name] = [...t.shape];
        }
        values[name].set(t.data, d * t.data.length);
      }
    }
    return { values, stats: { ...r.stats } as Record<string, Float64Array> };
  });
  const observed: Record<string, { shape: number[]; data: Float64Array }> = {};
  for (const n of graph.nodes) {
    if (n.kind === 'random' && n.observed?.kind === 'const') {
      observed[n.name] = { shape: [...n.observed.value.shape], data: n.observed.value.data };
    }
  }
  return fromDraws(chainOutputs, shapes, {
    observedData: observed,
    attrs: createAttrs({
      seed: meta.seed,
      model: meta.modelText,
      sampler: {
        algorithm: 'nuts',
        numChains: meta.chains,
        numWarmup: meta.tune,
        numSamples: meta.draws,
        targetAccept: meta.targetAccept,
        maxTreeDepth: meta.maxTreeDepth,
        metric: meta.metric === 'dense' ? 'dense_e' : 'diag_e',
        ...(meta.init === undefined ? {} : { init: meta.init }),
        stepSize: results.map((r) => r.stepSize),
        inverseMetric: results.map((r) => inverseMetricJson(r)),
      },
    }),
  });
}

/**
 * Deterministic nodes that no latent node feeds, e.g. a centred design matrix `Xc := X - mean(X)`
 * (Stan's transformed data): the same in every draw, so they are not posterior draws — keeping
 * them would store a copy of the data per draw (480 million numbers for a 5000 × 24 design).
 */
function transformedData(graph: Graph): Set<string> {
  // A node's value depends on the parameters when a latent node is reached through deterministic
  // nodes; an observed node's value is data, whatever its distribution's arguments.
  const dependsOnLatent = new Map<string, boolean>();
  const depends = (name: string): boolean => {
    const known = dependsOnLatent.get(name);
    if (known !== undefined) return known;
    const node = graph.get(name);
    // A recurrence lists itself among its parents: its own earlier values add no parameters.
    dependsOnLatent.set(name, false);
    let result = false;
    if (node.kind === 'random') result = node.observed === undefined;
    else if (node.kind === 'deterministic') result = graph.parents(name).some(depends);
    dependsOnLatent.set(name, result);
    return result;
  };
  const out = new Set<string>();
  for (const n of graph.nodes) if (n.kind === 'deterministic' && !depends(n.name)) out.add(n.name);
  return out;
}

function inverseMetricJson(r: ChainResult): number[] | number[][] {
  if (r.metric !== 'dense') return [...r.inverseMetric];
  return Array.from({ length: r.dim }, (_, i) => [...r.inverseMetric.subarray(i * r.dim, (i + 1) * r.dim)]);
}
