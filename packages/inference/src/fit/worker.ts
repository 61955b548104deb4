// Worker-thread entry: runs chain tasks posted by the parent and posts results (and throttled
// progress) back. Kept minimal: all logic lives in runChainTask.
import { parentPort } from 'node:worker_threads';
import { type ChainTask, runChainTask } from './chain-task.js';

parentPort?.on('message', (task: ChainTask) => {
  try {
    let last = 0;
    const result = runChainTask(task, (info) => {
      const now = Date.now();
      if (now - last > 100 || info.iteration === 0) {
        last = now;
        parentPort!.postMessage({ kind: 'progress', chain: task.chain, info });
      }
    });
    parentPort!.postMessage({ kind: 'done', chain: task.chain, result });
  } catch (err) {
    const e = err as Error;
    parentPort!.postMessage({
      kind: 'error',
      chain: task.chain,
      name: e.name,
      message: e.message,
      node: (e as { node?: string }).node,
    });
  }
});
