import { elementwise } from './registry.js';

// Arithmetic with NumPy broadcasting. Each line: forward template, then ∂/∂arg templates.

export const add = elementwise(
  'add',
  2,
  { fwd: ([a, b]) => `(${a} + ${b})`, grad: [(g) => g, (g) => g] },
  (tf, [a, b]) => tf.add(a, b),
);

export const sub = elementwise(
  'sub',
  2,
  { fwd: ([a, b]) => `(${a} - ${b})`, grad: [(g) => g, (g) => `-${g}`] },
  (tf, [a, b]) => tf.sub(a, b),
);

export const mul = elementwise(
  'mul',
  2,
  {
    fwd: ([a, b]) => `(${a} * ${b})`,
    grad: [(g, _y, [, b]) => `${g} * ${b}`, (g, _y, [a]) => `${g} * ${a}`],
  },
  (tf, [a, b]) => tf.mul(a, b),
);

export const div = elementwise(
  'div',
  2,
  {
    fwd: ([a, b]) => `(${a} / ${b})`,
    grad: [(g, _y, [, b]) => `${g} / ${b}`, (g, y, [, b]) => `-${g} * ${y} / ${b}`],
  },
  (tf, [a, b]) => tf.div(a, b),
);

// d/db a^b = a^b log a, taken as 0 where a = 0 (the limit along b > 0) so x^2 at x = 0 has no NaN.
export const pow = elementwise(
  'pow',
  2,
  {
    fwd: ([a, b]) => `Math.pow(${a}, ${b})`,
    grad: [
      (g, _y, [a, b]) => `(${b} === 0 ? 0 : ${g} * ${b} * Math.pow(${a}, ${b} - 1))`,
      (g, y, [a]) => `(${a} === 0 ? 0 : ${g} * ${y} * Math.log(${a}))`,
    ],
  },
  (tf, [a, b]) => tf.pow(a, b),
);

export const neg = elementwise('neg', 1, { fwd: ([a]) => `(-${a})`, grad: [(g) => `-${g}`] }, (tf, [a]) =>
  tf.neg(a),
);

export const square = elementwise(
  'square',
  1,
  { fwd: ([a]) => `(${a} * ${a})`, grad: [(g, _y, [a]) => `2 * ${g} * ${a}`] },
  (tf, [a]) => tf.square(a),
);

// Subgradient convention: ties send the whole adjoint to the first argument.
export const minimum = elementwise(
  'minimum',
  2,
  {
    fwd: ([a, b]) => `Math.min(${a}, ${b})`,
    grad: [(g, _y, [a, b]) => `(${a} <= ${b} ? ${g} : 0)`, (g, _y, [a, b]) => `(${a} <= ${b} ? 0 : ${g})`],
  },
  (tf, [a, b]) => tf.minimum(a, b),
);

export const maximum = elementwise(
  'maximum',
  2,
  {
    fwd: ([a, b]) => `Math.max(${a}, ${b})`,
    grad: [(g, _y, [a, b]) => `(${a} >= ${b} ? ${g} : 0)`, (g, _y, [a, b]) => `(${a} >= ${b} ? 0 : ${g})`],
  },
  (tf, [a, b]) => tf.maximum(a, b),
);
