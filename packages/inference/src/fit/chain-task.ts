import { compile, Graph, type Node, streams } from '@dopl/core';
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
  const model = compile(new Graph(task.nodes));
  const rng = streams(task.seed, task.chain + 1)[task.chain];
  return sampleChain(model, { ...task.options, rng, init: task.init, onProgress });
}
