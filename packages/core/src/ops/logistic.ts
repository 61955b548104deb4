import { elementwise } from './registry.js';

// The logistic family, written to stay finite for large |x| (never NaN from overflow).

export const invLogit = elementwise(
  'inv_logit',
  1,
  { fwd: ([a]) => `rt.invLogit(${a})`, grad: [(g, y) => `${g} * ${y} * (1 - ${y})`] },
  (tf, [a]) => tf.sigmoid(a),
);
export const logit = elementwise(
  'logit',
  1,
  { fwd: ([a]) => `Math.log(${a} / (1 - ${a}))`, grad: [(g, _y, [a]) => `${g} / (${a} * (1 - ${a}))`] },
  (tf, [a]) => tf.log(tf.div(a, tf.sub(1, a))),
);
/** softplus(x) = log(1 + e^x) */
export const log1pExp = elementwise(
  'log1p_exp',
  1,
  { fwd: ([a]) => `rt.log1pExp(${a})`, grad: [(g, _y, [a]) => `${g} * rt.invLogit(${a})`] },
  (tf, [a]) => tf.softplus(a),
);
/** log(inv_logit(x)) = -softplus(-x) */
export const logInvLogit = elementwise(
  'log_inv_logit',
  1,
  { fwd: ([a]) => `(-rt.log1pExp(-${a}))`, grad: [(g, _y, [a]) => `${g} * rt.invLogit(-${a})`] },
  (tf, [a]) => tf.neg(tf.softplus(tf.neg(a))),
);
/** log(1 - inv_logit(x)) = -softplus(x) */
export const log1mInvLogit = elementwise(
  'log1m_inv_logit',
  1,
  { fwd: ([a]) => `(-rt.log1pExp(${a}))`, grad: [(g, _y, [a]) => `-${g} * rt.invLogit(${a})`] },
  (tf, [a]) => tf.neg(tf.softplus(a)),
);
/** log(1 - x) */
export const log1m = elementwise(
  'log1m',
  1,
  { fwd: ([a]) => `Math.log1p(-${a})`, grad: [(g, _y, [a]) => `-${g} / (1 - ${a})`] },
  (tf, [a]) => tf.log1p(tf.neg(a)),
);
