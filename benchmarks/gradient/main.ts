// Microseconds per log-density+gradient call, compiled js backend vs hand-written JS, in one run.
// `pnpm bench:gradient` prints a table; `pnpm -s bench:gradient --json` prints one JSON object.
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

/** Median over batches of the per-call time, each batch ~50 ms after a warm-up. */
function time(f: Fn, theta: Float64Array, grad: Float64Array): number {
  let n = 1;
  for (;;) {
    const t0 = performance.now();
    for (let i = 0; i < n; i++) f(theta, grad);
    if (performance.now() - t0 > 20) break;
    n *= 2;
  }
  const samples: number[] = [];
  for (let b = 0; b < 9; b++) {
    const t0 = performance.now();
    for (let i = 0; i < n; i++) f(theta, grad);
    samples.push(((performance.now() - t0) * 1000) / n);
  }
  samples.sort((a, b) => a - b);
  return samples[4];
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
  const us = time(compiled, theta, grad);
  const row: Row = { model: name, backend: 'js', us_per_call: us };
  if (hand) {
    // Same point, same answer: check before timing.
    const g2 = new Float64Array(model.dim);
    const a = model.logDensityAndGradient(theta, grad);
    const b = hand(theta, g2);
    if (Math.abs(a - b) > 1e-8 * Math.max(1, Math.abs(a)))
      throw new Error(`${name}: handwritten lp ${b} ≠ compiled ${a}`);
    const h = time(hand, theta, g2);
    row.handwritten_us_per_call = h;
    row.ratio = us / h;
  }
  return row;
}

const es = benchData('eight_schools');
const lr = benchData('logistic_regression');
const X = Float64Array.from((lr.X as number[][]).flat());
const results: Row[] = [
  bench('eight_schools_noncentered', eightSchoolsNoncentered(), eightSchoolsHandwritten(es.y, es.sigma)),
  bench(
    'logistic_regression',
    logisticRegression(),
    logisticHandwritten(X, Float64Array.from(lr.y), lr.N, lr.D),
  ),
  bench('hierarchical_linear', hierarchicalLinear()),
  bench('mmm', marketingMix()),
];

// The tfjs backend batched over 1000 chains: µs per chain-gradient.
await initTfjs();
function benchTfjs(name: string, g: Graph, B = 1000): Row | undefined {
  try {
    const model = compile(g, { backend: 'tfjs' });
    const thetas = Float64Array.from({ length: B * model.dim }, (_, i) => 0.1 * Math.sin(i + 1));
    const grads = new Float64Array(B * model.dim);
    const call: Fn = () => {
      model.logDensityAndGradientBatch(thetas, B, grads);
      return 0;
    };
    const us = time(call, thetas, grads) / B;
    model.dispose();
    return { model: name, backend: `tfjs-${selectedBackend()} ×${B}`, us_per_call: us };
  } catch (e) {
    process.stderr.write(`tfjs ${name}: skipped (${(e as Error).message})\n`);
    return undefined;
  }
}
for (const [name, g] of [
  ['eight_schools_noncentered', eightSchoolsNoncentered()],
  ['logistic_regression', logisticRegression()],
  ['hierarchical_linear', hierarchicalLinear()],
  ['mmm', marketingMix()],
] as const) {
  const r = benchTfjs(name, g);
  if (r) results.push(r);
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
