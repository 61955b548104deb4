// Microseconds per log-density+gradient call, compiled js backend vs hand-written JS, in one run.
// `pnpm bench:gradient` prints a table; `pnpm -s bench:gradient --json` prints one JSON object.
import { execFileSync } from 'node:child_process';
import { compile, type Graph, initTfjs, selectedBackend } from '@dopl/core';
import {
  benchData,
  eightSchoolsNoncentered,
  hierarchicalLinear,
  logisticRegression,
  marketingMix,
} from '../models.js';
import { eightSchoolsHandwritten, logisticHandwritten } from './handwritten.js';

type Fn = (theta: Float64Array, grad: Float64Array) => number;

/** Calls per batch so that one batch takes about 20 ms, after a warm-up. */
function batchSize(f: Fn, theta: Float64Array, grad: Float64Array): number {
  let n = 1;
  for (;;) {
    const t0 = performance.now();
    for (let i = 0; i < n; i++) f(theta, grad);
    if (performance.now() - t0 > 20) return n;
    n *= 2;
  }
}

function batch(f: Fn, theta: Float64Array, grad: Float64Array, n: number): number {
  const t0 = performance.now();
  for (let i = 0; i < n; i++) f(theta, grad);
  return ((performance.now() - t0) * 1000) / n;
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[xs.length >> 1];

/**
 * µs per call of each function: the median over 9 batches. The functions' batches alternate, so
 * a change of load on the (shared) machine falls on all of them alike and their ratio holds.
 */
function time(fs: readonly Fn[], theta: Float64Array, grads: readonly Float64Array[]): number[] {
  const ns = fs.map((f, k) => batchSize(f, theta, grads[k]));
  const samples = fs.map(() => [] as number[]);
  for (let b = 0; b < 9; b++) fs.forEach((f, k) => samples[k].push(batch(f, theta, grads[k], ns[k])));
  return samples.map(median);
}

interface Row {
  model: string;
  backend: string;
  us_per_call: number;
  handwritten_us_per_call?: number;
  ratio?: number;
}

function bench(name: string, g: Graph, hand?: Fn): Row {
  const model = compile(g);
  const theta = Float64Array.from({ length: model.dim }, (_, i) => 0.1 * Math.sin(i + 1));
  const grad = new Float64Array(model.dim);
  const compiled: Fn = (t, gr) => model.logDensityAndGradient(t, gr);
  if (!hand) return { model: name, backend: 'js', us_per_call: time([compiled], theta, [grad])[0] };
  // Same point, same answer: check before timing.
  const g2 = new Float64Array(model.dim);
  const a = model.logDensityAndGradient(theta, grad);
  const b = hand(theta, g2);
  if (Math.abs(a - b) > 1e-8 * Math.max(1, Math.abs(a)))
    throw new Error(`${name}: handwritten lp ${b} ≠ compiled ${a}`);
  const scale = Math.max(1, ...Array.from(g2, Math.abs));
  grad.forEach((v, i) => {
    if (Math.abs(v - g2[i]) > 1e-8 * scale)
      throw new Error(`${name}: handwritten gradient[${i}] ${g2[i]} ≠ compiled ${v}`);
  });
  const [us, h] = time([compiled, hand], theta, [grad, g2]);
  const row: Row = { model: name, backend: 'js', us_per_call: us, handwritten_us_per_call: h, ratio: us / h };
  return row;
}

const models: Record<string, () => { graph: Graph; hand?: Fn }> = {
  eight_schools_noncentered: () => {
    const es = benchData('eight_schools');
    return { graph: eightSchoolsNoncentered(), hand: eightSchoolsHandwritten(es.y, es.sigma) };
  },
  logistic_regression: () => {
    const lr = benchData('logistic_regression');
    const X = Float64Array.from((lr.X as number[][]).flat());
    return { graph: logisticRegression(), hand: logisticHandwritten(X, Float64Array.from(lr.y), lr.N, lr.D) };
  },
  hierarchical_linear: () => ({ graph: hierarchicalLinear() }),
  mmm: () => ({ graph: marketingMix() }),
};

// The tfjs backend batched over 1000 chains: µs per chain-gradient.
function benchTfjs(name: string, g: Graph, B = 1000): Row | undefined {
  try {
    const model = compile(g, { backend: 'tfjs' });
    const thetas = Float64Array.from({ length: B * model.dim }, (_, i) => 0.1 * Math.sin(i + 1));
    const grads = new Float64Array(B * model.dim);
    const call: Fn = () => {
      model.logDensityAndGradientBatch(thetas, B, grads);
      return 0;
    };
    const us = time([call], thetas, [grads])[0] / B;
    model.dispose();
    return { model: name, backend: `tfjs-${selectedBackend()} ×${B}`, us_per_call: us };
  } catch (e) {
    process.stderr.write(`tfjs ${name}: skipped (${(e as Error).message})\n`);
    return undefined;
  }
}

/**
 * Each measurement runs in a process of its own (`--one js:mmm`): measured in one process, a
 * model's timing depended on which models ran before it (V8's optimised code for an earlier
 * model's function was seen to deoptimise and recompile in a loop, slowing later rows up to 100×).
 */
const one = process.argv.indexOf('--one');
const results: Row[] = [];
if (one >= 0) {
  const [backend, name] = process.argv[one + 1].split(':');
  const { graph, hand } = models[name]();
  let row: Row | undefined;
  if (backend === 'js') row = bench(name, graph, hand);
  else {
    await initTfjs();
    row = benchTfjs(name, graph);
  }
  process.stdout.write(`${JSON.stringify(row ?? null)}\n`);
  process.exit(0);
}
for (const job of [
  ...Object.keys(models).map((m) => `js:${m}`),
  ...Object.keys(models).map((m) => `tfjs:${m}`),
]) {
  const out = execFileSync(process.execPath, [...process.execArgv, process.argv[1], '--one', job], {
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const row = JSON.parse(out.trim().split('\n').pop() ?? 'null') as Row | null;
  if (row) results.push(row);
}

if (process.argv.includes('--json')) {
  process.stdout.write(`${JSON.stringify({ results })}\n`);
} else {
  const f = (x: number | undefined, d = 3) => (x === undefined ? '—' : x.toFixed(d));
  console.log('model                        backend             µs/call   hand-written µs   ratio');
  for (const r of results) {
    console.log(
      `${r.model.padEnd(28)} ${r.backend.padEnd(18)} ${f(r.us_per_call).padStart(8)} ${f(r.handwritten_us_per_call).padStart(17)} ${f(r.ratio, 2).padStart(7)}`,
    );
  }
}
