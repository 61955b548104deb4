// Two what-if questions answered from the fit of mmm.dopl, with posterior intervals:
//  1. counterfactual: "sales in weeks 60–80 had x2 spent nothing" — the same weeks, the same
//     noise (abducted: with additive Normal noise, ε_t = y_t − μ_t exactly), x2's spend set to 0;
//  2. interventional: "next quarter (13 weeks) if we spend 20 % more on x1" — the model run 13
//     weeks past the data with last year's spend pattern, do(x1 × 1.2) against do(x1 × 1).
// `dopl query` (the causal query command) is the general route for such questions; this script
// computes them with the MMM API (spendEvaluator), which needs no query language.
//
//   pnpm -s tsx --conditions=development examples/marketing-mix/scenarios.ts --fit fit/ [--json]
import { fileURLToPath } from 'node:url';
import { bind, sampleForward, type Tensor, tensor } from '@dopl/core';
import { type Estimate, posteriorEstimate as interval, spendEvaluator } from '@dopl/inference';
import { type Loaded, load } from './report.js';

const PROB = 0.94;

/** Weeks [from, to] with x2 at zero: observed sales, counterfactual sales, and the loss. */
export function counterfactualNoX2(m: Loaded, from = 60, to = 80, carry = 7) {
  const ev = spendEvaluator(m.graph, m.idata, { spend: 'spend', contribution: 'channel_contribution' });
  const { T, C, n } = ev;
  const x = Float64Array.from(ev.spend);
  for (let t = from; t <= to; t++) x[t * C + 1] = 0;
  const base = ev.contributions(ev.spend);
  const cf = ev.contributions(x);
  const y = m.graph.get('y');
  const yObs = y.kind === 'data' ? y.value!.data : new Float64Array(T);
  // The window counts the carry-over weeks after `to`, where x2's past spend still acts.
  const end = Math.min(T - 1, to + carry);
  let observed = 0;
  for (let t = from; t <= end; t++) observed += yObs[t];
  const cfSales = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    let d = 0;
    for (let t = from; t <= end; t++) d += cf[i * T * C + t * C + 1] - base[i * T * C + t * C + 1];
    cfSales[i] = observed + m.yMax * d;
  }
  return {
    weeks: [from, end] as const,
    observed,
    counterfactual: interval(cfSales, PROB),
    loss: interval(
      cfSales.map((v) => observed - v),
      PROB,
    ),
  };
}

/** Sales over the next `H` weeks, last year's spend pattern, x1 scaled by `lift` vs not. */
export function nextQuarterX1(m: Loaded, lift = 1.2, H = 13) {
  const T = m.spend.length;
  const g0 = m.graph;
  const val = (name: string) => {
    const n = g0.get(name);
    if (n.kind !== 'data' || !n.value) throw new Error(`'${name}' is not bound data`);
    return n.value;
  };
  const extend = (v: Tensor, rows: (k: number) => number[]): Tensor => {
    const row = v.data.length / v.shape[0];
    const data = new Float64Array(v.data.length + H * row);
    data.set(v.data);
    for (let k = 0; k < H; k++) data.set(rows(k), v.data.length + k * row);
    return tensor(data, [T + H, ...v.shape.slice(1)]);
  };
  const rowOf = (v: Tensor, t: number) => {
    const row = v.data.length / v.shape[0];
    return Array.from(v.data.subarray(t * row, (t + 1) * row));
  };
  // The future weeks' calendar: t continues, Fourier terms 52 weeks on (364 days, one day short
  // of a year, as PyMC-Marketing's weekly dates drift), events off, spend as 52 weeks earlier.
  const fourier = val('fourier');
  const lastDay = Math.round(
    (Math.atan2(rowOf(fourier, T - 1)[0], rowOf(fourier, T - 1)[2]) / (2 * Math.PI)) * 365.25,
  );
  const scenario = (k: number) => {
    const spend = extend(val('spend'), (j) =>
      rowOf(val('spend'), T - 52 + j).map((s, c) => (c === 0 ? s * k : s)),
    );
    const doy = (j: number) => (((lastDay + 7 * (j + 1)) % 365.25) + 365.25) % 365.25;
    return bind(g0, {
      T: tensor([T + H], []),
      y: extend(val('y'), () => [0]),
      spend,
      events: extend(val('events'), () => [0, 0]),
      t: extend(val('t'), (j) => [T + j]),
      fourier: extend(fourier, (j) => {
        const a = (2 * Math.PI * doy(j)) / 365.25;
        return [Math.sin(a), Math.sin(2 * a), Math.cos(a), Math.cos(2 * a)];
      }),
    });
  };
  const given: Record<string, Tensor> = {};
  for (const node of g0.nodes) {
    if (node.kind !== 'random' || (node.kind === 'random' && (node.observed || node.data))) continue;
    const v = m.idata.posterior![node.name];
    given[node.name] = { shape: [v.shape[0] * v.shape[1], ...v.shape.slice(2)], data: v.data };
  }
  // The same seed in both worlds: the noise draws are shared, so the difference is the effect.
  const sales = (k: number) => {
    const out = sampleForward(scenario(k), { given, predictive: true, seed: 11 });
    const draws = out.y_scaled.shape[0];
    const s = new Float64Array(draws);
    for (let i = 0; i < draws; i++)
      for (let t = T; t < T + H; t++) s[i] += out.y_scaled.data[i * (T + H) + t] * m.yMax;
    return s;
  };
  const base = sales(1);
  const more = sales(lift);
  let extra = 0;
  for (let j = 0; j < H; j++) extra += rowOf(val('spend'), T - 52 + j)[0] * (lift - 1);
  const uplift = more.map((v, i) => v - base[i]);
  return {
    weeks: [T, T + H - 1] as const,
    baseline: interval(base, PROB),
    scenario: interval(more, PROB),
    uplift: interval(uplift, PROB),
    extraSpend: extra,
    roi: interval(
      uplift.map((v) => v / extra),
      PROB,
    ),
  };
}

const est = (e: Estimate) => `${e.mean.toFixed(0)} [${e.lower.toFixed(0)}, ${e.upper.toFixed(0)}]`;

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  // A missing fit, a bad flag or a model error is one line on stderr, not a stack trace.
  try {
    const i = process.argv.indexOf('--fit');
    if (i < 0 || !process.argv[i + 1]) {
      console.error('usage: scenarios.ts --fit DIR [--json]');
      process.exit(2);
    }
    const m = load(process.argv[i + 1]);
    const cf = counterfactualNoX2(m);
    const iv = nextQuarterX1(m);
    if (process.argv.includes('--json'))
      console.log(JSON.stringify({ counterfactual: cf, interventional: iv }, null, 1));
    else {
      console.log(
        `Counterfactual, weeks ${cf.weeks[0]}–${cf.weeks[1]} (x2 off in 60–80, carry-over to ${cf.weeks[1]}):`,
      );
      console.log(`  observed sales        ${cf.observed.toFixed(0)}`);
      console.log(`  had x2 spent nothing  ${est(cf.counterfactual)}`);
      console.log(`  sales x2 brought      ${est(cf.loss)}`);
      console.log(`Next quarter, weeks ${iv.weeks[0]}–${iv.weeks[1]}, last year's spend pattern:`);
      console.log(`  as planned            ${est(iv.baseline)}`);
      console.log(`  x1 spend + 20 %       ${est(iv.scenario)}`);
      console.log(`  uplift                ${est(iv.uplift)} for ${iv.extraSpend.toFixed(3)} more x1 spend`);
      console.log(`  return per unit spend ${est(iv.roi)}`);
    }
  } catch (err) {
    console.error(`error: ${err instanceof Error ? err.message : String(err)}`);
    process.exit(1);
  }
}
