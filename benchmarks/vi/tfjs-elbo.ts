// Does the tfjs backend, batched over Monte Carlo draws, speed up ADVI on large data? On the
// logistic-regression bench (N = 5000, D = 25) this times (1) B log-density gradients: the js
// backend looping over B points against one tfjs `logDensityAndGradientBatch` call of B points,
// and the same for the log density alone (the ELBO estimate); (2) whole ADVI runs with
// `backend: 'js'` and `backend: 'tfjs'` for several gradient draws per step (a fixed η and a
// fixed number of iterations, so both do the same work).
//   npx tsx --conditions=development benchmarks/vi/tfjs-elbo.ts [--tf=wasm|cpu] [--json]
import { compile, initTfjs } from '@dopl/core';
import { advi } from '@dopl/inference';
import { logisticRegression } from '../models.js';

const json = process.argv.includes('--json');
const tfBackend = (process.argv.find((a) => a.startsWith('--tf='))?.slice(5) ?? 'wasm') as 'wasm' | 'cpu';
const graph = logisticRegression();
const js = compile(graph);
const selected = await initTfjs({ backend: tfBackend });
const tf = compile(graph, { backend: 'tfjs' });
const d = js.dim;

/** Milliseconds per call of f, over enough repetitions to take ~`budget` ms (after 2 warm-up calls). */
function time(f: () => void, budget = 1500): number {
  f();
  f();
  let reps = 0;
  const t0 = performance.now();
  while (performance.now() - t0 < budget || reps < 3) {
    f();
    reps++;
  }
  return (performance.now() - t0) / reps;
}

const raw: {
  B: number;
  grad_js_ms: number;
  grad_tfjs_ms: number;
  logp_js_ms: number;
  logp_tfjs_ms: number;
}[] = [];
for (const B of [1, 10, 100]) {
  // Points near the posterior (|θ| ≲ 1), as ADVI's draws are once it has moved there.
  const thetas = Float64Array.from({ length: B * d }, (_, i) => Math.sin(1.7 * i));
  const grads = new Float64Array(B * d);
  const g = new Float64Array(d);
  raw.push({
    B,
    grad_js_ms: time(() => {
      for (let b = 0; b < B; b++) js.logDensityAndGradient(thetas.subarray(b * d, (b + 1) * d), g);
    }),
    grad_tfjs_ms: time(() => tf.logDensityAndGradientBatch(thetas, B, grads)),
    logp_js_ms: time(() => {
      for (let b = 0; b < B; b++) js.logDensity(thetas.subarray(b * d, (b + 1) * d));
    }),
    logp_tfjs_ms: time(() => tf.logDensityBatch(thetas, B)),
  });
}
tf.dispose();

const runs: { grad_samples: number; backend: string; seconds: number; elbo: number; iterations: number }[] =
  [];
for (const gradSamples of [1, 10, 50]) {
  for (const backend of ['js', 'tfjs'] as const) {
    const t0 = performance.now();
    // 200 iterations at a fixed η (no adaptation, no early stop): the same work on either backend.
    const fit = advi(graph, {
      seed: 1,
      algorithm: 'meanfield',
      gradSamples,
      adaptEngaged: false,
      eta: 0.1,
      maxIterations: 200,
      tolRelObj: 1e-12,
      backend,
    });
    runs.push({
      grad_samples: gradSamples,
      backend,
      seconds: (performance.now() - t0) / 1000,
      elbo: fit.result.elboTrace.at(-1)?.elbo ?? Number.NaN,
      iterations: fit.result.iterations,
    });
  }
}

if (json) {
  process.stdout.write(
    `${JSON.stringify({ model: 'logistic_regression', tfjs_backend: selected, raw, runs })}\n`,
  );
} else {
  console.log(`logistic_regression (N = 5000, D = 25), tfjs backend '${selected}'`);
  console.log('| B | gradients: js loop ms | tfjs batch ms | log density: js loop ms | tfjs batch ms |');
  console.log('|---|---|---|---|---|');
  for (const r of raw) {
    console.log(
      `| ${r.B} | ${r.grad_js_ms.toFixed(2)} | ${r.grad_tfjs_ms.toFixed(2)} | ${r.logp_js_ms.toFixed(2)} | ${r.logp_tfjs_ms.toFixed(2)} |`,
    );
  }
  console.log('\n| ADVI mean-field, 200 iterations | backend | seconds | final ELBO |');
  console.log('|---|---|---|---|');
  for (const r of runs) {
    console.log(
      `| ${r.grad_samples} gradient draws | ${r.backend} | ${r.seconds.toFixed(2)} | ${r.elbo.toFixed(1)} |`,
    );
  }
}
