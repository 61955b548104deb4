import type { Shape } from '../tensor/index.js';
import { size } from '../tensor/index.js';
import { emitBroadcastLoop } from './broadcast.js';
import type { Buf, ElementwiseSpec, Emit, Hoist } from './op.js';

/**
 * A tree of elementwise ops evaluated in one loop (a fused kernel). Leaves are buffers read with
 * broadcasting; inner nodes are ops inlined from their producers. One op alone is the trivial tree.
 */
export interface KernelNode {
  readonly spec: ElementwiseSpec;
  readonly nondiff?: readonly number[];
  readonly args: readonly KernelArg[];
}
export type KernelArg =
  | { readonly leaf: Buf; readonly adjoint?: Buf }
  | { readonly node: KernelNode; readonly active: boolean };

/** The kernel's result: stored elementwise into `out`, or summed into the scalar `sum`. */
export type KernelSink = { readonly out: Buf } | { readonly sum: Buf };

interface Flat {
  leaves: Buf[];
  /** Nodes in evaluation order (children before parents); the root is last. */
  nodes: KernelNode[];
  leafIndex: Map<KernelArg, number>;
  nodeIndex: Map<KernelNode, number>;
}

function flatten(root: KernelNode): Flat {
  const f: Flat = { leaves: [], nodes: [], leafIndex: new Map(), nodeIndex: new Map() };
  const visit = (n: KernelNode) => {
    for (const a of n.args) {
      if ('leaf' in a) {
        f.leafIndex.set(a, f.leaves.length);
        f.leaves.push(a.leaf);
      } else visit(a.node);
    }
    f.nodeIndex.set(n, f.nodes.length);
    f.nodes.push(n);
  };
  visit(root);
  return f;
}

/** Per-loop state the hoister reads: the index expression of each leaf in the current body. */
interface LoopState {
  leafIndex: readonly string[];
}

/**
 * A hoisting function for one op inside the loop. Subexpressions of size-1 leaves become
 * constants before the loop; subexpressions of data-only leaves addressed by the loop's own flat
 * index become arrays computed once when the model is built (e.g. log σ of data σ).
 */
function hoister(
  e: Emit,
  mark: number,
  node: KernelNode,
  f: Flat,
  state: LoopState,
  cache: Map<string, string>,
): Hoist {
  return (code, deps) => {
    const leaves = deps.map((k) => node.args[k]);
    if (leaves.some((a) => a === undefined || !('leaf' in a))) return `(${code})`;
    const bufs = leaves.map((a) => (a as { leaf: Buf }).leaf);
    if (bufs.every((b) => size(b.shape) === 1)) {
      let name = cache.get(code);
      if (!name) {
        name = e.fresh('h');
        e.insertAt(mark, `const ${name} = ${code};`);
        cache.set(code, name);
      }
      return name;
    }
    const ixs = leaves.map((a) => state.leafIndex[f.leafIndex.get(a!)!]);
    const loopIx = ixs.find((i) => i !== '0');
    const flat =
      loopIx !== undefined &&
      /^[A-Za-z_$][\w$]*$/.test(loopIx) &&
      ixs.every((i) => i === '0' || i === loopIx);
    if (flat && bufs.every((b) => e.isStatic(b))) {
      const n = Math.max(...bufs.map((b) => size(b.shape)));
      const arr = e.precompute(n, loopIx, code);
      return `${arr}[${loopIx}]`;
    }
    return `(${code})`;
  };
}

/** Emits the per-element forward values of every node as `const` locals; returns their names. */
function emitValues(e: Emit, f: Flat, leafAt: string[], hoists: Hoist[][]): string[] {
  const v: string[] = [];
  f.nodes.forEach((n, k) => {
    const args = n.args.map((a) => ('leaf' in a ? leafAt[f.leafIndex.get(a)!] : v[f.nodeIndex.get(a.node)!]));
    const name = e.fresh('v');
    e.line(`const ${name} = ${n.spec.fwd(args, hoists[0][k])};`);
    v.push(name);
  });
  return v;
}

/** Forward: one loop computing the tree and storing (or summing) the root. */
export function emitKernel(e: Emit, shape: Shape, root: KernelNode, sink: KernelSink): void {
  const f = flatten(root);
  const mark = e.mark();
  const cache = new Map<string, string>();
  const state: LoopState = { leafIndex: [] };
  const hoists = [f.nodes.map((n) => hoister(e, mark, n, f, state, cache))];
  if ('sum' in sink) {
    const acc = e.fresh('acc');
    e.line(`let ${acc} = 0;`);
    emitBroadcastLoop(e, shape, f.leaves, (ix) => {
      state.leafIndex = ix;
      const v = emitValues(
        e,
        f,
        f.leaves.map((b, i) => e.at(b, ix[i])),
        hoists,
      );
      e.line(`${acc} += ${v[v.length - 1]};`);
    });
    e.line(`${e.at(sink.sum, 0)} = ${acc};`);
    return;
  }
  emitBroadcastLoop(e, shape, [sink.out, ...f.leaves], (ix) => {
    state.leafIndex = ix.slice(1);
    if (f.nodes.length === 1) {
      const args = f.leaves.map((b, i) => e.at(b, ix[i + 1]));
      e.line(`${e.at(sink.out, ix[0])} = ${root.spec.fwd(args, hoists[0][0])};`);
      return;
    }
    const v = emitValues(
      e,
      f,
      f.leaves.map((b, i) => e.at(b, ix[i + 1])),
      hoists,
    );
    e.line(`${e.at(sink.out, ix[0])} = ${v[v.length - 1]};`);
  });
}

/**
 * Reverse mode: one loop that recomputes the tree's values, then walks it from the root down,
 * accumulating adjoints of inlined nodes in locals and of leaves in their adjoint buffers.
 * `g` is the root's adjoint (per element), or the scalar adjoint of the sum. `out` is the stored
 * root value when there is one (so a lone op need not recompute it). `valueSum`, when given, also
 * receives the sum of the root's values, computed in the same loop (a forward and reverse pass in
 * one, for a sum whose adjoint is known before the loop runs).
 */
export function emitKernelVjp(
  e: Emit,
  shape: Shape,
  root: KernelNode,
  g: KernelSink,
  out?: Buf,
  valueSum?: Buf,
): void {
  const f = flatten(root);
  const needs = f.leaves.map((_, i) => {
    const arg = [...f.leafIndex.entries()].find(([, j]) => j === i)![0] as { leaf: Buf; adjoint?: Buf };
    return arg.adjoint;
  });
  if (needs.every((a) => a === undefined) && !valueSum) return;
  const mark = e.mark();
  const cache = new Map<string, string>();
  const state: LoopState = { leafIndex: [] };
  const hoists = [f.nodes.map((n) => hoister(e, mark, n, f, state, cache))];
  // Adjoints of broadcast (size-1) leaves accumulate in locals, written once after the loop.
  const accs = needs.map((a) => (a && size(a.shape) === 1 && !a.scalar ? e.fresh('ga') : undefined));
  accs.forEach((a) => {
    if (a) e.line(`let ${a} = 0;`);
  });
  const total = valueSum && e.fresh('acc');
  if (total) e.line(`let ${total} = 0;`);
  const perElement = 'out' in g;
  const bufs = [...(perElement ? [g.out] : []), ...(out && f.nodes.length === 1 ? [out] : []), ...f.leaves];
  emitBroadcastLoop(e, shape, bufs, (ix) => {
    let j = 0;
    const gAt = perElement ? e.at(g.out, ix[j++]) : e.at(g.sum, 0);
    const yAt = out && f.nodes.length === 1 ? e.at(out, ix[j++]) : undefined;
    const leafAt = f.leaves.map((b, i) => e.at(b, ix[j + i]));
    const leafIx = f.leaves.map((_, i) => ix[j + i]);
    state.leafIndex = leafIx;
    const single = f.nodes.length === 1 && yAt !== undefined;
    const v = single ? [yAt] : emitValues(e, f, leafAt, hoists);
    if (total) e.line(`${total} += ${v[v.length - 1]};`);
    const gv = f.nodes.map((_, k) => (k === f.nodes.length - 1 ? gAt : e.fresh('gv')));
    for (let k = 0; k < f.nodes.length - 1; k++) e.line(`let ${gv[k]} = 0;`);
    if (f.nodes.length > 1 || !single) {
      // The root adjoint may be an array element: read it once.
      const gr = e.fresh('gr');
      e.line(`const ${gr} = ${gAt};`);
      gv[f.nodes.length - 1] = gr;
    }
    for (let k = f.nodes.length - 1; k >= 0; k--) {
      const n = f.nodes[k];
      const args = n.args.map((a) =>
        'leaf' in a ? leafAt[f.leafIndex.get(a)!] : v[f.nodeIndex.get(a.node)!],
      );
      n.args.forEach((a, ai) => {
        const grad = n.spec.grad[ai];
        if (!grad || n.nondiff?.includes(ai)) return;
        const contrib = () => grad(gv[k], v[k], args, hoists[0][k]);
        if ('leaf' in a) {
          const li = f.leafIndex.get(a)!;
          if (!a.adjoint) return;
          if (accs[li]) e.line(`${accs[li]} += ${contrib()};`);
          else e.line(`${e.at(a.adjoint, leafIx[li])} += ${contrib()};`);
        } else if (a.active) {
          e.line(`${gv[f.nodeIndex.get(a.node)!]} += ${contrib()};`);
        }
      });
    }
  });
  accs.forEach((a, i) => {
    if (a) e.line(`${e.at(needs[i]!, 0)} += ${a};`);
  });
  if (total && valueSum) e.line(`${e.at(valueSum, 0)} = ${total};`);
}
