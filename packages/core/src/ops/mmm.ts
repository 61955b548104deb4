import { ShapeError } from '../errors.js';
import type { Attrs } from '../graph/expr.js';
import { formatShape, type Shape, size } from '../tensor/index.js';
import type { Buf, Emit } from './op.js';
import { defineOp, elementwise } from './registry.js';

// Marketing-mix transforms, as PyMC-Marketing defines them: carry-over (adstock) convolutions
// over time (axis 0, causal, weeks before the start count as zero) and saturation curves.

/** x is [T] or [T, C]; per-channel parameters are scalars or [C]. */
function channels(name: string, x: Shape, params: readonly Shape[]): number {
  if (x.length !== 1 && x.length !== 2)
    throw new ShapeError(`${name} needs spend shaped [T] or [T, C], got ${formatShape(x)}`);
  const C = x.length === 2 ? x[1] : 1;
  for (const p of params) {
    if (size(p) !== 1 && !(p.length === 1 && p[0] === C)) {
      throw new ShapeError(
        `${name}: a per-channel parameter must be a scalar or have ${C} entries, got ${formatShape(p)}`,
      );
    }
  }
  return C;
}

const lMaxOf = (attrs: Attrs): number => {
  const L = attrs.l_max as number;
  if (!Number.isInteger(L) || L < 1)
    throw new ShapeError(`adstock l_max must be a positive integer, got ${L}`);
  return L;
};

const pick = (e: Emit, p: Buf, c: string) => e.at(p, size(p.shape) === 1 ? '0' : c);

/**
 * Shared convolution: weights w[l] (and their derivatives dw[k][l] per parameter) are computed by
 * `weights` into scratch arrays; then out[t] = Σ_{l < min(L, t+1)} w[l] x[t-l].
 */
function adstockOp(
  name: string,
  nParams: number,
  weights: (e: Emit, w: Buf, dw: Buf[] | null, p: string[], L: number, normalize: boolean) => void,
) {
  return defineOp({
    name,
    arity: 1 + nParams,
    shape: ([x, ...ps], attrs) => {
      channels(name, x, ps);
      lMaxOf(attrs);
      return x;
    },
    emit: (e, out, [x, ...ps], attrs) => {
      const L = lMaxOf(attrs);
      const C = channels(
        name,
        x.shape,
        ps.map((p) => p.shape),
      );
      const T = x.shape[0];
      const w = e.scratch([L]);
      e.loop(C, (c) => {
        weights(
          e,
          w,
          null,
          ps.map((p) => pick(e, p, c)),
          L,
          attrs.normalize !== false,
        );
        e.loop(T, (t) => {
          const acc = e.fresh('acc');
          e.line(`let ${acc} = 0;`);
          e.line(
            `for (let l = 0; l < ${L} && l <= ${t}; l++) ${acc} += ${w.id}[l] * ${e.at(x, `(${t} - l) * ${C} + ${c}`)};`,
          );
          e.line(`${e.at(out, `${t} * ${C} + ${c}`)} = ${acc};`);
        });
      });
    },
    vjp: (e, { g, args: [x, ...ps], gArgs: [gx, ...gps], attrs }) => {
      const L = lMaxOf(attrs);
      const C = channels(
        name,
        x.shape,
        ps.map((p) => p.shape),
      );
      const T = x.shape[0];
      const w = e.scratch([L]);
      const dw = ps.map(() => e.scratch([L]));
      e.loop(C, (c) => {
        weights(
          e,
          w,
          dw,
          ps.map((p) => pick(e, p, c)),
          L,
          attrs.normalize !== false,
        );
        const sums = ps.map(() => e.fresh('gp'));
        for (const s of sums) e.line(`let ${s} = 0;`);
        e.loop(T, (t) => {
          const gv = e.fresh('g');
          e.line(`const ${gv} = ${e.at(g, `${t} * ${C} + ${c}`)};`);
          e.line(`for (let l = 0; l < ${L} && l <= ${t}; l++) {`);
          if (gx) e.line(`${e.at(gx, `(${t} - l) * ${C} + ${c}`)} += ${gv} * ${w.id}[l];`);
          sums.forEach((s, k) => {
            if (gps[k]) e.line(`${s} += ${gv} * ${e.at(x, `(${t} - l) * ${C} + ${c}`)} * ${dw[k].id}[l];`);
          });
          e.line('}');
        });
        sums.forEach((s, k) => {
          const gp = gps[k];
          if (gp) e.line(`${pick(e, gp, c)} += ${s};`);
        });
      });
    },
    tf: (tf, [x, ...ps], attrs) => tfAdstock(tf, name, x, ps, lMaxOf(attrs), attrs.normalize !== false),
  });
}

/** Normalises raw weights (and their derivatives, by the quotient rule). */
function normaliseWeights(e: Emit, w: Buf, dw: Buf[] | null, L: number): void {
  const s = e.fresh('s');
  e.line(`let ${s} = 0; for (let l = 0; l < ${L}; l++) ${s} += ${w.id}[l];`);
  if (dw) {
    for (const d of dw) {
      const ds = e.fresh('ds');
      e.line(`let ${ds} = 0; for (let l = 0; l < ${L}; l++) ${ds} += ${d.id}[l];`);
      e.line(
        `for (let l = 0; l < ${L}; l++) ${d.id}[l] = (${d.id}[l] * ${s} - ${w.id}[l] * ${ds}) / (${s} * ${s});`,
      );
    }
  }
  e.line(`for (let l = 0; l < ${L}; l++) ${w.id}[l] /= ${s};`);
}

/** Geometric adstock: w[l] = α^l (l < l_max), normalised to sum to 1 unless normalize = false. */
export const adstockGeometric = adstockOp('adstock_geometric', 1, (e, w, dw, [a], L, normalize) => {
  const p = e.fresh('p');
  e.line(`let ${p} = 1;`);
  e.line(`for (let l = 0; l < ${L}; l++) {`);
  if (dw) e.line(`${dw[0].id}[l] = l === 0 ? 0 : l * ${w.id}[l - 1];`);
  e.line(`${w.id}[l] = ${p}; ${p} *= ${a};`);
  e.line('}');
  if (normalize) normaliseWeights(e, w, dw, L);
});

/** Delayed adstock: w[l] = α^((l − θ)²), the peak delayed by θ periods. */
export const adstockDelayed = adstockOp('adstock_delayed', 2, (e, w, dw, [a, th], L, normalize) => {
  e.line(`for (let l = 0; l < ${L}; l++) {`);
  e.line(`const d = l - ${th}; ${w.id}[l] = Math.pow(${a}, d * d);`);
  if (dw) {
    e.line(`${dw[0].id}[l] = d === 0 ? 0 : d * d * Math.pow(${a}, d * d - 1);`);
    e.line(`${dw[1].id}[l] = ${w.id}[l] === 0 ? 0 : -2 * d * Math.log(${a}) * ${w.id}[l];`);
  }
  e.line('}');
  if (normalize) normaliseWeights(e, w, dw, L);
});

/** Logistic saturation: (1 − e^(−λx)) / (1 + e^(−λx)) = tanh(λx/2). */
export const saturationLogistic = elementwise(
  'saturation_logistic',
  2,
  {
    fwd: ([x, lam]) => `Math.tanh(0.5 * ${lam} * ${x})`,
    grad: [
      (g, y, [, lam]) => `${g} * 0.5 * ${lam} * (1 - ${y} * ${y})`,
      (g, y, [x]) => `${g} * 0.5 * ${x} * (1 - ${y} * ${y})`,
    ],
  },
  (tf, [x, lam]) => tf.tanh(tf.mul(0.5, tf.mul(lam, x))),
);

/** Hill saturation: x^s / (x^s + κ^s), half-saturated at x = κ. Arguments (x, kappa, slope). */
export const saturationHill = elementwise(
  'saturation_hill',
  3,
  {
    fwd: ([x, k, s]) => `(${x} <= 0 ? 0 : 1 / (1 + Math.pow(${k} / ${x}, ${s})))`,
    grad: [
      (g, y, [x, , s]) => `(${x} <= 0 ? 0 : ${g} * ${y} * (1 - ${y}) * ${s} / ${x})`,
      (g, y, [, k, s]) => `-${g} * ${y} * (1 - ${y}) * ${s} / ${k}`,
      (g, y, [x, k]) => `(${x} <= 0 ? 0 : ${g} * ${y} * (1 - ${y}) * Math.log(${x} / ${k}))`,
    ],
  },
  (tf, [x, k, s]) => tf.div(1, tf.add(1, tf.pow(tf.div(k, x), s))),
);

/** Michaelis–Menten saturation: α x / (λ + x), approaching α. Arguments (x, alpha, lam). */
export const saturationMichaelisMenten = elementwise(
  'saturation_michaelis_menten',
  3,
  {
    fwd: ([x, a, l]) => `(${a} * ${x} / (${l} + ${x}))`,
    grad: [
      (g, _y, [x, a, l]) => `${g} * ${a} * ${l} / ((${l} + ${x}) * (${l} + ${x}))`,
      (g, _y, [x, , l]) => `${g} * ${x} / (${l} + ${x})`,
      (g, _y, [x, a, l]) => `-${g} * ${a} * ${x} / ((${l} + ${x}) * (${l} + ${x}))`,
    ],
  },
  (tf, [x, a, l]) => tf.div(tf.mul(a, x), tf.add(l, x)),
);

// tfjs forward, batched (ops/op.ts): x is [b, T] or [b, T, C], each parameter [b] or [b, C]. The
// weights are built per point and channel, [b, L, C], and the convolution is a sum of shifted copies.
function tfAdstock(tf: any, name: string, x: any, ps: any[], L: number, normalize: boolean): any {
  const T = x.shape[1];
  const x3 = x.rank === 2 ? tf.reshape(x, [x.shape[0], T, 1]) : x;
  const C = x3.shape[2];
  const per = (p: any) => tf.reshape(p, [p.shape[0], 1, p.size === p.shape[0] ? 1 : C]);
  const l = tf.reshape(tf.range(0, L, 1, 'float32'), [1, L, 1]);
  let w =
    name === 'adstock_geometric'
      ? tf.pow(per(ps[0]), l)
      : tf.pow(per(ps[0]), tf.square(tf.sub(l, per(ps[1]))));
  if (normalize) w = tf.div(w, tf.sum(w, 1, true));
  let out: any;
  for (let j = 0; j < L && j < T; j++) {
    const shifted =
      j === 0
        ? x3
        : tf.pad(tf.slice(x3, [0, 0, 0], [x3.shape[0], T - j, C]), [
            [0, 0],
            [j, 0],
            [0, 0],
          ]);
    const term = tf.mul(shifted, tf.slice(w, [0, j, 0], [w.shape[0], 1, w.shape[2]]));
    out = out === undefined ? term : tf.add(out, term);
  }
  return x.rank === 2 ? tf.reshape(out, [out.shape[0], T]) : out;
}
