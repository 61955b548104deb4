import type { DistSpec } from '../builder/distributions.js';
import { Term, type TermLike, term } from '../builder/term.js';
import { DoplError } from '../errors.js';
import { call, constant, type Expr } from '../graph/expr.js';
import { Graph } from '../graph/graph.js';
import type { DataNode } from '../graph/node.js';
import { sampleForward } from '../sample/forward.js';
import { firstNonFinite, formatShape, type Shape, type Tensor, toTensor } from '../tensor/index.js';
import type { Intervention } from './do.js';

// Interventions on slices of array nodes (`spend[60:81, 2] = 0`, `x[0:3] = x * 1.1`): the new
// mechanism is the natural value with the region replaced, built from slice and concat ops so
// that it stays differentiable and runs in both backends.

/**
 * An intervention on part of an array node (`spend[60:81, 2] = 0`): the elements in the slice
 * get the value (broadcast to the slice) or the shift of their natural values; the others keep
 * their natural mechanism.
 */
export interface SliceIntervention {
  /** One entry per axis (missing trailing axes = whole axis): an index, a half-open range [start, stop), or null for the whole axis. 0-based. */
  readonly slice: readonly (number | readonly [number, number] | null)[];
  /** A value broadcast to the slice, or a shift `(natural) => expr` of the slice's natural value. */
  readonly value: Intervention;
}

export const isDist = (x: unknown): x is DistSpec => typeof x === 'object' && x !== null && 'call' in x;

const isSlice = (x: unknown): x is SliceIntervention =>
  typeof x === 'object' && x !== null && !Array.isArray(x) && 'slice' in x && 'value' in x;

/** The slices of an intervention, when it acts on slices. */
export function slicesOf(what: Intervention): readonly SliceIntervention[] | undefined {
  if (isSlice(what)) return [what];
  if (Array.isArray(what) && what.length > 0 && what.every(isSlice)) return what as SliceIntervention[];
  return undefined;
}

interface Region {
  /** Per axis: [start, stop) and whether an index dropped the axis. */
  readonly ranges: readonly (readonly [number, number])[];
  readonly dropped: readonly boolean[];
}

const where = (name: string, s: SliceIntervention) =>
  `do(${name}[${s.slice.map((e) => (e === null ? ':' : typeof e === 'number' ? e : `${e[0]}:${e[1]}`)).join(', ')}])`;

function regionOf(name: string, shape: Shape, s: SliceIntervention): Region {
  const at = where(name, s);
  if (!Array.isArray(s.slice))
    throw new DoplError(`${at}: the slice must be a list of per-axis entries`, { node: name });
  if (s.slice.length > shape.length) {
    throw new DoplError(
      `${at}: ${s.slice.length} slice entries for '${name}' of shape ${formatShape(shape)} (${shape.length} axes)`,
      { node: name },
    );
  }
  const ranges: (readonly [number, number])[] = [];
  const dropped: boolean[] = [];
  shape.forEach((n, k) => {
    const e = s.slice[k] ?? null;
    const bad = (what: string) =>
      new DoplError(`${at}: ${what} on axis ${k} of '${name}' (length ${n}, shape ${formatShape(shape)})`, {
        node: name,
      });
    if (e === null) {
      ranges.push([0, n]);
      dropped.push(false);
    } else if (typeof e === 'number') {
      if (!Number.isInteger(e) || e < 0 || e >= n) throw bad(`index ${e} is out of range`);
      ranges.push([e, e + 1]);
      dropped.push(true);
    } else {
      const [a, b] = e;
      if (!Number.isInteger(a) || !Number.isInteger(b) || a < 0 || b > n || a >= b)
        throw bad(`range ${a}:${b} is out of range or empty`);
      ranges.push([a, b]);
      dropped.push(false);
    }
  });
  return { ranges, dropped };
}

/**
 * The new value of the slice as an expression of shape `keep` (the region with every axis kept),
 * from a value or a shift of the natural slice (NumPy's shape: indexed axes dropped).
 */
function regionValue(name: string, s: SliceIntervention, r: Region, natural: Expr): Expr {
  const at = where(name, s);
  const keep = r.ranges.map(([a, b]) => b - a);
  const numpy = keep.filter((_, k) => !r.dropped[k]);
  let v: Expr;
  const what = s.value;
  if (typeof what === 'function') {
    let slice = natural;
    r.ranges.forEach(([a, b], k) => {
      slice = call('slice', [slice], { axis: k, start: a, stop: b, step: 1 });
    });
    v = term(what(new Term(call('reshape', [slice], { shape: numpy })))).expr;
  } else if (isDist(what) || slicesOf(what)) {
    throw new DoplError(
      `${at}: a slice takes a value or a shift; a distribution (or nested slices) needs the whole node`,
      { node: name },
    );
  } else {
    const value = toTensor(what as Exclude<TermLike, Term>, name);
    const bad = firstNonFinite(value);
    if (bad !== undefined)
      throw new DoplError(`${at}: the value${bad === '(scalar)' ? '' : bad} is not a finite number`, {
        node: name,
      });
    v = constant(value);
  }
  const b = call('broadcast_to', [v], { shape: numpy });
  return call('reshape', [b], { shape: keep });
}

/** `base` with the region replaced by `piece` (shape of the region), built from slices and concat. */
function embed(base: Expr, baseShape: readonly number[], piece: Expr, r: Region, k: number): Expr {
  if (k === baseShape.length) return piece;
  const [a, b] = r.ranges[k];
  const n = baseShape[k];
  const part = (start: number, stop: number) => call('slice', [base], { axis: k, start, stop, step: 1 });
  const midShape = baseShape.map((d, j) => (j === k ? b - a : d));
  const mid = embed(a === 0 && b === n ? base : part(a, b), midShape, piece, r, k + 1);
  const parts = [...(a > 0 ? [part(0, a)] : []), mid, ...(b < n ? [part(b, n)] : [])];
  return parts.length === 1 ? mid : call('concat', parts, { axis: k });
}

/** The node's new mechanism: its natural value with each slice replaced, in order. */
export function sliced(
  natural: Expr,
  shape: Shape,
  name: string,
  slices: readonly SliceIntervention[],
): Expr {
  let out = natural;
  for (const s of slices) {
    const r = regionOf(name, shape, s);
    out = embed(out, shape, regionValue(name, s, r, natural), r, 0);
  }
  return out;
}

/** A data node's values with the slices replaced (the data change; readers see the new values). */
export function slicedData(graph: Graph, node: DataNode, slices: readonly SliceIntervention[]): Tensor {
  if (!node.value)
    throw new DoplError(`do(${node.name}): bind the data of '${node.name}' before intervening on a slice`, {
      node: node.name,
    });
  const expr = sliced(constant(node.value), node.value.shape, node.name, slices);
  const out = '__do_slice__';
  // Evaluated by forward sampling a graph of the data and the new value (shifts may read other data).
  const data = graph.nodes.filter((n) => n.kind === 'data' && n.value !== undefined);
  let g: Graph;
  try {
    g = new Graph([...data, { kind: 'deterministic', name: out, expr }]);
  } catch (err) {
    if (!(err instanceof DoplError)) throw err;
    throw new DoplError(`do(${node.name}): a slice of data may only read data (${err.message})`, {
      node: node.name,
    });
  }
  const v = sampleForward(g, { draws: 1, seed: 0 })[out];
  return { shape: [...node.value.shape], data: Float64Array.from(v.data) };
}
