import { DoplError } from '../../errors.js';
import { type Attrs, type Expr, exprKey, usesSelfOrStep } from '../../graph/expr.js';
import { getOp, type OpDef } from '../../ops/index.js';
import { formatShape, type Shape, size, type Tensor } from '../../tensor/index.js';
import type { Tf } from './backend.js';

/**
 * The tfjs backend's program: expressions lowered once, at compile time, to a list of op
 * applications over numbered slots (with common subexpressions shared, and loop-invariant work
 * hoisted out of recurrence bodies), then run with tfjs ops at every call.
 *
 * Batching convention (shared with every op's `tf` forward, see ops/op.ts): a value of static
 * shape s is held as a tensor [b, ...s] whose leading axis is the batch — b = B (one row per
 * point) for values that depend on the parameters, b = 1 for constants, data and data-only work,
 * which broadcast. Elementwise ops get their arguments rank-aligned ([b, ...s] → [b, 1, …, 1, ...s])
 * here, so their `tf` forwards broadcast as written; every other op's `tf` forward is batch-aware.
 */

export type Slot = number;

interface SlotInfo {
  readonly shape: Shape;
  /** Depends on the parameters (so it is computed at every call, batched). */
  dynamic: boolean;
}

interface OpInstr {
  readonly kind: 'op';
  readonly op: OpDef;
  readonly args: readonly Slot[];
  readonly attrs: Attrs;
  readonly out: Slot;
  /** Per argument: no gradient flows through it (indices, masks, comparisons). */
  readonly detach: readonly boolean[];
  readonly label: string;
}

interface ParamInstr {
  readonly kind: 'param';
  readonly out: Slot;
  readonly offset: number;
  readonly shape: Shape;
  readonly label: string;
}

interface RecInstr {
  readonly kind: 'rec';
  readonly out: Slot;
  readonly init: readonly Slot[];
  readonly elem: Shape;
  readonly start: number;
  readonly length: number;
  readonly body: readonly Instr[];
  readonly result: Slot;
  /** Slot of x[t - lag], per lag. */
  readonly selfs: ReadonlyMap<number, Slot>;
  readonly step: Slot | undefined;
  readonly label: string;
}

type Instr = OpInstr | ParamInstr | RecInstr;

class Scope {
  readonly instrs: Instr[] = [];
  readonly memo = new Map<string, Slot>();
  constructor(
    readonly parent: Scope | undefined,
    readonly rec?: { selfs: Map<number, Slot>; step: Slot | undefined; elem: Shape },
  ) {}
}

/** A tensor that carries no gradient: made by a custom op without inputs, so tf.grad never traces through it. */
export function detach(tf: Tf, t: Tf): Tf {
  return tf.customGrad(() => ({ value: tf.clone(t), gradFunc: () => [] }))();
}

/** Broadcasts the leading (batch) axes of several tensors to a common size. */
export function sameBatch(tf: Tf, ts: readonly Tf[]): Tf[] {
  const b = Math.max(...ts.map((t) => t.shape[0]));
  return ts.map((t) => (t.shape[0] === b ? t : tf.broadcastTo(t, [b, ...t.shape.slice(1)])));
}

export class TfProgram {
  private readonly root = new Scope(undefined);
  private scope = this.root;
  readonly slots: SlotInfo[] = [];
  /** Constant values by slot (converted to float32 tensors when the model is built). */
  readonly constants = new Map<Slot, Tensor>();
  label = '';

  private newSlot(shape: Shape, dynamic: boolean): Slot {
    this.slots.push({ shape, dynamic });
    return this.slots.length - 1;
  }

  shapeOf(s: Slot): Shape {
    return this.slots[s].shape;
  }
  isDynamic(s: Slot): boolean {
    return this.slots[s].dynamic;
  }

  constant(value: Tensor, key?: string): Slot {
    const k = `const:${key ?? exprKey({ kind: 'const', value })}`;
    const hit = this.root.memo.get(k);
    if (hit !== undefined) return hit;
    const s = this.newSlot(value.shape, false);
    this.constants.set(s, value);
    this.root.memo.set(k, s);
    return s;
  }

  param(offset: number, shape: Shape): Slot {
    const k = `param:${offset}:${shape.join(',')}`;
    const hit = this.root.memo.get(k);
    if (hit !== undefined) return hit;
    const out = this.newSlot(shape, true);
    this.root.instrs.push({ kind: 'param', out, offset, shape, label: this.label });
    this.root.memo.set(k, out);
    return out;
  }

  /** Lowers an expression; `resolve` gives the slot of a referenced node. */
  lower(e: Expr, resolve: (name: string) => Slot): Slot {
    switch (e.kind) {
      case 'const':
        return this.constant(e.value);
      case 'ref':
        return resolve(e.name);
      case 'param':
        return this.param(e.offset, e.shape);
      case 'step': {
        const rec = this.scope.rec;
        if (!rec) throw new DoplError('the recurrence index t is only defined inside a recurrence');
        if (rec.step === undefined) rec.step = this.newSlot([], false);
        return rec.step;
      }
      case 'self': {
        const rec = this.scope.rec;
        if (!rec) throw new DoplError('a self-reference x[t-k] is only defined inside a recurrence');
        let s = rec.selfs.get(e.lag);
        if (s === undefined) {
          s = this.newSlot(rec.elem, true);
          rec.selfs.set(e.lag, s);
        }
        return s;
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

  /** One op application (memoised within its scope). */
  apply(op: OpDef, args: readonly Slot[], attrs: Attrs): Slot {
    const [lo, hi] = typeof op.arity === 'number' ? [op.arity, op.arity] : op.arity;
    if (args.length < lo || args.length > hi) {
      throw new DoplError(
        `${op.name} takes ${lo === hi ? lo : `${lo} to ${hi}`} arguments, got ${args.length}`,
      );
    }
    if (!op.tf) throw new DoplError(`operation '${op.name}' has no TensorFlow.js forward (tfjs backend)`);
    const shape = op.shape(
      args.map((a) => this.shapeOf(a)),
      attrs,
    );
    const key = `${op.name}(${args.join(',')})${JSON.stringify(attrs)}`;
    const hit = this.scope.memo.get(key);
    if (hit !== undefined) return hit;
    const out = this.newSlot(
      shape,
      args.some((a) => this.isDynamic(a)),
    );
    const detachArg = args.map(
      (_, k) =>
        (op.nondiff?.includes(k) ?? false) || (op.elementwise !== undefined && !op.elementwise.grad[k]),
    );
    this.scope.instrs.push({ kind: 'op', op, args, attrs, out, detach: detachArg, label: this.label });
    this.scope.memo.set(key, out);
    return out;
  }

  /**
   * A recurrence x (shape [T, ...elem]): rows before `init.length` are given, then row t is `step`
   * evaluated with self(lag) = x[t - lag] and step = t — a JavaScript loop of tfjs ops.
   */
  recurrence(shape: Shape, init: readonly Expr[], stepExpr: Expr, resolve: (name: string) => Slot): Slot {
    const elem = shape.slice(1);
    const initSlots = init.map((ie, j) => {
      const s = this.lower(ie, resolve);
      if (size(this.shapeOf(s)) !== size(elem)) {
        throw new DoplError(
          `initial value ${j} has shape ${formatShape(this.shapeOf(s))}, expected ${formatShape(elem)}`,
        );
      }
      return s;
    });
    const rec = { selfs: new Map<number, Slot>(), step: undefined as Slot | undefined, elem };
    const body = new Scope(this.scope, rec);
    const outer = this.scope;
    this.scope = body;
    let result: Slot;
    try {
      result = this.lower(stepExpr, resolve);
    } finally {
      this.scope = outer;
    }
    if (size(this.shapeOf(result)) !== size(elem)) {
      throw new DoplError(
        `the step has shape ${formatShape(this.shapeOf(result))}, expected ${formatShape(elem)}`,
      );
    }
    for (const [lag] of rec.selfs) {
      if (lag < 1 || lag > init.length)
        throw new DoplError(`x[t-${lag}] reaches before the ${init.length} initial value(s)`);
    }
    // Dynamic if the initial rows are, or the body reads a dynamic value other than its own rows.
    const setSelf = (d: boolean) => {
      for (const s of rec.selfs.values()) this.slots[s].dynamic = d;
    };
    setSelf(false);
    this.propagate(body.instrs);
    const dynamic = initSlots.some((s) => this.isDynamic(s)) || this.isDynamic(result);
    setSelf(dynamic);
    this.propagate(body.instrs);
    const out = this.newSlot(shape, dynamic);
    outer.instrs.push({
      kind: 'rec',
      out,
      init: initSlots,
      elem,
      start: init.length,
      length: shape[0],
      body: body.instrs,
      result,
      selfs: rec.selfs,
      step: rec.step,
      label: this.label,
    });
    return out;
  }

  private propagate(instrs: readonly Instr[]): void {
    for (const ins of instrs) {
      if (ins.kind === 'op') this.slots[ins.out].dynamic = ins.args.some((a) => this.isDynamic(a));
    }
  }

  /** The top-level instructions, in order. */
  get instructions(): readonly Instr[] {
    return this.root.instrs;
  }

  /** A readable listing of the program (the model's `source`). */
  listing(names: ReadonlyMap<Slot, string>): string {
    const lines: string[] = [];
    const slotText = (s: Slot) => `s${s}`;
    const walk = (instrs: readonly Instr[], indent: string) => {
      let last = '';
      for (const ins of instrs) {
        if (ins.label !== last) {
          lines.push(`${indent}// ${ins.label}`);
          last = ins.label;
        }
        const info = this.slots[ins.out];
        const head = `${indent}${slotText(ins.out)}${formatShape(info.shape)}${info.dynamic ? '' : ' (once)'} = `;
        if (ins.kind === 'param')
          lines.push(`${head}theta[:, ${ins.offset}:${ins.offset + size(ins.shape)}]`);
        else if (ins.kind === 'op') {
          const attrs = Object.keys(ins.attrs).length ? ` ${JSON.stringify(ins.attrs)}` : '';
          lines.push(`${head}${ins.op.name}(${ins.args.map(slotText).join(', ')})${attrs}`);
        } else {
          const selfs = [...ins.selfs].map(([lag, s]) => `${slotText(s)} = x[t-${lag}]`).join(', ');
          lines.push(
            `${head}recurrence init (${ins.init.map(slotText).join(', ')}), for t in ${ins.start}..${ins.length - 1}` +
              ` (${selfs}${ins.step !== undefined ? `, ${slotText(ins.step)} = t` : ''}):`,
          );
          walk(ins.body, `${indent}  `);
          lines.push(`${indent}  row t = ${slotText(ins.result)}`);
        }
        const name = names.get(ins.out);
        if (name) lines[lines.length - 1] += `   # ${name}`;
      }
    };
    for (const [s, t] of this.constants)
      lines.push(`s${s}${formatShape(t.shape)} = ${t.shape.length === 0 ? t.data[0] : 'constant'}`);
    walk(this.root.instrs, '');
    return lines.join('\n');
  }
}

/** Runs a TfProgram with tfjs: static work once, the rest per call. */
export class TfRunner {
  /** Values of static slots (constants and data-only work), kept across calls. */
  private readonly fixed: Tf[];
  private readonly dynamicInstrs: readonly Instr[];
  /** Static values reshaped for rank alignment, by slot and rank. */
  private readonly aligned = new Map<string, Tf>();
  private disposed = false;

  constructor(
    private readonly tf: Tf,
    private readonly prog: TfProgram,
    private readonly checkShapes = false,
  ) {
    this.fixed = new Array(prog.slots.length);
    for (const [s, t] of prog.constants) {
      this.fixed[s] = tf.keep(tf.tensor(Float32Array.from(t.data), [1, ...t.shape], 'float32'));
    }
    const statics = prog.instructions.filter((i) => i.kind !== 'param' && !prog.isDynamic(i.out));
    this.dynamicInstrs = prog.instructions.filter((i) => i.kind === 'param' || prog.isDynamic(i.out));
    tf.tidy(() => {
      const vals = [...this.fixed];
      for (const ins of statics) this.exec(ins, vals, undefined, 1);
      for (const ins of statics) this.fixed[ins.out] = tf.keep(vals[ins.out]);
    });
  }

  /**
   * Every slot's value for a batch of parameter vectors theta ([B, dim] tensor; undefined when
   * dim = 0). Call inside tf.tidy.
   */
  run(theta: Tf | undefined, B: number): Tf[] {
    if (this.disposed) throw new DoplError('this tfjs model has been disposed');
    const vals = [...this.fixed];
    for (const ins of this.dynamicInstrs) this.exec(ins, vals, theta, B);
    return vals;
  }

  dispose(): void {
    if (this.disposed) return;
    this.disposed = true;
    for (const t of this.fixed) t?.dispose();
    for (const t of this.aligned.values()) t.dispose();
  }

  private exec(ins: Instr, vals: Tf[], theta: Tf | undefined, B: number): void {
    const tf = this.tf;
    switch (ins.kind) {
      case 'param': {
        const n = size(ins.shape);
        vals[ins.out] = tf.reshape(tf.slice(theta, [0, ins.offset], [B, n]), [B, ...ins.shape]);
        break;
      }
      case 'op': {
        const outShape = this.prog.shapeOf(ins.out);
        let args = ins.args.map((s, k) =>
          ins.detach[k] && this.prog.isDynamic(s) ? detach(tf, vals[s]) : vals[s],
        );
        if (ins.op.elementwise) {
          const r = outShape.length;
          args = args.map((a, k) => {
            const slot = ins.args[k];
            const s = this.prog.shapeOf(slot);
            if (s.length === r) return a;
            const to = [a.shape[0], ...new Array(r - s.length).fill(1), ...s];
            if (this.fixed[slot] === undefined) return tf.reshape(a, to);
            // Constants and data-only values are aligned once and kept.
            const key = `${slot}:${r}`;
            let c = this.aligned.get(key);
            if (c === undefined) {
              c = tf.keep(tf.reshape(a, to));
              this.aligned.set(key, c);
            }
            return c;
          });
        }
        let v = ins.op.tf!(tf, args, ins.attrs);
        if (v.dtype !== 'float32') v = tf.cast(v, 'float32');
        if (this.checkShapes) this.check(ins, v, outShape, B);
        vals[ins.out] = v;
        break;
      }
      case 'rec': {
        const rows: Tf[] = ins.init.map((s) => tf.reshape(vals[s], [vals[s].shape[0], ...ins.elem]));
        for (let t = ins.start; t < ins.length; t++) {
          for (const [lag, s] of ins.selfs) vals[s] = rows[t - lag];
          if (ins.step !== undefined) vals[ins.step] = tf.tensor1d([t], 'float32');
          for (const b of ins.body) this.exec(b, vals, theta, B);
          const r = vals[ins.result];
          rows.push(tf.reshape(r, [r.shape[0], ...ins.elem]));
        }
        vals[ins.out] = tf.stack(sameBatch(tf, rows), 1);
        break;
      }
    }
  }

  private check(ins: OpInstr, v: Tf, shape: Shape, B: number): void {
    const got: number[] = v.shape;
    const ok =
      (got[0] === 1 || got[0] === B) &&
      got.length === shape.length + 1 &&
      shape.every((d, i) => got[i + 1] === d);
    if (!ok) {
      throw new DoplError(
        `internal (tfjs backend): ${ins.op.name} gave a tensor of shape [${got.join(', ')}], expected [${B} or 1, ${shape.join(', ')}]`,
      );
    }
  }
}
