// Gradient evaluations, log-density-only evaluations and wall seconds of ADVI, Pathfinder and MAP
// + Laplace against NUTS on posteriordb posteriors, with the accuracy reached (worst |mean − ref|
// over reference sd, and the sd ratio range). Everything runs in this process, one thread, the
// model compiled once and wrapped by `countEvaluations`; NUTS chains run one after another.
//   npx tsx --conditions=development packages/inference/src/vi/measure-vs-nuts.ts [--models=a,b] [--seeds=1,2]
import { compile } from '@dopl/core';
import { posteriors, readPosteriorFile } from '../../test/posteriordb/index.js';
import { toPosteriordb } from '../../test/posteriordb/names.js';
import { sampleChain } from '../nuts/index.js';
import { type CountingModel, countEvaluations } from './counting.js';
import { advi } from './fit-advi.js';
import { optimize } from './fit-optimize.js';
import { pathfinder } from './fit-pathfinder.js';

const arg = (name: string) =>
  process.argv
    .find((a) => a.startsWith(`--${name}=`))
    ?.slice(name.length + 3)
    .split(',');
const names = arg('models') ?? [
  'kidiq-kidscore_momiq',
  'earnings-logearn_interaction_z',
  'sblrc-blr',
  'nes2000-nes',
  'diamonds-diamonds',
];
const seeds = (arg('seeds') ?? ['1']).map(Number);

interface Row {
  model: string;
  method: string;
  seed: number;
  grads: number;
  lds: number;
  seconds: number;
  worstZ: number;
  sdRatio: string;
  note: string;
}
const rows: Row[] = [];

function accuracy(
  model: CountingModel,
  reported: readonly string[],
  ref: Record<string, { mean: number; sd: number }>,
  draws: Float64Array,
  n: number,
) {
  const cols: Record<string, number[]> = {};
  for (let t = 0; t < n; t++) {
    const v = toPosteriordb(model.constrain(draws.subarray(t * model.dim, (t + 1) * model.dim)), reported);
    for (const [k, x] of Object.entries(v)) {
      cols[k] ??= [];
      cols[k].push(x);
    }
  }
  let worstZ = 0;
  let lo = Number.POSITIVE_INFINITY;
  let hi = 0;
  for (const [k, r] of Object.entries(ref)) {
    const xs = cols[k];
    const m = xs.reduce((a, b) => a + b, 0) / xs.length;
    const sd = Math.sqrt(xs.reduce((a, b) => a + (b - m) ** 2, 0) / (xs.length - 1));
    worstZ = Math.max(worstZ, Math.abs(m - r.mean) / r.sd);
    lo = Math.min(lo, sd / r.sd);
    hi = Math.max(hi, sd / r.sd);
  }
  return { worstZ, sdRatio: `${lo.toFixed(2)}–${hi.toFixed(2)}` };
}

for (const name of names) {
  const data = readPosteriorFile(name, 'data.json');
  const ref = readPosteriorFile(name, 'reference.json').parameters;
  const reported = posteriors[name].reported;
  const model = countEvaluations(compile(posteriors[name].build(data)));
  const run = (
    method: string,
    seed: number,
    f: () => { draws: Float64Array; numDraws: number; note?: string },
  ) => {
    model.resetCounts();
    const t0 = performance.now();
    let out: { draws: Float64Array; numDraws: number; note?: string };
    try {
      out = f();
    } catch (error) {
      rows.push({
        model: name,
        method,
        seed,
        grads: model.counts.gradient,
        lds: model.counts.logDensity,
        seconds: (performance.now() - t0) / 1000,
        worstZ: Number.NaN,
        sdRatio: '—',
        note: `failed: ${String(error).slice(11, 70)}`,
      });
      return;
    }
    const seconds = (performance.now() - t0) / 1000;
    const { worstZ, sdRatio } = accuracy(model, reported, ref, out.draws, out.numDraws);
    rows.push({
      model: name,
      method,
      seed,
      grads: model.counts.gradient,
      lds: model.counts.logDensity,
      seconds,
      worstZ,
      sdRatio,
      note: out.note ?? '',
    });
  };
  for (const seed of seeds) {
    for (const algorithm of ['meanfield', 'fullrank'] as const) {
      run(`ADVI ${algorithm} (Stan defaults)`, seed, () => {
        const f = advi(model, { seed, algorithm });
        return {
          ...f,
          note: `η=${f.result.eta} it=${f.result.iterations}${f.result.converged ? '' : ' not converged'}`,
        };
      });
    }
    run('ADVI fullrank, precondition laplace, 10 grad draws', seed, () => {
      const f = advi(model, {
        seed,
        algorithm: 'fullrank',
        precondition: 'laplace',
        gradSamples: 10,
        outputDraws: 4000,
      });
      return { ...f, note: `it=${f.result.iterations}, 4000 draws` };
    });
    run('Pathfinder (Stan defaults)', seed, () => {
      const f = pathfinder(model, { seed });
      return { ...f, note: `k̂=${f.paretoK.toFixed(2)}` };
    });
    run('MAP + Laplace (Stan tolerances)', seed, () => {
      const f = optimize(model, { seed, laplace: true });
      return { ...f, note: `${f.result.status}, ${f.result.iterations} it` };
    });
    // NUTS: 4 chains of Stan's default length, then the shortest equal warm-up/draws budget
    // (4 chains) whose means are within 0.1 reference sd.
    const nuts = (warmup: number, draws: number) => {
      const all = new Float64Array(4 * draws * model.dim);
      for (let c = 0; c < 4; c++) {
        const r = sampleChain(model, { seed: `${seed}:${c}`, numWarmup: warmup, numSamples: draws });
        all.set(r.draws, c * draws * model.dim);
      }
      return { draws: all, numDraws: 4 * draws };
    };
    if (name !== 'diamonds-diamonds') run('NUTS 4 × (1000 + 1000)', seed, () => nuts(1000, 1000));
    for (const n of [100, 150, 200, 300, 500]) {
      const before = rows.length;
      run(`NUTS 4 × (${n} + ${n})`, seed, () => nuts(n, n));
      if (rows[before].worstZ < 0.1) break;
    }
  }
}

const pad = (s: string, n: number) => (s.length >= n ? s : s + ' '.repeat(n - s.length));
console.log(
  `| model | method | seed | gradients | log-density only | seconds | worst |z| | sd / ref sd | note |`,
);
console.log('|---|---|---|---|---|---|---|---|---|');
for (const r of rows) {
  console.log(
    `| ${pad(r.model, 30)} | ${r.method} | ${r.seed} | ${r.grads} | ${r.lds} | ${r.seconds.toFixed(2)} | ${Number.isNaN(r.worstZ) ? '—' : r.worstZ.toFixed(3)} | ${r.sdRatio} | ${r.note} |`,
  );
}
