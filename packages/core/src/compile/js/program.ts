import { DoplError } from '../../errors.js';
import { type Attrs, type Expr, usesSelfOrStep } from '../../graph/expr.js';
import { type Buf, type Emit, getOp, type OpDef } from '../../ops/index.js';
import { emitKernel, emitKernelVjp, type KernelNode } from '../../ops/kernel.js';
import { formatShape, type Shape, sameShape, size } from '../../tensor/index.js';

/** One op application in the lowered program. */
interface Instr {
  readonly op: OpDef;
  readonly out: Buf;
  readonly args: readonly Buf[];
  readonly attrs: Attrs;
  /** Depends on the parameters (so it runs per call and may need an adjoint). */
  active: boolean;
  /** The graph node whose definition produced this instruction, for messages and comments. */
  readonly label: string;
  readonly recurrence?: Recurrence;
  /** Elementwise producers inlined into this instruction's loop, by argument index. */
  inlined?: Map<number, Instr>;
  /** Set when this instruction is computed inside its consumer's loop instead. */
  fusedInto?: Instr;
}

interface Recurrence {
  readonly x: Buf;
  readonly start: number;
  readonly length: number;
  readonly t: string;
  readonly body: Scope;
  readonly result: Buf;
}

class Scope {
  readonly instrs: Instr[] = [];
  readonly memo = new Map<string, Buf>();
  constructor(
    readonly parent: Scope | undefined,
    readonly rec?: { x: Buf; t: string; elem: Shape },
  ) {}
}

/**
 * Lowers expressions to straight-line JavaScript over preallocated Float64Arrays, forward and
 * reverse mode. Every op is emitted by its own definition (ops/); this class only allocates,
 * orders, hoists loop-invariant and data-only work out of the hot path, and drives reverse mode.
 */
export class JsProgram implements Emit {
  private readonly root = new Scope(undefined);
  private scope = this.root;
  private counter = 0;
  private lines: string[] = [];
  private indent = 1;
  /** Array allocations, run once when the model is built. */
  private readonly allocations: string[] = [];
  /** Values captured from outside (data). */
  readonly captured: Float64Array[] = [];
  private readonly active = new Set<string>();
  private readonly staticScalars = new Set<string>();
  private readonly adjoints = new Map<string, Buf>();
  label = '';
  /** The parameter vector and its gradient, as pseudo-buffers that views point into. */
  readonly theta: Buf = { id: 'theta', shape: [Number.POSITIVE_INFINITY], scalar: false };
  readonly grad: Buf = { id: 'grad', shape: [Number.POSITIVE_INFINITY], scalar: false };

  // ---- Emit ---------------------------------------------------------------------------------

  line(code: string): void {
    this.lines.push(`${'  '.repeat(this.indent)}${code}`);
  }
  fresh(prefix: string): string {
    return `${prefix}${this.counter++}`;
  }
  at(b: Buf, index: string | number): string {
    if (b.scalar) return b.id;
    const i = String(index);
    if (b.offset !== undefined) return i === '0' ? `${b.id}[${b.offset}]` : `${b.id}[${b.offset} + ${i}]`;
    return `${b.id}[${i}]`;
  }
  loop(n: number | string, body: (i: string) => void): void {
    if (n === 1) {
      body('0');
      return;
    }
    const i = this.fresh('i');
    this.line(`for (let ${i} = 0; ${i} < ${n}; ${i}++) {`);
    this.indent++;
    body(i);
    this.indent--;
    this.line('}');
  }
  scratch(shape: Shape): Buf {
    return this.newArray(shape, 'w');
  }
  private readonly markIndent = new Map<number, number>();
  mark(): number {
    this.markIndent.set(this.lines.length, this.indent);
    return this.lines.length;
  }
  insertAt(mark: number, code: string): void {
    this.lines.splice(mark, 0, `${'  '.repeat(this.markIndent.get(mark) ?? this.indent)}${code}`);
  }
  private readonly staticIds = new Set<string>();
  private readonly precomputed = new Map<string, string>();
  private readonly precomputeLines: string[] = [];
  isStatic(b: Buf): boolean {
    return this.staticIds.has(b.base?.id ?? b.id);
  }
  precompute(length: number, index: string, code: string): string {
    const j = '__j';
    const body = code.replace(new RegExp(`\\b${index.replace(/\$/g, '\\$')}\\b`, 'g'), j);
    const hit = this.precomputed.get(body);
    if (hit) return hit;
    const id = this.fresh('pre');
    this.allocations.push(`const ${id} = new Float64Array(${length});`);
    this.precomputeLines.push(`  for (let ${j} = 0; ${j} < ${length}; ${j}++) ${id}[${j}] = ${body};`);
    this.precomputed.set(body, id);
    return id;
  }
  zero(b: Buf): void {
    if (b.scalar) this.line(`${b.id} = 0;`);
    else if (b.offset === undefined) this.line(`${b.id}.fill(0);`);
    else this.loop(size(b.shape), (i) => this.line(`${this.at(b, i)} = 0;`));
  }

  // ---- buffers ------------------------------------------------------------------------------

  private newArray(shape: Shape, prefix: string): Buf {
    const id = this.fresh(prefix);
    this.allocations.push(`const ${id} = new Float64Array(${Math.max(1, size(shape))});`);
    return { id, shape, scalar: false };
  }
  /** A fresh value buffer: a local for scalars, a preallocated array otherwise. */
  newBuf(shape: Shape, forceArray = false): Buf {
    if (shape.length === 0 && !forceArray) return { id: this.fresh('s'), shape, scalar: true };
    return this.newArray(shape, 'b');
  }
  constant(data: Float64Array, shape: Shape): Buf {
    if (shape.length === 0) {
      const v = data[0];
      const text = Number.isNaN(v)
        ? 'NaN'
        : v === Infinity
          ? 'Infinity'
          : v === -Infinity
            ? '-Infinity'
            : `${v}`;
      return { id: v < 0 ? `(${text})` : text, shape, scalar: true, literal: true };
    }
    const id = this.fresh('k');
    this.staticIds.add(id);
    this.allocations.push(`const ${id} = captured[${this.captured.length}];`);
    this.captured.push(data);
    return { id, shape, scalar: false };
  }
  paramView(offset: number, shape: Shape): Buf {
    const b: Buf = { id: 'theta', shape, scalar: false, offset: `${offset}`, base: this.theta };
    return b;
  }
  isActive(b: Buf): boolean {
    return this.active.has(b.base?.id ?? b.id) || b.base === this.theta;
  }

  // ---- lowering -----------------------------------------------------------------------------

  /**
   * Lowers an expression; `resolve` gives the buffer of a referenced node. Inside a recurrence
   * body, subexpressions that do not involve `t` or the node's own rows are hoisted outside.
   */
  lower(e: Expr, resolve: (name: string) => Buf): Buf {
    switch (e.kind) {
      case 'const':
        return this.constant(e.value.data, e.value.shape);
      case 'ref':
        return resolve(e.name);
      case 'param':
        return this.paramView(e.offset, e.shape);
      case 'step': {
        const rec = this.scope.rec;
        if (!rec) throw new DoplError('the recurrence index t is only defined inside a recurrence');
        return { id: rec.t, shape: [], scalar: true };
      }
      case 'self': {
        const rec = this.scope.rec;
        if (!rec) throw new DoplError('a self-reference x[t-k] is only defined inside a recurrence');
        return {
          id: rec.x.id,
          base: rec.x,
          shape: rec.elem,
          scalar: false,
          offset: `(${rec.t} - ${e.lag}) * ${size(rec.elem)}`,
        };
      }
      case 'call': {
        if (this.scope.rec && !usesSelfOrStep(e)) {
          const inner = this.scope;
          this.scope = inner.parent!;
          try {
            return this.lower(e, resolve);
          } finally {
            this.scope = inner;
          }
        }
        const op = getOp(e.op);
        const args = e.args.map((a) => this.lower(a, resolve));
        return this.apply(op, args, e.attrs ?? {});
      }
    }
  }

  /** Adds one op application (memoised: the same op on the same buffers is computed once). */
  apply(op: OpDef, args: readonly Buf[], attrs: Attrs, out?: Buf): Buf {
    const [lo, hi] = typeof op.arity === 'number' ? [op.arity, op.arity] : op.arity;
    if (args.length < lo || args.length > hi) {
      throw new DoplError(
        `${op.name} takes ${lo === hi ? lo : `${lo} to ${hi}`} arguments, got ${args.length}`,
      );
    }
    const shape = op.shape(
      args.map((a) => a.shape),
      attrs,
    );
    const key = `${op.name}(${args.map((a) => `${a.id}${a.offset ?? ''}`).join(',')})${JSON.stringify(attrs)}`;
    if (out === undefined) {
      const hit = this.scope.memo.get(key);
      if (hit) return hit;
    }
    const target = out ?? this.newBuf(shape);
    if (out !== undefined && size(out.shape) !== size(shape)) {
      throw new DoplError(`internal: ${op.name} writes ${formatShape(shape)} into ${formatShape(out.shape)}`);
    }
    const activeArgs = args.some((a, k) => this.isActive(a) && !op.nondiff?.includes(k));
    const instr: Instr = { op, out: target, args, attrs, active: activeArgs, label: this.label };
    this.scope.instrs.push(instr);
    if (activeArgs) this.active.add(target.base?.id ?? target.id);
    if (out === undefined) this.scope.memo.set(key, target);
    return target;
  }

  /**
   * A recurrence x (shape [T, ...elem]): rows before `init.length` are given, then each row t is
   * `step` evaluated with self(lag) = x[t - lag] and step = t.
   */
  recurrence(shape: Shape, init: readonly Expr[], stepExpr: Expr, resolve: (name: string) => Buf): Buf {
    const x = this.newBuf(shape, true);
    const elem = shape.slice(1);
    const start = init.length;
    const copy = getOp('copy');
    init.forEach((ie, j) => {
      const v = this.lower(ie, resolve);
      const row: Buf = { id: x.id, base: x, shape: elem, scalar: false, offset: `${j * size(elem)}` };
      if (size(v.shape) !== size(elem)) {
        throw new DoplError(
          `initial value ${j} has shape ${formatShape(v.shape)}, expected ${formatShape(elem)}`,
        );
      }
      this.apply(copy, [v], {}, row);
    });
    const t = this.fresh('t');
    const body = new Scope(this.scope, { x, t, elem });
    // The node's rows count as active while lowering the body; corrected below if nothing is.
    this.active.add(x.id);
    const outer = this.scope;
    this.scope = body;
    let result: Buf;
    try {
      result = this.lower(stepExpr, resolve);
    } finally {
      this.scope = outer;
    }
    if (size(result.shape) !== size(elem)) {
      throw new DoplError(`the step has shape ${formatShape(result.shape)}, expected ${formatShape(elem)}`);
    }
    const initActive = outer.instrs.some((i) => i.out.base === x && i.active);
    const bodyReadsActive = body.instrs.some((i) =>
      i.args.some((a) => a.base !== x && this.isActive(a) && !i.op.nondiff?.includes(i.args.indexOf(a))),
    );
    const active = initActive || bodyReadsActive || (this.isActive(result) && result.base !== x);
    if (!active) {
      this.active.delete(x.id);
      for (const i of body.instrs) i.active = false;
    }
    const instr: Instr = {
      op: copy,
      out: x,
      args: [],
      attrs: {},
      active,
      label: this.label,
      recurrence: { x, start, length: shape[0], t, body, result },
    };
    outer.instrs.push(instr);
    return x;
  }

  // ---- emission -----------------------------------------------------------------------------

  private emitForward(instrs: readonly Instr[], onlyActive: boolean | null): void {
    let last = '';
    for (const ins of instrs) {
      if (onlyActive !== null && ins.active !== onlyActive) continue;
      if (ins.label !== last) {
        this.line(`// ${ins.label}`);
        last = ins.label;
      }
      const r = ins.recurrence;
      if (r) {
        this.line(`for (let ${r.t} = ${r.start}; ${r.t} < ${r.length}; ${r.t}++) {`);
        this.indent++;
        this.emitForward(r.body.instrs, null);
        const row: Buf = {
          id: r.x.id,
          base: r.x,
          shape: r.result.shape,
          scalar: false,
          offset: `${r.t} * ${size(r.result.shape)}`,
        };
        getOp('copy').emit!(this, row, [r.result], {});
        this.indent--;
        this.line('}');
      } else if (ins.fusedInto) {
        // computed inside its consumer's loop
      } else if (ins.inlined) {
        const sink = ins.op.name === 'sum' ? { sum: ins.out } : { out: ins.out };
        const root =
          ins.op.name === 'sum' ? this.kernelTree(ins.inlined.get(0)!, false) : this.kernelTree(ins, false);
        emitKernel(this, ins.op.name === 'sum' ? ins.args[0].shape : ins.out.shape, root, sink);
      } else {
        ins.op.emit!(this, ins.out, ins.args, ins.attrs);
      }
    }
  }

  /** The elementwise tree rooted at an instruction, with adjoint buffers for reverse mode. */
  private kernelTree(ins: Instr, withAdjoints: boolean): KernelNode {
    const spec = ins.op.elementwise!;
    return {
      spec,
      nondiff: ins.op.nondiff,
      args: ins.args.map((b, k) => {
        const p = ins.inlined?.get(k);
        if (p) return { node: this.kernelTree(p, withAdjoints), active: p.active };
        const differentiable = spec.grad[k] && !ins.op.nondiff?.includes(k) && this.isActive(b) && !b.literal;
        return { leaf: b, adjoint: withAdjoints && differentiable ? this.adjointOf(b) : undefined };
      }),
    };
  }

  /**
   * Marks elementwise producers whose only use is an elementwise consumer (or a total sum) of the
   * same loop shape: they are then computed inside the consumer's loop, with no array in between.
   */
  private fuse(instrs: readonly Instr[], keep: ReadonlySet<string>, onlyActive: boolean): void {
    const uses = new Map<string, number>();
    const count = (list: readonly Instr[]) => {
      for (const ins of list) {
        for (const a of ins.args) uses.set(a.base?.id ?? a.id, (uses.get(a.base?.id ?? a.id) ?? 0) + 1);
        if (ins.recurrence) {
          count(ins.recurrence.body.instrs);
          const r = ins.recurrence.result;
          uses.set(r.base?.id ?? r.id, (uses.get(r.base?.id ?? r.id) ?? 0) + 1);
        }
      }
    };
    count(instrs);
    const producer = new Map<string, Instr>();
    for (const ins of instrs) {
      if (!ins.recurrence && !ins.out.base) producer.set(ins.out.id, ins);
    }
    for (const c of instrs) {
      const isSum = c.op.name === 'sum' && (c.attrs.axis === null || c.attrs.axis === undefined);
      if (c.recurrence || (!c.op.elementwise && !isSum) || (onlyActive && !c.active)) continue;
      const loopShape = isSum ? c.args[0].shape : c.out.shape;
      c.args.forEach((a, k) => {
        const p = a.base || a.offset !== undefined ? undefined : producer.get(a.id);
        if (
          !p?.op.elementwise ||
          p.fusedInto ||
          p.active !== c.active ||
          p.out.scalar ||
          uses.get(p.out.id) !== 1 ||
          keep.has(p.out.id) ||
          !sameShape(p.out.shape, loopShape) ||
          (isSum && k !== 0)
        ) {
          return;
        }
        p.fusedInto = c;
        c.inlined ??= new Map();
        c.inlined.set(k, p);
      });
    }
  }

  private adjointOf(b: Buf): Buf {
    if (b.base === this.theta) return { ...b, id: 'grad', base: this.grad };
    if (b.base) {
      const a = this.adjointOf(b.base);
      return { id: a.id, base: a, shape: b.shape, scalar: false, offset: b.offset };
    }
    let a = this.adjoints.get(b.id);
    if (!a) {
      a = b.scalar ? { id: `g_${b.id}`, shape: b.shape, scalar: true } : this.newArray(b.shape, `g_${b.id}_`);
      this.adjoints.set(b.id, a);
    }
    return a;
  }

  private emitBackward(instrs: readonly Instr[]): void {
    for (let k = instrs.length - 1; k >= 0; k--) {
      const ins = instrs[k];
      if (!ins.active) continue;
      const r = ins.recurrence;
      if (r) {
        const gx = this.adjointOf(r.x);
        const gres = this.adjointOf(r.result);
        this.line(`for (let ${r.t} = ${r.length - 1}; ${r.t} >= ${r.start}; ${r.t}--) {`);
        this.indent++;
        this.emitForward(r.body.instrs, null);
        for (const b of r.body.instrs)
          if (b.active && b.out.base === undefined) this.zero(this.adjointOf(b.out));
        if (r.result.base === undefined && !r.result.literal) this.zero(gres);
        const row: Buf = {
          id: gx.id,
          base: gx,
          shape: r.result.shape,
          scalar: false,
          offset: `${r.t} * ${size(r.result.shape)}`,
        };
        getOp('copy').vjp!(this, {
          g: row,
          out: row,
          args: [r.result],
          gArgs: [r.result.literal ? undefined : gres],
          attrs: {},
        });
        this.emitBackward(r.body.instrs);
        this.indent--;
        this.line('}');
        continue;
      }
      if (ins.fusedInto) continue;
      if (ins.inlined) {
        const isSum = ins.op.name === 'sum';
        const root = isSum ? this.kernelTree(ins.inlined.get(0)!, true) : this.kernelTree(ins, true);
        const g = isSum ? { sum: this.adjointOf(ins.out) } : { out: this.adjointOf(ins.out) };
        emitKernelVjp(this, isSum ? ins.args[0].shape : ins.out.shape, root, g);
        continue;
      }
      const gArgs = ins.args.map((a, j) =>
        this.isActive(a) && !ins.op.nondiff?.includes(j) && !a.literal ? this.adjointOf(a) : undefined,
      );
      if (gArgs.every((g) => g === undefined)) continue;
      ins.op.vjp!(this, {
        g: this.adjointOf(ins.out),
        out: ins.out,
        args: ins.args,
        gArgs,
        attrs: ins.attrs,
      });
    }
  }

  /** Every instruction at top level that needs an adjoint, for zeroing at the start of a call. */
  private activeOutputs(): Buf[] {
    const outs: Buf[] = [];
    const seen = new Set<string>();
    for (const ins of this.root.instrs) {
      if (!ins.active || ins.out.base || ins.fusedInto) continue;
      if (!seen.has(ins.out.id)) {
        seen.add(ins.out.id);
        outs.push(ins.out);
      }
    }
    return outs;
  }

  /**
   * Builds the JavaScript source of a factory `(rt, captured) => functions`: data-only work runs
   * once in the factory; `logDensity`, `logDensityAndGradient` and `values` run per call.
   */
  source(lp: Buf, dim: number, outputs: readonly { name: string; buf: Buf }[]): string {
    const saved = this.lines;
    const take = (): string[] => {
      const l = this.lines;
      this.lines = [];
      return l;
    };
    // values() must materialise every node; the hot path needs only the log-density, so it is
    // fused again below with nothing else kept.
    this.fuse(this.root.instrs, new Set([lp.id, ...outputs.map((o) => o.buf.base?.id ?? o.buf.id)]), false);
    this.lines = [];
    this.indent = 1;
    this.emitForward(this.root.instrs, false);
    const prologue = take();
    const markStatic = (instrs: readonly Instr[]) => {
      for (const ins of instrs) {
        if (ins.out.scalar) this.staticScalars.add(ins.out.id);
        if (ins.recurrence) markStatic(ins.recurrence.body.instrs);
      }
    };
    markStatic(this.root.instrs.filter((i) => !i.active));
    for (const ins of this.root.instrs) {
      if (!ins.active && !ins.fusedInto && !ins.out.scalar && !ins.out.base && !ins.recurrence)
        this.staticIds.add(ins.out.id);
    }

    const locals = this.scalarLocals();
    this.indent = 2;
    this.emitForward(this.root.instrs, true);
    const valuesForward = take();
    for (const ins of this.root.instrs) {
      if (ins.active) {
        ins.fusedInto = undefined;
        ins.inlined = undefined;
      }
    }
    this.fuse(this.root.instrs, new Set([lp.base?.id ?? lp.id]), true);
    this.emitForward(this.root.instrs, true);
    const forward = take();

    const outs = this.activeOutputs();
    const gradLines: string[] = [];
    this.lines = gradLines;
    this.line(`for (let i = 0; i < ${dim}; i++) grad[i] = 0;`);
    for (const o of outs) this.zero(this.adjointOf(o));
    if (lp.scalar && !lp.literal) this.line(`${this.adjointOf(lp).id} = 1;`);
    else if (!lp.literal) this.line(`${this.at(this.adjointOf(lp), 0)} = 1;`);
    this.emitBackward(this.root.instrs);
    this.lines = [];
    const adjLocals = [...this.adjoints.values()].filter((a) => a.scalar).map((a) => a.id);

    const copyOut: string[] = [];
    this.lines = copyOut;
    for (const o of outputs) {
      this.line(`{ const dst = out[${JSON.stringify(o.name)}];`);
      this.loop(size(o.buf.shape), (i) => this.line(`dst[${i}] = ${this.at(o.buf, i)};`));
      this.line('}');
    }
    this.lines = saved;
    const decl = (ids: string[]) => (ids.length ? `    let ${ids.map((i) => `${i} = 0`).join(', ')};` : '');
    const lpText = this.at(lp, 0);
    return [
      '"use strict";',
      ...this.allocations.map((a) => `  ${a}`),
      ...[...this.staticScalars].map((s) => `  let ${s} = 0;`),
      '  // data-only computations, once',
      ...prologue,
      ...this.precomputeLines,
      '  function logDensity(theta) {',
      decl(locals),
      ...forward,
      `    return ${lpText};`,
      '  }',
      '  function logDensityAndGradient(theta, grad) {',
      decl([...locals, ...adjLocals]),
      ...forward,
      ...gradLines.map((l) => `  ${l}`),
      `    return ${lpText};`,
      '  }',
      '  function values(theta, out) {',
      decl(locals),
      ...valuesForward,
      ...copyOut.map((l) => `  ${l}`),
      `    return ${lpText};`,
      '  }',
      '  return { logDensity, logDensityAndGradient, values };',
    ].join('\n');
  }

  private scalarLocals(): string[] {
    const ids = new Set<string>();
    const visit = (s: Scope) => {
      for (const ins of s.instrs) {
        if (ins.out.scalar && !this.staticScalars.has(ins.out.id)) ids.add(ins.out.id);
        if (ins.recurrence) visit(ins.recurrence.body);
      }
    };
    visit(this.root);
    return [...ids];
  }
}
