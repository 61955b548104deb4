import { DoplError } from '../../errors.js';
import { type Attrs, type Expr, usesSelfOrStep } from '../../graph/expr.js';
import { type Buf, type Emit, getOp, type OpDef } from '../../ops/index.js';
import { emitKernel, emitKernelVjp, type KernelNode } from '../../ops/kernel.js';
import { formatShape, type Shape, sameShape, size } from '../../tensor/index.js';
import { runtime } from './runtime.js';
import { assignFirstGradientWrites, simplifyBody } from './simplify.js';

/** One op application in the lowered program. */
interface Instr {
  readonly op: OpDef;
  readonly out: Buf;
  readonly args: readonly Buf[];
  readonly attrs: Attrs;
  /**
   * Depends on the parameters through any argument, differentiable or not (an integer index
   * computed from a parameter counts): it runs per call. Otherwise it runs once, at build time.
   */
  varying: boolean;
  /** Depends on the parameters through a differentiable argument: it needs an adjoint. */
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
  /**
   * @param fold whether to fold literal-only work at build time and simplify the generated code
   *   (the unfolded program computes the same numbers; tests compare the two)
   */
  constructor(private readonly fold = true) {}
  private readonly root = new Scope(undefined);
  private scope = this.root;
  private counter = 0;
  private lines: string[] = [];
  private indent = 1;
  /** Array allocations, run once when the model is built. */
  private readonly allocations: string[] = [];
  /** Values captured from outside (data). */
  readonly captured: Float64Array[] = [];
  /** The same, by the name the generated code gives them. */
  private readonly data = new Map<string, Float64Array>();
  private readonly active = new Set<string>();
  private readonly varying = new Set<string>();
  /** Values whose adjoint is exactly 1 (see findUnitAdjoints), and the instructions that need no reverse step. */
  private readonly unit = new Set<string>();
  private readonly unitAdds = new Set<Instr>();
  private readonly unitSums = new Set<Instr>();
  private readonly one: Buf = { id: '1', shape: [], scalar: true, literal: true };
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
            : Object.is(v, -0)
              ? '-0'
              : `${v}`;
      return { id: text.startsWith('-') ? `(${text})` : text, shape, scalar: true, literal: true };
    }
    const id = this.fresh('k');
    this.staticIds.add(id);
    this.allocations.push(`const ${id} = captured[${this.captured.length}];`);
    this.captured.push(data);
    this.data.set(id, data);
    return { id, shape, scalar: false };
  }
  paramView(offset: number, shape: Shape): Buf {
    const b: Buf = { id: 'theta', shape, scalar: false, offset: `${offset}`, base: this.theta };
    return b;
  }
  isActive(b: Buf): boolean {
    return this.active.has(b.base?.id ?? b.id) || b.base === this.theta;
  }
  isVarying(b: Buf): boolean {
    return this.varying.has(b.base?.id ?? b.id) || b.base === this.theta;
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
    if (out === undefined && this.fold) {
      const same = this.identity(op, args, attrs, shape);
      if (same) return same;
    }
    const key = `${op.name}(${args.map((a) => `${a.id}${a.offset === undefined ? '' : `@${a.offset}`}`).join(',')})${JSON.stringify(attrs)}`;
    if (out === undefined) {
      const hit = this.scope.memo.get(key);
      if (hit) return hit;
    }
    const target = out ?? this.newBuf(shape);
    if (out !== undefined && size(out.shape) !== size(shape)) {
      throw new DoplError(`internal: ${op.name} writes ${formatShape(shape)} into ${formatShape(out.shape)}`);
    }
    const instr: Instr = { op, out: target, args, attrs, varying: false, active: false, label: this.label };
    this.classify(instr);
    this.scope.instrs.push(instr);
    if (out === undefined) this.scope.memo.set(key, target);
    return target;
  }

  /**
   * An op application whose value is known without emitting anything: an elementwise op of
   * literals (evaluated now by its own template, so the number is the one the code would
   * compute), x + 0, x − 0, x · 1, x / 1, and the total sum of a scalar.
   */
  private identity(op: OpDef, args: readonly Buf[], attrs: Attrs, shape: Shape): Buf | undefined {
    const lit = (b: Buf) => (b.literal ? Number(b.id.replace(/[()]/g, '')) : undefined);
    if (op.elementwise && args.length > 0 && shape.length === 0 && args.every((a) => a.literal)) {
      const code = op.elementwise.fwd(
        args.map((a) => a.id),
        (c) => `(${c})`,
      );
      const v = new Function('rt', `return ${code};`)(runtime) as unknown;
      if (typeof v === 'number') return this.constant(Float64Array.of(v), []);
    }
    const keeps = (b: Buf) => sameShape(b.shape, shape) && b.offset === undefined;
    const [a, b] = args;
    switch (op.name) {
      case 'add':
        if (lit(b) === 0 && keeps(a)) return a;
        if (lit(a) === 0 && keeps(b)) return b;
        break;
      case 'sub':
        if (lit(b) === 0 && keeps(a)) return a;
        break;
      case 'mul':
        if (lit(b) === 1 && keeps(a)) return a;
        if (lit(a) === 1 && keeps(b)) return b;
        break;
      case 'div':
        if (lit(b) === 1 && keeps(a)) return a;
        break;
      case 'sum':
        if ((attrs.axis === null || attrs.axis === undefined) && a.shape.length === 0 && a.scalar) return a;
        break;
    }
    return undefined;
  }

  /** Sets whether an instruction runs per call and whether it needs an adjoint, from its arguments. */
  private classify(ins: Instr): void {
    ins.varying = ins.args.some((a) => this.isVarying(a));
    ins.active = ins.args.some((a, k) => this.isActive(a) && !ins.op.nondiff?.includes(k));
    const id = ins.out.base?.id ?? ins.out.id;
    if (ins.varying) this.varying.add(id);
    if (ins.active) this.active.add(id);
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
    // The node's rows count as varying and active while lowering the body (so nothing reading
    // them is memoised as data-only); their real status is settled below.
    this.varying.add(x.id);
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
    // Settle x's status: first with x's own rows taken as fixed, so a feedback loop through x alone
    // does not make a data-only recurrence run per call; then again with x's final status.
    const settle = (xVarying: boolean, xActive: boolean) => {
      const set = (flag: boolean, s: Set<string>) => (flag ? s.add(x.id) : s.delete(x.id));
      set(xVarying, this.varying);
      set(xActive, this.active);
      for (const i of body.instrs) {
        this.varying.delete(i.out.base?.id ?? i.out.id);
        this.active.delete(i.out.base?.id ?? i.out.id);
      }
      for (const i of body.instrs) this.classify(i);
    };
    settle(false, false);
    const initFrom = outer.instrs.filter((i) => i.out.base === x);
    const varying =
      initFrom.some((i) => i.varying) || body.instrs.some((i) => i.varying) || this.isVarying(result);
    const active =
      initFrom.some((i) => i.active) || body.instrs.some((i) => i.active) || this.isActive(result);
    settle(varying, active);
    const instr: Instr = {
      op: copy,
      out: x,
      args: [],
      attrs: {},
      varying,
      active,
      label: this.label,
      recurrence: { x, start, length: shape[0], t, body, result },
    };
    outer.instrs.push(instr);
    return x;
  }

  // ---- emission -----------------------------------------------------------------------------

  /** Emits instructions in order; `onlyVarying` selects the per-call (true) or build-time (false) ones. */
  private emitForward(instrs: readonly Instr[], onlyVarying: boolean | null, withGradient = false): void {
    let last = '';
    for (const ins of instrs) {
      if (onlyVarying !== null && ins.varying !== onlyVarying) continue;
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
      } else if (withGradient && this.unitSums.has(ins)) {
        // Its adjoint is 1 whatever comes later: value and gradient in one loop.
        const root = this.kernelTree(ins.inlined!.get(0)!, true);
        emitKernelVjp(this, ins.args[0].shape, root, { sum: this.one }, undefined, ins.out);
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
  private fuse(instrs: readonly Instr[], keep: ReadonlySet<string>, onlyVarying: boolean): void {
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
      if (c.recurrence || (!c.op.elementwise && !isSum) || (onlyVarying && !c.varying)) continue;
      const loopShape = isSum ? c.args[0].shape : c.out.shape;
      c.args.forEach((a, k) => {
        const p = a.base || a.offset !== undefined ? undefined : producer.get(a.id);
        if (
          !p?.op.elementwise ||
          p.fusedInto ||
          p.varying !== c.varying ||
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
    if (this.unit.has(b.id) && !b.base) return this.one;
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
      if (ins.fusedInto || this.unitSums.has(ins) || this.unitAdds.has(ins)) continue;
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

  /**
   * Finds the values whose adjoint is exactly 1: the log-density, and the scalar terms added into
   * it that nothing else reads. Their adds need no reverse step, and a fused sum among them
   * computes its value and its gradient in one loop.
   */
  private findUnitAdjoints(instrs: readonly Instr[], lp: Buf): void {
    const uses = new Map<string, number>();
    const use = (b: Buf) => uses.set(b.base?.id ?? b.id, (uses.get(b.base?.id ?? b.id) ?? 0) + 1);
    for (const ins of instrs) {
      ins.args.forEach(use);
      if (ins.recurrence) {
        for (const b of ins.recurrence.body.instrs) b.args.forEach(use);
        use(ins.recurrence.result);
      }
    }
    const single = (b: Buf) => b.scalar && !b.literal && !b.base && uses.get(b.id) === 1;
    if (!lp.scalar || lp.literal || lp.base) return;
    this.unit.add(lp.id);
    for (let k = instrs.length - 1; k >= 0; k--) {
      const ins = instrs[k];
      if (!ins.active || ins.recurrence || ins.out.base || !this.unit.has(ins.out.id)) continue;
      if (ins.op.name === 'add' && ins.out.scalar) {
        const [a, b] = ins.args;
        const settled = (x: Buf) => !this.isActive(x) || x.literal || single(x);
        if (a.id !== b.id && settled(a) && settled(b)) {
          for (const x of [a, b]) if (this.isActive(x) && !x.literal) this.unit.add(x.id);
          this.unitAdds.add(ins);
        }
      } else if (ins.op.name === 'sum' && ins.inlined) {
        this.unitSums.add(ins);
      }
    }
  }

  /** The top-level instructions the value `lp` depends on, in order. */
  private neededFor(lp: Buf): Instr[] {
    const need = new Set<string>();
    const mark = (b: Buf) => need.add(b.base?.id ?? b.id);
    mark(lp);
    const keep = new Set<Instr>();
    const all = this.root.instrs;
    for (let k = all.length - 1; k >= 0; k--) {
      const ins = all[k];
      if (!need.has(ins.out.base?.id ?? ins.out.id)) continue;
      keep.add(ins);
      ins.args.forEach(mark);
      if (ins.recurrence) {
        for (const b of ins.recurrence.body.instrs) b.args.forEach(mark);
        mark(ins.recurrence.result);
      }
    }
    return all.filter((i) => keep.has(i));
  }

  /** Every instruction at top level that needs an adjoint, for zeroing at the start of a call. */
  private activeOutputs(instrs: readonly Instr[]): Buf[] {
    const outs: Buf[] = [];
    const seen = new Set<string>();
    for (const ins of instrs) {
      if (!ins.active || ins.out.base || ins.fusedInto) continue;
      if (!seen.has(ins.out.id)) {
        seen.add(ins.out.id);
        outs.push(ins.out);
      }
    }
    return outs;
  }

  /**
   * Builds the JavaScript source of a factory `(rt, captured, onNaN) => functions`: data-only work runs
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
    markStatic(this.root.instrs.filter((i) => !i.varying));
    for (const ins of this.root.instrs) {
      if (!ins.varying && !ins.fusedInto && !ins.out.scalar && !ins.out.base && !ins.recurrence)
        this.staticIds.add(ins.out.id);
    }

    const locals = this.scalarLocals();
    this.indent = 2;
    this.emitForward(this.root.instrs, true);
    const valuesForward = take();
    for (const ins of this.root.instrs) {
      if (ins.varying) {
        ins.fusedInto = undefined;
        ins.inlined = undefined;
      }
    }
    // The hot path computes only what the log-density reads (not values-only nodes or bounds).
    const hot = this.neededFor(lp);
    this.fuse(hot, new Set([lp.base?.id ?? lp.id]), true);
    this.emitForward(hot, true);
    const forward = take();

    if (this.fold) this.findUnitAdjoints(hot, lp);
    const outs = this.activeOutputs(hot);
    // Adjoints are zeroed before the forward pass: fused sums add into them as they go.
    // A few stores in a row cost less than a loop's bookkeeping (measured on eight schools).
    if (dim <= 16) for (let i = 0; i < dim; i++) this.line(`grad[${i}] = 0;`);
    else this.line(`for (let i = 0; i < ${dim}; i++) grad[i] = 0;`);
    // Scalar adjoints are locals declared `= 0` at the top of the call; arrays need zeroing.
    for (const o of outs) if (!o.scalar) this.zero(this.adjointOf(o));
    this.emitForward(hot, true, true);
    const gradLines = take();
    const g = lp.literal ? undefined : this.adjointOf(lp);
    if (g && !g.literal) this.line(`${this.at(g, 0)} = 1;`);
    this.emitBackward(hot);
    gradLines.push(...take());
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
    const lpText = this.at(lp, 0);
    // A function body: its statements simplified, then the scalar locals it still uses declared.
    const body = (
      locals: readonly string[],
      statements: readonly string[],
      ret: string,
      gradient = false,
    ): string[] => {
      const lines = [...statements, ret];
      let code = this.fold ? simplifyBody(lines, true, this.data) : lines;
      if (this.fold && gradient) code = assignFirstGradientWrites(code, '    ');
      const used = new Set(code.join('\n').match(/[A-Za-z_$][\w$]*/g));
      const ids = locals.filter((i) => used.has(i));
      return ids.length ? [`    let ${ids.map((i) => `${i} = 0`).join(', ')};`, ...code] : code;
    };
    const once = [...prologue, ...this.precomputeLines];
    // A NaN log-density is handed to `onNaN` (which names the node that produced it).
    const checked = !lp.literal
      ? `    return ${lpText} !== ${lpText} ? onNaN(theta) : ${lpText};`
      : `    return ${lpText === 'NaN' ? 'onNaN(theta)' : lpText};`;
    return [
      '"use strict";',
      ...this.allocations.map((a) => `  ${a}`),
      ...[...this.staticScalars].map((s) => `  let ${s} = 0;`),
      '  // data-only computations, once',
      ...(this.fold ? simplifyBody(once, false, this.data) : once),
      '  function logDensity(theta) {',
      ...body(locals, forward, checked),
      '  }',
      '  function logDensityAndGradient(theta, grad) {',
      ...body([...locals, ...adjLocals], gradLines, checked, true),
      '  }',
      '  function values(theta, out) {',
      ...body(locals, [...valuesForward, ...copyOut], `    return ${lpText};`),
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
