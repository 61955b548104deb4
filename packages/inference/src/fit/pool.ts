import { availableParallelism } from 'node:os';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import { DoplError } from '@dopl/core';
import type { ChainResult, ProgressInfo } from '../nuts/index.js';
import { type ChainTask, runChainTask } from './chain-task.js';

/**
 * Runs chain tasks on up to `workers` threads (1 = in this thread). Results come back in chain
 * order whatever finishes first.
 */
export async function runChains(
  tasks: readonly ChainTask[],
  workers: number,
  onProgress?: (chain: number, info: ProgressInfo) => void,
): Promise<ChainResult[]> {
  if (workers <= 1 || tasks.length <= 1) {
    return tasks.map((t) => runChainTask(t, onProgress && ((info) => onProgress(t.chain, info))));
  }
  const results: ChainResult[] = new Array(tasks.length);
  const queue = [...tasks];
  const n = Math.min(workers, tasks.length);
  await Promise.all(
    Array.from({ length: n }, async () => {
      const worker = spawnWorker();
      try {
        for (let task = queue.shift(); task; task = queue.shift()) {
          results[tasks.indexOf(task)] = await runOn(worker, task, onProgress);
        }
      } finally {
        await worker.terminate();
      }
    }),
  );
  return results;
}

function runOn(
  worker: Worker,
  task: ChainTask,
  onProgress?: (chain: number, info: ProgressInfo) => void,
): Promise<ChainResult> {
  return new Promise((resolve, reject) => {
    const onMessage = (m: {
      kind: string;
      chain: number;
      info?: ProgressInfo;
      result?: ChainResult;
      message?: string;
      node?: string;
    }) => {
      if (m.kind === 'progress') onProgress?.(m.chain, m.info!);
      else {
        worker.off('message', onMessage);
        worker.off('error', onError);
        if (m.kind === 'done') resolve(m.result!);
        else reject(new DoplError(`chain ${m.chain}: ${m.message}`, { node: m.node }));
      }
    };
    const onError = (e: Error) => reject(e);
    worker.on('message', onMessage);
    worker.on('error', onError);
    worker.postMessage(task);
  });
}

/**
 * From the built package the worker is `worker.js` beside this file. From TypeScript sources
 * (tests, tsx) it is `worker.ts`, loaded through tsx with the 'development' export condition.
 */
function spawnWorker(): Worker {
  const here = import.meta.url;
  if (here.endsWith('.ts')) {
    return new Worker(fileURLToPath(new URL('./worker-dev.mjs', here)), {
      execArgv: ['--conditions=development'],
    });
  }
  return new Worker(fileURLToPath(new URL('./worker.js', here)));
}

export const defaultWorkers = (chains: number): number =>
  Math.max(1, Math.min(chains, availableParallelism()));
