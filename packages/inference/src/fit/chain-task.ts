import { type CompiledModel, compile, Graph, type Node, streams } from '@dopl/core';
import { type ChainResult, type ProgressInfo, type SampleChainOptions, sampleChain } from '../nuts/index.js';

/** Everything a chain needs, as plain data that can cross a worker boundary. */
export interface ChainTask {
  readonly nodes: readonly Node[];
  readonly chain: number;
  readonly seed: number | string;
  readonly options: Omit<SampleChainOptions, 'seed' | 'rng' | 'onProgress' | 'init'>;
  readonly init?: readonly number[];
}

/**
 * Runs one chain. Chain c draws from stream c of the seed, so its numbers depend only on
 * (seed, c), never on which thread runs it or how many threads there are.
 */
export function runChainTask(task: ChainTask, onProgress?: (info: ProgressInfo) => void): ChainResult {
  const model = compiledFor(task.nodes);
  const rng = streams(task.seed, task.chain + 1)[task.chain];
  return sampleChain(model, { ...task.options, rng, init: task.init, onProgress });
}

/**
 * Chains run one after another in the same thread (workers = 1, or more chains than workers)
 * share one compiled model when they share the node list: compiling is deterministic and the
 * model keeps no state between calls, so the numbers are the same, and the JIT-optimised
 * gradient and sampler code of the first chain stay valid for the next instead of being
 * recompiled for a fresh function.
 */
const compiledModels = new WeakMap<readonly Node[], CompiledModel>();

function compiledFor(nodes: readonly Node[]): CompiledModel {
  let model = compiledModels.get(nodes);
  if (model === undefined) {
    model = compile(new Graph(nodes));
    compiledModels.set(nodes, model);
  }
  return model;
}
