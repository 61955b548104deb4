import {
  type AbductedNoise,
  abductNoise,
  applyNoise,
  causalDag,
  type Distribution,
  DoplError,
  doIntervention,
  elementParams,
  type Graph,
  getDistribution,
  type Intervention,
  type RandomNode,
  Rng,
  readsNatural,
  type StructuralVectors,
  sampleForward,
  type Tensor,
  withArgs,
} from '@dopl/core';

/**
 * Pearl's abduction–action–prediction over weighted rows of the factual world, for one or more
 * actions sharing the same abducted noise. The noise of a continuous node is a point; that of a
 * discrete node an interval [lo, hi) of its Uniform(0, 1) coupling variable. With `exact`, an
 * interval is integrated exactly: where the counterfactual value changes inside the interval the
 * row splits into one row per value, weighted by the share of the interval producing it, and
 * each child row keeps its sub-interval, so later actions (a `vs` world) see the same noise and
 * per-row contrasts stay exact. Otherwise one uniform point is drawn per interval.
 */
export interface CounterfactualRowsOptions {
  readonly exact: boolean;
  readonly seed: number | string;
  /** Largest number of rows the exact splitting may create (default 1 000 000). */
  readonly maxRows?: number;
}

export interface CounterfactualRows {
  /** Per action: every random and deterministic node of its world, leading axis = row. */
  readonly worlds: Record<string, Tensor>[];
  /** Row weights (normalised), or undefined when the rows are the unweighted base rows. */
  readonly weights?: Float64Array;
  /** Whether any row was split (the rows are then no longer the base rows in order). */
  readonly split: boolean;
}

interface Noise {
  readonly per: number;
  lo: Float64Array;
  hi: Float64Array;
  readonly point: boolean;
}

const DEFAULT_MAX_ROWS = 1_000_000;

/** Exact integration of discrete noise would split the rows beyond `maxRows`. */
export class TooManyRows extends DoplError {
  constructor(node: string, maxRows: number) {
    super(
      `counterfactual: integrating the noise of '${node}' exactly needs more than ${maxRows} rows; use method 'importance' (one uniform draw per noise interval)`,
      { node },
    );
  }
}

function checkCopyable(node: RandomNode): void {
  const d = getDistribution(node.dist.name);
  const where = `counterfactual: '${node.name}'`;
  if (!d.structural)
    throw new DoplError(
      `${where}: ${d.name} has no structural form x = F(params, u), so its noise cannot be shared between worlds`,
      {
        node: node.name,
      },
    );
  if (d.eventRank > 0)
    throw new DoplError(`${where}: ${d.name} has no scalar structural form`, { node: node.name });
  if (node.recurrence)
    throw new DoplError(`${where}: random recurrences have no structural form yet`, { node: node.name });
  if (node.constraint)
    throw new DoplError(`${where}: its constraint truncates ${d.name}`, { node: node.name });
}

/** Random nodes recomputed under an action (named as in do()'s graph) → the factual node whose noise they reuse. */
function reuseMap(g0: Graph, act: Readonly<Record<string, Intervention>>): Map<string, string> {
  const dag = causalDag(g0);
  const acted = Object.keys(act);
  for (const a of acted) g0.get(a);
  const copied = new Set(acted);
  const stack = [...acted];
  while (stack.length) {
    for (const c of dag.children.get(stack.pop()!) ?? []) {
      if (!copied.has(c)) {
        copied.add(c);
        stack.push(c);
      }
    }
  }
  const reuse = new Map<string, string>();
  for (const n of g0.nodes) {
    if (n.kind !== 'random' || !copied.has(n.name)) continue;
    const what = act[n.name];
    if (what === undefined) reuse.set(n.name, n.name);
    else if (readsNatural(what) && (dag.parents.get(n.name) ?? []).some((p) => copied.has(p)))
      reuse.set(`${n.name}_natural`, n.name);
  }
  return reuse;
}

/** The noise interval of x, or undefined where the parameters admit none (NaN, out of range). */
function noiseOf(
  dist: Distribution,
  params: Readonly<Record<string, number>>,
  x: number,
  vectors: StructuralVectors | undefined,
): AbductedNoise | undefined {
  if (!Number.isFinite(x) || Object.values(params).some(Number.isNaN)) return undefined;
  try {
    return abductNoise(dist, params, x, vectors);
  } catch (err) {
    if (err instanceof DoplError) return undefined;
    throw err;
  }
}

/** Every array re-indexed by `parent` (new row i copies old row parent[i]). */
export function gatherRows(t: Tensor, parent: Int32Array): Tensor {
  const per = t.data.length / t.shape[0];
  const data = new Float64Array(parent.length * per);
  for (let i = 0; i < parent.length; i++)
    data.set(t.data.subarray(parent[i] * per, (parent[i] + 1) * per), i * per);
  return { shape: [parent.length, ...t.shape.slice(1)], data };
}

const gatherArray = (a: Float64Array, per: number, parent: Int32Array): Float64Array =>
  gatherRows({ shape: [a.length / per, per], data: a }, parent).data;

export function counterfactualRows(
  g0: Graph,
  base: {
    readonly values: Readonly<Record<string, Tensor>>;
    readonly n: number;
    readonly weights?: Float64Array;
  },
  actions: readonly Readonly<Record<string, Intervention>>[],
  options: CounterfactualRowsOptions,
): CounterfactualRows {
  const maxRows = options.maxRows ?? DEFAULT_MAX_ROWS;
  const seed = options.seed;
  const randoms = g0.nodes.filter((n): n is RandomNode => n.kind === 'random');
  const fixed: Record<string, Tensor> = {};
  for (const r of randoms) {
    const v = base.values[r.name];
    if (!v) throw new DoplError(`counterfactual: no factual values of '${r.name}'`, { node: r.name });
    fixed[r.name] = v;
  }
  const reuses = actions.map((a) => reuseMap(g0, a));
  const sources = [...new Set(reuses.flatMap((m) => [...m.values()]))];
  for (const s of sources) checkCopyable(g0.get(s) as RandomNode);

  // Rows start as the base rows with positive weight (a zero-weight state cannot have happened).
  let parent0: number[] = [];
  for (let i = 0; i < base.n; i++) if (!base.weights || base.weights[i] > 0) parent0.push(i);
  if (parent0.length === base.n) parent0 = [];
  let weight: Float64Array | undefined = base.weights ? Float64Array.from(base.weights) : undefined;
  let factual: Record<string, Tensor> = fixed;
  let rows = base.n;
  if (parent0.length) {
    const p = Int32Array.from(parent0);
    factual = Object.fromEntries(Object.entries(fixed).map(([k, v]) => [k, gatherRows(v, p)]));
    weight = gatherArray(weight!, 1, p);
    rows = p.length;
  }

  // (1) Abduction from the factual values and the parameters they were drawn with.
  const fx = sampleForward(withArgs(g0, sources), { given: factual, draws: rows, seed: `${seed}/factual` });
  const rng = new Rng(`${seed}/noise`);
  const noise = new Map<string, Noise>();
  for (const s of sources) {
    const node = g0.get(s) as RandomNode;
    const dist = getDistribution(node.dist.name);
    const x = fx[s].data;
    const per = x.length / rows;
    const lo = new Float64Array(x.length);
    const hi = new Float64Array(x.length);
    let point = true;
    for (let j = 0; j < x.length; j++) {
      const { params, vectors } = elementParams(fx, node, j);
      const u = abductNoise(dist, params, x[j], vectors);
      // A value so far in a tail that its CDF rounds to 0 or 1 leaves no noise to share (an
      // empty interval, or u = 1, whose inverse CDF is infinite in every world).
      if (u.kind === 'interval' ? !(u.hi > u.lo) : u.base === 'uniform' && u.u >= 1) {
        const shown = Object.entries(params)
          .map(([k, v]) => `${k} = ${Number(v.toPrecision(6))}`)
          .join(', ');
        throw new DoplError(
          `counterfactual: the value ${x[j]} of '${s}' is so far in the tail of ${dist.name}(${shown}) that the noise behind it cannot be resolved in double precision (its cumulative probability rounds to ${u.kind === 'interval' ? `${u.lo}` : '1'})`,
          { node: s },
        );
      }
      if (u.kind === 'point') {
        lo[j] = hi[j] = u.u;
      } else if (options.exact) {
        point = false;
        lo[j] = u.lo;
        hi[j] = u.hi;
      } else {
        lo[j] = hi[j] = u.lo + (u.hi - u.lo) * rng.uniform();
      }
    }
    noise.set(s, { per, lo, hi, point });
  }

  let split = false;
  const worlds: Record<string, Tensor>[] = [];
  const expand = (parent: Int32Array, known: Record<string, Tensor>) => {
    split = true;
    for (const [k, v] of Object.entries(factual)) factual[k] = gatherRows(v, parent);
    for (const [k, v] of Object.entries(known)) known[k] = gatherRows(v, parent);
    for (const w of worlds) for (const [k, v] of Object.entries(w)) w[k] = gatherRows(v, parent);
    for (const nz of noise.values()) {
      nz.lo = gatherArray(nz.lo, nz.per, parent);
      nz.hi = gatherArray(nz.hi, nz.per, parent);
    }
    weight = weight
      ? gatherArray(weight, 1, parent)
      : gatherArray(new Float64Array(rows).fill(1 / base.n), 1, parent);
    rows = parent.length;
  };

  // (2) Action and (3) prediction, one world at a time; a world's random nodes outside the
  // recomputed set keep their factual values (x_natural of a shift with unmoved parents: x's).
  actions.forEach((act, w) => {
    const reuse = reuses[w];
    const gc = doIntervention(g0, act);
    const known: Record<string, Tensor> = {};
    for (const n of gc.nodes) {
      if (n.kind !== 'random' || reuse.has(n.name) || n.name in act) continue;
      const natural = n.name.endsWith('_natural') && !g0.has(n.name);
      known[n.name] = factual[natural ? n.name.slice(0, -'_natural'.length) : n.name];
    }
    const order = gc.names;
    let pass = 0;
    for (const r of order.filter((n) => reuse.has(n))) {
      const node = gc.get(r) as RandomNode;
      const out = sampleForward(withArgs(gc, [r]), {
        given: known,
        draws: rows,
        seed: `${seed}/w${w}/${pass++}`,
      });
      // A stochastic action upstream of r has now been drawn: keep that draw for later passes.
      for (const s of Object.keys(act)) {
        if (!(s in known) && gc.get(s).kind === 'random' && order.indexOf(s) < order.indexOf(r))
          known[s] = out[s];
      }
      const nz = noise.get(reuse.get(r)!)!;
      const dist = getDistribution(node.dist.name);
      const per = nz.per;
      if (nz.point) {
        const values = new Float64Array(rows * per);
        for (let j = 0; j < values.length; j++) {
          const { params, vectors } = elementParams(out, node, j);
          values[j] = applyNoise(dist, params, nz.lo[j], vectors);
        }
        known[r] = { shape: [rows, ...gc.shapeOf(r)], data: values };
        continue;
      }
      // Exact: the values the interval can produce, each with its sub-interval.
      const options: { v: number; lo: number; hi: number; p: number }[][] = [];
      let total = 0;
      for (let j = 0; j < rows * per; j++) {
        const { params: p, vectors } = elementParams(out, node, j);
        const lo = nz.lo[j];
        const hi = nz.hi[j];
        const opts: { v: number; lo: number; hi: number; p: number }[] = [];
        if (!(hi > lo)) opts.push({ v: applyNoise(dist, p, lo, vectors), lo, hi, p: 1 });
        else {
          let u = lo;
          while (u < hi) {
            const v = applyNoise(dist, p, u, vectors);
            const a = noiseOf(dist, p, v, vectors);
            if (a === undefined) {
              // Parameters the action made invalid (a shift past the last category): the value is
              // NaN, and the world's checks then name the action that caused it.
              opts.push({ v: Number.NaN, lo: u, hi, p: (hi - u) / (hi - lo) });
              break;
            }
            if (a.kind !== 'interval' || !(a.hi > u))
              throw new DoplError(`counterfactual: '${r}': the coupling of ${dist.name} is not monotone`, {
                node: r,
              });
            const segHi = Math.min(hi, a.hi);
            opts.push({ v, lo: u, hi: segHi, p: (segHi - u) / (hi - lo) });
            u = segHi;
          }
        }
        options.push(opts);
      }
      const parent: number[] = [];
      const chosen: number[][] = [];
      for (let i = 0; i < rows; i++) {
        // The product over the row's elements of their options (usually one each), counted first.
        let count = 1;
        for (let e = 0; e < per && count <= maxRows; e++) count *= options[i * per + e].length;
        total += count;
        if (total > maxRows) throw new TooManyRows(r, maxRows);
        let combos: number[][] = [[]];
        for (let e = 0; e < per; e++) {
          const k = options[i * per + e].length;
          if (k === 1) for (const c of combos) c.push(0);
          else combos = combos.flatMap((c) => Array.from({ length: k }, (_, m) => [...c, m]));
        }
        for (const c of combos) {
          parent.push(i);
          chosen.push(c);
        }
      }
      const p = Int32Array.from(parent);
      if (p.length !== rows) expand(p, known);
      const vals = new Float64Array(rows * per);
      const lo = new Float64Array(rows * per);
      const hi = new Float64Array(rows * per);
      for (let i = 0; i < rows; i++) {
        let share = 1;
        for (let e = 0; e < per; e++) {
          const o = options[p[i] * per + e][chosen[i][e]];
          vals[i * per + e] = o.v;
          lo[i * per + e] = o.lo;
          hi[i * per + e] = o.hi;
          share *= o.p;
        }
        if (weight) weight[i] *= share;
      }
      nz.lo = lo;
      nz.hi = hi;
      known[r] = { shape: [rows, ...gc.shapeOf(r)], data: vals };
    }
    const result = sampleForward(gc, { given: known, draws: rows, seed: `${seed}/w${w}/${pass}` });
    worlds.push(result);
  });
  return { worlds, weights: weight && normalise(weight), split };
}

function normalise(w: Float64Array): Float64Array {
  let s = 0;
  for (const v of w) s += v;
  return w.map((v) => v / s);
}
