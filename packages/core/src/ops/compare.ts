import { elementwise } from './registry.js';

// Comparisons and logic return 0/1 and carry no gradient; `where` passes the adjoint to the
// branch that was taken.

const cmp = (name: string, js: string, tfName: string) =>
  elementwise(name, 2, { fwd: ([a, b]) => `(${a} ${js} ${b} ? 1 : 0)`, grad: [null, null] }, (tf, [a, b]) =>
    tf.cast(tf[tfName](a, b), 'float32'),
  );

export const lt = cmp('lt', '<', 'less');
export const le = cmp('le', '<=', 'lessEqual');
export const gt = cmp('gt', '>', 'greater');
export const ge = cmp('ge', '>=', 'greaterEqual');
export const eq = cmp('eq', '===', 'equal');
export const ne = cmp('ne', '!==', 'notEqual');

export const and = elementwise(
  'and',
  2,
  { fwd: ([a, b]) => `(${a} !== 0 && ${b} !== 0 ? 1 : 0)`, grad: [null, null] },
  (tf, [a, b]) => tf.mul(tf.cast(tf.notEqual(a, 0), 'float32'), tf.cast(tf.notEqual(b, 0), 'float32')),
);
export const or = elementwise(
  'or',
  2,
  { fwd: ([a, b]) => `(${a} !== 0 || ${b} !== 0 ? 1 : 0)`, grad: [null, null] },
  (tf, [a, b]) => tf.cast(tf.logicalOr(tf.notEqual(a, 0), tf.notEqual(b, 0)), 'float32'),
);
export const not = elementwise('not', 1, { fwd: ([a]) => `(${a} === 0 ? 1 : 0)`, grad: [null] }, (tf, [a]) =>
  tf.cast(tf.equal(a, 0), 'float32'),
);

export const where = elementwise(
  'where',
  3,
  {
    fwd: ([c, a, b]) => `(${c} !== 0 ? ${a} : ${b})`,
    grad: [null, (g, _y, [c]) => `(${c} !== 0 ? ${g} : 0)`, (g, _y, [c]) => `(${c} !== 0 ? 0 : ${g})`],
  },
  (tf, [c, a, b]) => tf.where(tf.notEqual(c, 0), a, b),
);
