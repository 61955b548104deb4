// The posteriordb comparison rule (README of the reference suite): preconditions on R-hat and
// ESS, a mean test with |z| ≤ 4 using both MCSEs, and quantile tests at 5/50/95%, plus the
// analytic test where closed-form moments exist.

import { essBulk, essTail, type Fit, type InferenceData, mcseMean, rhat, sample } from '../../src/index.js';
import { readPosteriorFile } from './files.js';
import { posteriors } from './index.js';
import { buildFromDopl } from './language.js';
import { posteriordbNames } from './names.js';

export interface ParamResult {
  readonly name: string;
  readonly mean: number;
  readonly refMean: number;
  readonly z: number;
  readonly rhat: number;
  readonly essBulk: number;
  readonly essTail: number;
  /** Largest |F − π| / se over the three quantile levels. */
  readonly quantileZ: number;
  readonly analyticZ?: number;
  readonly pass: boolean;
  readonly why: string[];
}

export interface PosteriorResult {
  readonly posterior: string;
  readonly params: readonly ParamResult[];
  readonly divergences: number;
  readonly seconds: number;
  readonly pass: boolean;
}

export interface ConformanceOptions {
  readonly seed?: number;
  readonly chains?: number;
  readonly draws?: number;
  readonly tune?: number;
  readonly metric?: 'diag' | 'dense';
  readonly targetAccept?: number;
  readonly maxTreeDepth?: number;
  /**
   * Where the graph comes from: the posterior's `.dopl` file through the language (default), or
   * its TS-builder translation (the two are checked equal by language.test.ts).
   */
  readonly model?: 'dopl' | 'builder';
  readonly workers?: number;
}

/** Fits one posterior with NUTS and applies the comparison rule to every reference parameter. */
export async function checkPosterior(
  posterior: string,
  options: ConformanceOptions = {},
): Promise<PosteriorResult> {
  const model = posteriors[posterior];
  const graph =
    options.model === 'builder'
      ? model.build(readPosteriorFile(posterior, 'data.json'))
      : buildFromDopl(posterior);
  const t0 = performance.now();
  const fit: Fit = await sample(graph, {
    seed: options.seed ?? 20240601,
    chains: options.chains ?? 4,
    draws: options.draws ?? 1000,
    tune: options.tune ?? 1000,
    metric: options.metric,
    targetAccept: options.targetAccept,
    maxTreeDepth: options.maxTreeDepth,
    workers: options.workers,
  });
  const seconds = (performance.now() - t0) / 1000;
  const params = judgePosterior(posterior, fit.idata);
  const divergences = fit.idata.sample_stats!.diverging.data.reduce((a, b) => a + b, 0);
  return { posterior, params, divergences, seconds, pass: params.every((p) => p.pass) };
}

/** The comparison rule on every reported parameter of a fit's posterior group. */
export function judgePosterior(posterior: string, idata: InferenceData): ParamResult[] {
  const ref = readPosteriorFile(posterior, 'reference.json');
  const post = idata.posterior;
  if (post === undefined) throw new Error(`${posterior}: the InferenceData has no posterior group`);
  const params: ParamResult[] = [];
  for (const node of posteriors[posterior].reported) {
    const v = post[node];
    if (v === undefined) throw new Error(`${posterior}: the posterior has no '${node}'`);
    const [chains, draws, ...shape] = v.shape;
    const size = shape.reduce((a, b) => a * b, 1);
    posteriordbNames(node, shape).forEach((name, k) => {
      const perChain = Array.from({ length: chains }, (_, c) => {
        const out = new Float64Array(draws);
        for (let d = 0; d < draws; d++) out[d] = v.data[(c * draws + d) * size + k];
        return out;
      });
      params.push(
        judge(
          name,
          perChain,
          ref.parameters[name],
          ref.reference_diagnostics[name],
          ref.analytic_posterior?.parameters?.[name],
        ),
      );
    });
  }
  return params;
}

export function judge(
  name: string,
  draws: Float64Array[],
  ref: { mean: number; q05: number; q50: number; q95: number },
  refDiag: { ess_bulk: number; ess_tail: number; mcse_mean: number },
  analytic?: { mean: number },
): ParamResult {
  const all = draws.flatMap((c) => [...c]);
  const n = all.length;
  const mean = all.reduce((a, b) => a + b, 0) / n;
  const r = rhat(draws);
  const bulk = essBulk(draws);
  const tail = essTail(draws);
  const why: string[] = [];
  if (!(r <= 1.01)) why.push(`R-hat ${r.toFixed(3)} > 1.01`);
  if (!(bulk >= 400)) why.push(`bulk ESS ${bulk.toFixed(0)} < 400`);
  if (!(tail >= 400)) why.push(`tail ESS ${tail.toFixed(0)} < 400`);
  const mcse = mcseMean(draws);
  const z = (mean - ref.mean) / Math.sqrt(mcse ** 2 + refDiag.mcse_mean ** 2);
  if (!(Math.abs(z) <= 4)) why.push(`mean z = ${z.toFixed(2)}`);
  let quantileZ = 0;
  for (const [pi, q, ess, essRef] of [
    [0.05, ref.q05, tail, refDiag.ess_tail],
    [0.5, ref.q50, bulk, refDiag.ess_bulk],
    [0.95, ref.q95, tail, refDiag.ess_tail],
  ] as const) {
    const F = all.filter((x) => x <= q).length / n;
    const se = Math.sqrt(pi * (1 - pi) * (1 / ess + 1 / essRef));
    const zq = Math.abs(F - pi) / se;
    quantileZ = Math.max(quantileZ, zq);
    if (!(zq <= 4)) why.push(`quantile ${pi}: F = ${F.toFixed(4)}, |z| = ${zq.toFixed(2)}`);
  }
  let analyticZ: number | undefined;
  if (analytic) {
    analyticZ = (mean - analytic.mean) / mcse;
    if (!(Math.abs(analyticZ) <= 4)) why.push(`analytic mean z = ${analyticZ.toFixed(2)}`);
  }
  return {
    name,
    mean,
    refMean: ref.mean,
    z,
    rhat: r,
    essBulk: bulk,
    essTail: tail,
    quantileZ,
    analyticZ,
    pass: why.length === 0,
    why,
  };
}
