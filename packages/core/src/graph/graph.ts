import { getDistribution } from '../distributions/registry.js';
import { DoplError, ShapeError } from '../errors.js';
import { getOp } from '../ops/index.js';
import { broadcastShapes, formatShape, type Shape, type Tensor } from '../tensor/index.js';
import { type Expr, refsOf } from './expr.js';
import type { Dim, Node, RandomNode } from './node.js';
import { printGraph } from './print.js';

/**
 * A generative model: named nodes in topological order. Immutable — every transformation
 * (`bind`, `doIntervention`, `observe`, …) returns a new Graph and leaves this one untouched.
 */
export class Graph {
  readonly nodes: readonly Node[];
  private readonly index: ReadonlyMap<string, number>;
  private shapeCache = new Map<string, Shape>();
  /** Nodes whose shape is being computed, outermost first: a repeat is a cycle. */
  private shapeStack: string[] = [];

  constructor(nodes: readonly Node[]) {
    const index = new Map<string, number>();
    nodes.forEach((n, i) => {
      if (index.has(n.name)) throw new DoplError(`'${n.name}' is defined twice`, { node: n.name });
      for (const r of nodeRefs(n)) {
        const j = index.get(r);
        // An observed node's value is data, so earlier nodes may read it (an autoregression's
        // lagged y): the order constrains only what is drawn.
        if (j === undefined && !nodes.some((m) => m.name === r && isDataLike(m))) {
          throw new DoplError(
            nodes.some((m) => m.name === r)
              ? `'${n.name}' reads '${r}', which is defined after it (the graph must be acyclic and in order)`
              : `'${n.name}' reads unknown name '${r}'`,
            { node: n.name },
          );
        }
      }
      index.set(n.name, i);
    });
    this.nodes = Object.freeze([...nodes]);
    this.index = index;
  }

  has(name: string): boolean {
    return this.index.has(name);
  }

  get(name: string): Node {
    const i = this.index.get(name);
    if (i === undefined) throw new DoplError(`unknown node '${name}'`, { node: name });
    return this.nodes[i];
  }

  get names(): string[] {
    return this.nodes.map((n) => n.name);
  }

  /** Direct parents (nodes read by the definition, arguments, bounds or observed value). */
  parents(name: string): string[] {
    return [...nodeRefs(this.get(name))];
  }

  children(name: string): string[] {
    return this.nodes.filter((n) => nodeRefs(n).has(name)).map((n) => n.name);
  }

  /** Every node downstream of the given ones (not including them). */
  descendants(names: Iterable<string>): Set<string> {
    const out = new Set<string>();
    const seeds = new Set(names);
    for (const n of this.nodes) {
      for (const r of nodeRefs(n)) {
        if (seeds.has(r) || out.has(r)) {
          out.add(n.name);
          break;
        }
      }
    }
    return out;
  }

  ancestors(names: Iterable<string>): Set<string> {
    const out = new Set<string>();
    const stack = [...names];
    while (stack.length) {
      for (const p of this.parents(stack.pop()!)) {
        if (!out.has(p)) {
          out.add(p);
          stack.push(p);
        }
      }
    }
    return out;
  }

  /** A new graph with one node replaced (same position) — the primitive of graph surgery. */
  replace(node: Node): Graph {
    const i = this.index.get(node.name);
    if (i === undefined) throw new DoplError(`unknown node '${node.name}'`, { node: node.name });
    const nodes = [...this.nodes];
    nodes[i] = node;
    return new Graph(nodes);
  }

  /** Resolves a declared dimension against bound int data. */
  dim(d: Dim, where: string): number {
    if (typeof d === 'number') return d;
    const n = this.index.has(d) ? this.get(d) : undefined;
    if (n?.kind !== 'data')
      throw new ShapeError(`${where}: dimension '${d}' is not a data name`, { node: where });
    if (!n.value)
      throw new ShapeError(`${where}: dimension '${d}' has no value yet (bind data first)`, { node: where });
    if (n.value.shape.length !== 0 || !Number.isInteger(n.value.data[0]) || n.value.data[0] < 0) {
      throw new ShapeError(`${where}: dimension '${d}' must be a non-negative integer scalar`, {
        node: where,
      });
    }
    return n.value.data[0];
  }

  /** The static shape of a node (data must be bound where shapes depend on it). */
  shapeOf(name: string): Shape {
    const hit = this.shapeCache.get(name);
    if (hit) return hit;
    const node = this.get(name);
    // A node may read an observed node defined after it (its values are data), so reads can
    // close a cycle. Once is fine when a node on it has a declared shape (it is cached while its
    // arguments are checked); a third entry means nothing on the cycle fixes a shape.
    const at = this.shapeStack.lastIndexOf(name);
    if (at >= 0 && this.shapeStack.indexOf(name) < at)
      throw this.shapeCycle([...this.shapeStack.slice(at), name]);
    this.shapeStack.push(name);
    let s: Shape;
    try {
      s = this.computeShape(node);
    } finally {
      this.shapeStack.pop();
    }
    this.shapeCache.set(name, s);
    return s;
  }

  private shapeCycle(cycle: readonly string[]): ShapeError {
    const undeclared = cycle.find((n) => {
      const m = this.get(n);
      return m.kind === 'random' && isDataLike(m) && m.dims === undefined;
    });
    const fix = undeclared
      ? `: '${undeclared}' is observed, so nodes before it may read its values, but its shape is not declared and is inferred from its arguments, which read it; declare its shape (${undeclared}[N] ~ …)`
      : ' (only a recurrence may read its own earlier rows)';
    return new ShapeError(`the shape of '${cycle[0]}' depends on itself: ${cycle.join(' → ')}${fix}`, {
      node: cycle[0],
    });
  }

  /** The shape of an expression in this graph (self/step take `elem` and [] inside recurrences). */
  exprShape(e: Expr, elem?: Shape): Shape {
    switch (e.kind) {
      case 'const':
        return e.value.shape;
      case 'ref':
        return this.shapeOf(e.name);
      case 'param':
        return e.shape;
      case 'step':
        return [];
      case 'self':
        if (!elem) throw new ShapeError('x[t-k] is only defined inside a recurrence');
        return elem;
      case 'call':
        return getOp(e.op).shape(
          e.args.map((a) => this.exprShape(a, elem)),
          e.attrs ?? {},
        );
    }
  }

  private computeShape(node: Node): Shape {
    const where = node.name;
    try {
      switch (node.kind) {
        case 'data': {
          if (node.value) return node.value.shape;
          return node.dims.map((d) => this.dim(d, where));
        }
        case 'deterministic': {
          if (node.recurrence) {
            const T = this.dim(node.recurrence.length, where);
            const elem = node.recurrence.init.length
              ? this.exprShape(node.recurrence.init[0])
              : this.exprShape(node.expr, []);
            return [T, ...elem];
          }
          return this.exprShape(node.expr);
        }
        case 'factor':
          return [];
        case 'random':
          return this.randomShape(node);
      }
    } catch (err) {
      if (err instanceof DoplError && err.node === undefined) {
        throw new ShapeError(`${where}: ${err.message}`, { node: where });
      }
      throw err;
    }
  }

  private randomShape(node: RandomNode): Shape {
    const dist = getDistribution(node.dist.name);
    if (node.dims) {
      const declared = node.dims.map((d) => this.dim(d, node.name));
      if (node.recurrence) return declared;
      // Its arguments may read the node itself when it is observed data (ARMA's err := y - nu
      // with y ~ Normal(nu, s)): they see the declared shape, and a mismatch still throws below.
      this.shapeCache.set(node.name, declared);
      let implied: ReturnType<Graph['impliedShape']>;
      try {
        implied = this.impliedShape(node, dist);
      } finally {
        this.shapeCache.delete(node.name);
      }
      const batch = declared.slice(0, declared.length - dist.eventRank);
      try {
        const b = broadcastShapes(batch, implied.batch);
        if (b.length !== batch.length || b.some((d, i) => d !== batch[i])) throw new Error();
      } catch {
        throw new ShapeError(
          `declared shape ${formatShape(declared)} does not fit arguments of shape ${formatShape([...implied.batch, ...implied.event])}`,
          { node: node.name },
        );
      }
      return declared;
    }
    if (node.observed) return this.exprShape(node.observed);
    const implied = this.impliedShape(node, dist);
    return [...implied.batch, ...implied.event];
  }

  private impliedShape(node: RandomNode, dist: ReturnType<typeof getDistribution>) {
    const argShapes: Record<string, Shape> = {};
    for (const [k, v] of Object.entries(node.dist.args))
      argShapes[k] = this.exprShape(v, node.recurrence ? [] : undefined);
    return dist.shapes(argShapes, node.name);
  }

  /** Values bound to data nodes. */
  data(): Record<string, Tensor> {
    const out: Record<string, Tensor> = {};
    for (const n of this.nodes) if (n.kind === 'data' && n.value) out[n.name] = n.value;
    return out;
  }

  /** The model in the language's syntax. */
  toString(): string {
    return printGraph(this);
  }
}

/** An observed node, or one declared as data (observed once data is bound). */
const isDataLike = (m: Node): boolean =>
  m.kind === 'random' && (m.observed !== undefined || m.data !== undefined);

/** Names a node's definition reads (self-references of recurrences excluded). */
export function nodeRefs(n: Node): Set<string> {
  const out = new Set<string>();
  switch (n.kind) {
    case 'data':
      for (const d of n.dims) if (typeof d === 'string') out.add(d);
      break;
    case 'deterministic':
      refsOf(n.expr, out);
      if (n.recurrence) {
        for (const e of n.recurrence.init) refsOf(e, out);
        if (typeof n.recurrence.length === 'string') out.add(n.recurrence.length);
      }
      break;
    case 'factor':
      refsOf(n.expr, out);
      break;
    case 'random':
      for (const a of Object.values(n.dist.args)) refsOf(a, out);
      for (const c of n.recurrence?.init ?? []) for (const a of Object.values(c.args)) refsOf(a, out);
      if (n.observed) refsOf(n.observed, out);
      if (n.constraint?.kind === 'interval') {
        if (n.constraint.lower) refsOf(n.constraint.lower, out);
        if (n.constraint.upper) refsOf(n.constraint.upper, out);
      }
      for (const d of n.dims ?? []) if (typeof d === 'string') out.add(d);
      break;
  }
  out.delete(n.name);
  return out;
}
