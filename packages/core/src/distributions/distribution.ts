import { DoplError, ShapeError } from '../errors.js';
import { call, type Expr } from '../graph/expr.js';
import type { ElementwiseSpec } from '../ops/index.js';
import { elementwise } from '../ops/registry.js';
import type { Rng } from '../random/index.js';
import { broadcastShapes, formatShape, type Shape } from '../tensor/index.js';

/**
 * Where a distribution puts its mass. Bounds name a parameter (Uniform's `lower`) or are numbers.
 * The support decides the default bijector to the unconstrained space.
 */
export type Support =
  | { readonly kind: 'real' }
  | { readonly kind: 'positive' }
  | { readonly kind: 'unit' }
  | { readonly kind: 'interval'; readonly lower: string | number; readonly upper: string | number }
  | { readonly kind: 'integer'; readonly lower: number; readonly upper?: string | number }
  | { readonly kind: 'simplex' }
  | { readonly kind: 'real_vector' }
  | { readonly kind: 'cholesky_corr' };

/** Conditions on constant parameter values, checked when the model is built. */
export type ParamCheck =
  | 'real'
  | 'positive'
  | 'nonnegative'
  | 'unit'
  | 'unit_closed'
  | 'count'
  | 'simplex'
  | 'probabilities';

/**
 * The structural form x = F(params, u) used by counterfactuals (DESIGN §3). `u` follows a fixed
 * base distribution; `abduct` recovers u from an observed x — a point for continuous families, an
 * interval [lo, hi) of uniforms for discrete ones.
 */
export interface Structural {
  readonly base: 'normal' | 'uniform';
  /**
   * Parameters that are a vector per element, along their last axis (Categorical's p and
   * logits): they come in `vectors`, not in `p`, whose values are one number per element.
   */
  readonly vectorParams?: readonly string[];
  readonly apply: (p: Readonly<Record<string, number>>, u: number, vectors?: StructuralVectors) => number;
  readonly abduct: (
    p: Readonly<Record<string, number>>,
    x: number,
    vectors?: StructuralVectors,
  ) => number | readonly [number, number];
}

/** The `vectorParams` of one element of a node, by parameter name. */
export type StructuralVectors = Readonly<Record<string, ArrayLike<number>>>;

/** A family of distributions with its log-density, sampler, support and structural form. */
export interface Distribution {
  readonly name: string;
  /** Parameter names in positional order (PyMC's names). */
  readonly params: readonly string[];
  /** Alternative ways to give the parameters (e.g. Bernoulli's p or logit_p); default: params. */
  readonly parametrizations: readonly (readonly string[])[];
  readonly defaults: Readonly<Record<string, number>>;
  /** 0 for scalar families, 1 for vector events (Dirichlet, MvNormal), 2 for matrix events. */
  readonly eventRank: number;
  readonly support: Support;
  readonly discrete: boolean;
  readonly checks: Readonly<Record<string, ParamCheck>>;
  /** Batch and event shapes implied by the argument shapes. */
  shapes(args: Readonly<Record<string, Shape>>, where: string): { batch: Shape; event: Shape };
  /** Log-density of x per event (shape = batch shape) as a graph expression. */
  logp(x: Expr, args: Readonly<Record<string, Expr>>): Expr;
  /** Draws one scalar (scalar families) given numeric parameters. */
  sample?(rng: Rng, p: Readonly<Record<string, number>>): number;
  /** Draws one event into out[offset…] (vector families); params are flat arrays per event. */
  sampleEvent?(
    rng: Rng,
    p: Readonly<Record<string, Float64Array>>,
    out: Float64Array,
    offset: number,
    eventShape?: Shape,
  ): void;
  readonly cdf?: (x: number, p: Readonly<Record<string, number>>) => number;
  readonly structural?: Structural;
  readonly improper?: boolean;
}

const registry = new Map<string, Distribution>();

export function registerDistribution(d: Distribution): Distribution {
  if (registry.has(d.name)) throw new Error(`distribution ${d.name} defined twice`);
  registry.set(d.name, d);
  return d;
}

export function getDistribution(name: string): Distribution {
  const d = registry.get(name);
  if (!d) {
    const names = [...registry.keys()];
    const close = names.find((n) => n.toLowerCase() === name.toLowerCase());
    throw new DoplError(`unknown distribution '${name}'${close ? ` (did you mean ${close}?)` : ''}`);
  }
  return d;
}

export const distributionNames = (): string[] => [...registry.keys()];

/** Scalar-family batch shape: the broadcast of every argument. */
export function broadcastArgs(name: string, args: Readonly<Record<string, Shape>>, where: string) {
  try {
    return { batch: broadcastShapes(...Object.values(args)), event: [] as Shape };
  } catch {
    const desc = Object.entries(args)
      .map(([k, s]) => `${k} ${formatShape(s)}`)
      .join(', ');
    throw new ShapeError(`${name}: argument shapes do not broadcast (${desc})`, { node: where });
  }
}

export interface ScalarFamilySpec {
  readonly name: string;
  readonly params: readonly string[];
  readonly parametrizations?: readonly (readonly string[])[];
  readonly defaults?: Readonly<Record<string, number>>;
  readonly support: Support;
  readonly discrete?: boolean;
  readonly checks: Readonly<Record<string, ParamCheck>>;
  /**
   * Elementwise log-density over (x, ...params) — forward and partials side by side. Out of the
   * support or with invalid parameters it must give −Infinity, never NaN. For families with
   * several parametrizations, one spec per parametrization (same order).
   */
  readonly lpdf: ElementwiseSpec | readonly ElementwiseSpec[];
  // biome-ignore lint/suspicious/noExplicitAny: tfjs is loaded dynamically
  readonly tf?:
    | ((tf: any, args: readonly any[]) => any)
    | readonly ((tf: any, args: readonly any[]) => any)[];
  readonly sample: (rng: Rng, p: Readonly<Record<string, number>>) => number;
  readonly cdf?: (x: number, p: Readonly<Record<string, number>>) => number;
  readonly structural?: Structural;
  readonly improper?: boolean;
}

/**
 * Defines a scalar family: registers its elementwise log-density op(s) `<name>_lpdf` (one per
 * parametrization) and the distribution itself.
 */
export function scalarFamily(spec: ScalarFamilySpec): Distribution {
  const parametrizations = spec.parametrizations ?? [spec.params];
  const lpdfs = Array.isArray(spec.lpdf) ? (spec.lpdf as ElementwiseSpec[]) : [spec.lpdf as ElementwiseSpec];
  const tfs = Array.isArray(spec.tf) ? spec.tf : [spec.tf];
  const opNames = parametrizations.map((ps, i) => {
    const op = `${spec.name.toLowerCase()}${i === 0 ? '' : `_${ps.join('_')}`}_lpdf`;
    elementwise(op, 1 + ps.length, lpdfs[i], tfs[i], spec.discrete ? [0] : undefined);
    return op;
  });
  return registerDistribution({
    name: spec.name,
    params: spec.params,
    parametrizations,
    defaults: spec.defaults ?? {},
    eventRank: 0,
    support: spec.support,
    discrete: spec.discrete ?? false,
    checks: spec.checks,
    shapes: (args, where) => broadcastArgs(spec.name, args, where),
    logp: (x, args) => {
      const k = parametrizations.findIndex((ps) => ps.every((p) => p in args));
      if (k < 0) throw new DoplError(`${spec.name}: missing parameters`);
      return call(opNames[k], [x, ...parametrizations[k].map((p) => args[p])]);
    },
    sample: spec.sample,
    cdf: spec.cdf,
    structural: spec.structural,
    improper: spec.improper,
  });
}
