import { DoplError } from '@dopl/core';
import type { InferenceData } from '../data/index.js';
import { checkProb, checkScale, type Estimate, interval, posteriorDraws } from './draws.js';

// The response curves PyMC-Marketing plots, from the posterior draws of their parameters. The
// formulas are those of @dopl/core's ops (saturation_* and adstock_*), evaluated on a grid.

export type SaturationKind = 'logistic' | 'hill' | 'michaelis_menten';

/** y = x's saturation for one parameter draw (p holds the parameters in the op's order). */
export function saturationValue(kind: SaturationKind, x: number, p: readonly number[]): number {
  switch (kind) {
    case 'logistic': {
      const e = Math.exp(-p[0] * x);
      return (1 - e) / (1 + e);
    }
    case 'hill':
      return x <= 0 ? 0 : 1 / (1 + (p[0] / x) ** p[1]);
    case 'michaelis_menten':
      return (p[0] * x) / (p[1] + x);
  }
}

/** Derivative of saturationValue in x. */
export function saturationSlope(kind: SaturationKind, x: number, p: readonly number[]): number {
  switch (kind) {
    case 'logistic': {
      const e = Math.exp(-p[0] * x);
      return (2 * p[0] * e) / (1 + e) ** 2;
    }
    case 'hill': {
      if (x <= 0) return 0;
      const r = (p[0] / x) ** p[1];
      return (p[1] * r) / (x * (1 + r) ** 2);
    }
    case 'michaelis_menten':
      return (p[0] * p[1]) / (p[1] + x) ** 2;
  }
}

const ARITY: Record<SaturationKind, number> = { logistic: 1, hill: 2, michaelis_menten: 2 };

export interface SaturationSpec {
  readonly kind: SaturationKind;
  /** Posterior variables of the curve's parameters, in the op's order, each [C] (or scalar). */
  readonly params: readonly string[];
  /** Channel effect multiplying the curve (e.g. 'beta'); omit for the bare curve. */
  readonly effect?: string;
  /** Spend divisor applied before the curve (PyMC-Marketing's max|x_c|), per channel. Default 1. */
  readonly spendScale?: readonly number[];
  /** Multiplier of the output (max|y|). Default 1. */
  readonly scale?: number;
}

/** Per draw i and channel c, the parameters of the curve and its effect multiplier. */
export interface ChannelCurves {
  readonly C: number;
  readonly n: number;
  /** Weekly contribution at steady weekly spend s (original units) for draw i. */
  value(c: number, i: number, s: number): number;
  slope(c: number, i: number, s: number): number;
}

export function channelCurves(idata: InferenceData, spec: SaturationSpec): ChannelCurves {
  if (spec.params.length !== ARITY[spec.kind])
    throw new DoplError(
      `saturation '${spec.kind}' takes ${ARITY[spec.kind]} parameter(s), got ${spec.params.length}`,
    );
  const ps = spec.params.map((name) => posteriorDraws(idata, name));
  const eff = spec.effect ? posteriorDraws(idata, spec.effect) : undefined;
  const all = eff ? [...ps, eff] : ps;
  const C = Math.max(...all.map((d) => d.size));
  for (const d of all) {
    if (d.size !== 1 && d.size !== C)
      throw new DoplError(`'${d.name}' has ${d.size} entries; expected 1 or ${C} (one per channel)`, {
        node: d.name,
      });
    if (d.n !== all[0].n)
      throw new DoplError(`'${d.name}' and '${all[0].name}' have different numbers of draws`);
  }
  const xs = spec.spendScale ?? Array(C).fill(1);
  if (xs.length !== C) throw new DoplError(`spendScale needs ${C} entries, got ${xs.length}`);
  const scale = checkScale(spec.scale ?? 1);
  const p = new Array<number>(ps.length);
  const at = (d: (typeof all)[number], i: number, c: number) => d.data[i * d.size + (d.size === 1 ? 0 : c)];
  const load = (c: number, i: number) => {
    for (let k = 0; k < ps.length; k++) p[k] = at(ps[k], i, c);
    return (eff ? at(eff, i, c) : 1) * scale;
  };
  return {
    C,
    n: all[0].n,
    value: (c, i, s) => load(c, i) * saturationValue(spec.kind, s / xs[c], p),
    slope: (c, i, s) => (load(c, i) * saturationSlope(spec.kind, s / xs[c], p)) / xs[c],
  };
}

export interface CurvePoint {
  readonly x: number;
  readonly y: Estimate;
}

/**
 * Saturation curve of each channel on a spend grid (original units), with posterior intervals:
 * with normalised adstock and a steady spend s per week, this is the weekly contribution.
 */
export function saturationCurves(
  idata: InferenceData,
  spec: SaturationSpec & { readonly grid: readonly number[]; readonly prob?: number },
): CurvePoint[][] {
  const prob = checkProb(spec.prob ?? 0.94);
  const k = channelCurves(idata, spec);
  const buf = new Float64Array(k.n);
  return Array.from({ length: k.C }, (_, c) =>
    spec.grid.map((x) => {
      for (let i = 0; i < k.n; i++) buf[i] = k.value(c, i, x);
      return { x, y: interval(buf, prob) };
    }),
  );
}

export type AdstockKind = 'geometric' | 'delayed';

/** Adstock weights w[0..L-1] as core's adstock ops compute them. */
export function adstockWeights(
  kind: AdstockKind,
  p: readonly number[],
  lMax: number,
  normalize = true,
): Float64Array {
  if (!Number.isInteger(lMax) || lMax < 1)
    throw new DoplError(`l_max must be a positive integer, got ${lMax}`);
  const w = new Float64Array(lMax);
  for (let l = 0; l < lMax; l++) w[l] = kind === 'geometric' ? p[0] ** l : p[0] ** ((l - p[1]) ** 2);
  if (normalize) {
    let s = 0;
    for (const v of w) s += v;
    for (let l = 0; l < lMax; l++) w[l] /= s;
  }
  return w;
}

/** Each channel's carry-over weights by lag 0…l_max−1, with posterior intervals. */
export function adstockCurves(
  idata: InferenceData,
  spec: {
    readonly kind: AdstockKind;
    readonly params: readonly string[];
    readonly lMax: number;
    readonly normalize?: boolean;
    readonly prob?: number;
  },
): Estimate[][] {
  const prob = checkProb(spec.prob ?? 0.94);
  const want = spec.kind === 'geometric' ? 1 : 2;
  if (spec.params.length !== want)
    throw new DoplError(`adstock '${spec.kind}' takes ${want} parameter(s), got ${spec.params.length}`);
  const ps = spec.params.map((name) => posteriorDraws(idata, name));
  const C = Math.max(...ps.map((d) => d.size));
  const n = ps[0].n;
  const w = Array.from({ length: spec.lMax }, () => new Float64Array(n));
  return Array.from({ length: C }, (_, c) => {
    for (let i = 0; i < n; i++) {
      const p = ps.map((d) => d.data[i * d.size + (d.size === 1 ? 0 : c)]);
      const wi = adstockWeights(spec.kind, p, spec.lMax, spec.normalize ?? true);
      for (let l = 0; l < spec.lMax; l++) w[l][i] = wi[l];
    }
    return w.map((v) => interval(v, prob));
  });
}
