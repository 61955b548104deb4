import { observedEarly } from '../compile/compile.js';
import { JsProgram } from '../compile/js/program.js';
import { runtime } from '../compile/js/runtime.js';
import { vectoriseStep } from '../compile/recurrence.js';
import { type Distribution, getDistribution } from '../distributions/distribution.js';
import { DoplError } from '../errors.js';
import { call } from '../graph/expr.js';
import type { Graph } from '../graph/graph.js';
import type { RandomNode } from '../graph/node.js';
import type { Buf } from '../ops/index.js';
import { Rng } from '../random/index.js';
import { type Shape, size, type Tensor } from '../tensor/index.js';

export interface ForwardOptions {
  readonly draws?: number;
  readonly seed?: number | string;
  /** Also re-draw observed nodes (prior predictive). Default true. */
  readonly predictive?: boolean;
  /**
   * Values of random nodes to hold fixed, one per draw (leading axis = draw): the rest is drawn
   * given them. Posterior predictive sampling passes the posterior draws of the latent nodes.
   */
  readonly given?: Readonly<Record<string, Tensor>>;
}

/**
 * Ancestral sampling of the prior (and prior predictive): every random node is drawn given its
 * parents, every deterministic node computed, in topological order. Returns arrays shaped
 * [draw, ...shape] for every random and deterministic node.
 *
 * ```ts
 * const prior = sampleForward(g, { draws: 1000, seed: 1 });   // prior.mu.shape = [1000]
 * ```
 */
/**
 * Draws a random recurrence row by row: the first rows from their own distributions, then row t
 * from the step's arguments evaluated with rows < t already drawn (so O(T) evaluations a draw).
 */
function sampleRecurrence(
  node: RandomNode,
  inp: { name: string; offset: number; shape: Shape },
  theta: Float64Array,
  out: Record<string, Float64Array>,
  rng: Rng,
  evaluate: () => void,
): void {
  const E = size(inp.shape.slice(1));
  const T = inp.shape[0];
  const k = node.recurrence!.init.length;
  const p: Record<string, number> = {};
  node.recurrence!.init.forEach((c, j) => {
    const d = getDistribution(c.name);
    for (let i = 0; i < E; i++) {
      for (const a of Object.keys(c.args)) p[a] = out[`${node.name}\u0000init${j}\u0000${a}`][i];
      theta[inp.offset + j * E + i] = d.sample!(rng, p);
    }
  });
  const d = getDistribution(node.dist.name);
  const names = Object.keys(node.dist.args);
  for (let t = k; t < T; t++) {
    evaluate();
    for (let i = 0; i < E; i++) {
      for (const a of names) p[a] = out[`${node.name}\u0000step\u0000${a}`][(t - k) * E + i];
      theta[inp.offset + t * E + i] = d.sample!(rng, p);
    }
  }
}

/**
 * Event families (Dirichlet, MvNormal, LKJ, Categorical): one `sampleEvent` per batch element.
 * An argument is either shared by every event (its shape is the parameter's own) or batched
 * (its shape starts with the batch shape); each event reads its own slice.
 */
function sampleEvents(
  dist: Distribution,
  node: RandomNode,
  inp: { name: string; offset: number; shape: Shape },
  theta: Float64Array,
  out: Record<string, Float64Array>,
  rng: Rng,
  argShapes: ReadonlyMap<string, Shape>,
): void {
  const batch = inp.shape.slice(0, inp.shape.length - dist.eventRank);
  const event = inp.shape.slice(inp.shape.length - dist.eventRank);
  const nBatch = size(batch);
  const eventSize = size(event);
  const args = Object.keys(node.dist.args).map((a) => {
    const shape = argShapes.get(`${inp.name}\u0000${a}`)!;
    const batched = batch.length > 0 && shape.length > batch.length && batch.every((d, i) => shape[i] === d);
    const per = batched ? size(shape.slice(batch.length)) : size(shape);
    return { name: a, data: out[`${inp.name}\u0000${a}`], per, batched };
  });
  const p: Record<string, Float64Array> = {};
  for (let b = 0; b < nBatch; b++) {
    for (const a of args) p[a.name] = a.batched ? a.data.subarray(b * a.per, (b + 1) * a.per) : a.data;
    dist.sampleEvent!(rng, p, theta, inp.offset + b * eventSize, event);
  }
}

export function sampleForward(graph: Graph, options: ForwardOptions = {}): Record<string, Tensor> {
  const given = options.given ?? {};
  const givenNames = Object.keys(given);
  const draws = givenNames.length ? given[givenNames[0]].shape[0] : (options.draws ?? 1000);
  for (const name of givenNames) {
    const n = graph.get(name);
    if (n.kind !== 'random')
      throw new DoplError(`only random nodes can be given values; '${name}' is ${n.kind}`, { node: name });
    const want = [draws, ...graph.shapeOf(name)];
    const got = given[name].shape;
    if (got.length !== want.length || got.some((d, i) => d !== want[i])) {
      throw new DoplError(`given '${name}' should have shape [${want.join(', ')}], got [${got.join(', ')}]`, {
        node: name,
      });
    }
  }
  const predictive = options.predictive ?? true;
  const rng = options.seed === undefined ? new Rng(Date.now()) : new Rng(options.seed);

  // Random nodes are inputs to one compiled program that computes every deterministic value
  // and every distribution argument, broadcast to its node's shape.
  const prog = new JsProgram();
  const bufs = new Map<string, Buf>();
  const argShapes = new Map<string, Shape>();
  const early = new Map<string, Buf>();
  // Nodes before an observed node read its observed value (data): one-step-ahead semantics.
  const resolve = (n: string): Buf => {
    const b = bufs.get(n) ?? observedEarly(graph, n, early, (e) => prog.lower(e, resolve));
    if (!b) throw new DoplError(`'${n}' is used before it is defined`, { node: n });
    return b;
  };
  const inputs: { name: string; offset: number; shape: Shape }[] = [];
  const outputs: { name: string; buf: Buf }[] = [];
  let offset = 0;
  for (const node of graph.nodes) {
    prog.label = node.name;
    if (node.kind === 'data') {
      if (!node.value) throw new DoplError(`data '${node.name}' has no value`, { node: node.name });
      bufs.set(node.name, prog.constant(node.value.data, node.value.shape));
    } else if (node.kind === 'deterministic') {
      const b = node.recurrence
        ? prog.recurrence(graph.shapeOf(node.name), node.recurrence.init, node.expr, resolve)
        : prog.lower(node.expr, resolve);
      bufs.set(node.name, b);
      outputs.push({ name: node.name, buf: b });
    } else if (node.kind === 'random') {
      const shape = graph.shapeOf(node.name);
      const dist = getDistribution(node.dist.name);
      if (node.recurrence) {
        // Arguments of every step, vectorised over t from the rows drawn so far (see sampleRecurrence).
        inputs.push({ name: node.name, offset, shape });
        bufs.set(node.name, prog.paramView(offset, shape));
        offset += size(shape);
        const k = node.recurrence.init.length;
        const elem = shape.slice(1);
        node.recurrence.init.forEach((c, j) => {
          for (const [p, e] of Object.entries(c.args)) {
            const arg = call('broadcast_to', [e], { shape: [...elem] });
            outputs.push({ name: `${node.name}\u0000init${j}\u0000${p}`, buf: prog.lower(arg, resolve) });
          }
        });
        if (shape[0] > k) {
          for (const [p, e] of Object.entries(node.dist.args)) {
            const v = vectoriseStep(e, node.name, k, shape[0], elem.length);
            const arg = call('broadcast_to', [v], { shape: [shape[0] - k, ...elem] });
            outputs.push({ name: `${node.name}\u0000step\u0000${p}`, buf: prog.lower(arg, resolve) });
          }
        }
      } else {
        for (const [p, e] of Object.entries(node.dist.args)) {
          const arg = dist.sample ? call('broadcast_to', [e], { shape: [...shape] }) : e;
          const buf = prog.lower(arg, resolve);
          argShapes.set(`${node.name}\u0000${p}`, buf.shape);
          outputs.push({ name: `${node.name}\u0000${p}`, buf });
        }
      }
      if (node.recurrence) {
        // placed above
      } else if (node.observed && !predictive) {
        bufs.set(node.name, prog.lower(node.observed, resolve));
      } else {
        inputs.push({ name: node.name, offset, shape });
        bufs.set(node.name, prog.paramView(offset, shape));
        offset += size(shape);
      }
    }
  }
  const zero = prog.constant(Float64Array.of(0), []);
  const source = prog.source(zero, 0, outputs);
  const fns = new Function('rt', 'captured', source)(runtime, prog.captured) as {
    values(theta: Float64Array, out: Record<string, Float64Array>): number;
  };
  const out: Record<string, Float64Array> = {};
  for (const o of outputs) out[o.name] = new Float64Array(size(o.buf.shape));

  const result: Record<string, Float64Array> = {};
  const shapes: Record<string, Shape> = {};
  for (const i of inputs) {
    result[i.name] = new Float64Array(draws * size(i.shape));
    shapes[i.name] = i.shape;
  }
  for (const o of outputs) {
    if (!o.name.includes('\u0000')) {
      result[o.name] = new Float64Array(draws * size(o.buf.shape));
      shapes[o.name] = o.buf.shape;
    }
  }
  const theta = new Float64Array(Math.max(1, offset));
  for (let d = 0; d < draws; d++) {
    // One pass per random node: its arguments depend only on nodes already drawn.
    for (const inp of inputs) {
      const fixed = given[inp.name];
      if (fixed) {
        const n = size(inp.shape);
        theta.set(fixed.data.subarray(d * n, (d + 1) * n), inp.offset);
        continue;
      }
      fns.values(theta, out);
      const node = graph.get(inp.name);
      if (node.kind !== 'random') continue;
      const dist = getDistribution(node.dist.name);
      const n = size(inp.shape);
      const names = Object.keys(node.dist.args);
      if (node.recurrence) {
        sampleRecurrence(node, inp, theta, out, rng, () => fns.values(theta, out));
      } else if (dist.sample) {
        const p: Record<string, number> = {};
        for (let k = 0; k < n; k++) {
          for (const a of names) p[a] = out[`${inp.name}\u0000${a}`][k];
          theta[inp.offset + k] = dist.sample!(rng, p);
        }
      } else {
        sampleEvents(dist, node, inp, theta, out, rng, argShapes);
      }
    }
    fns.values(theta, out);
    for (const inp of inputs)
      result[inp.name].set(theta.subarray(inp.offset, inp.offset + size(inp.shape)), d * size(inp.shape));
    for (const o of outputs)
      if (!o.name.includes('\u0000')) result[o.name].set(out[o.name], d * size(o.buf.shape));
  }
  const tensors: Record<string, Tensor> = {};
  for (const [k, v] of Object.entries(result)) tensors[k] = { shape: [draws, ...shapes[k]], data: v };
  return tensors;
}
