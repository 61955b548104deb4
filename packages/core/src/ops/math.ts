import { elementwise } from './registry.js';

// Elementwise transcendental functions. `rt` is the js backend's runtime (special functions).

export const exp = elementwise(
  'exp',
  1,
  { fwd: ([a]) => `Math.exp(${a})`, grad: [(g, y) => `${g} * ${y}`] },
  (tf, [a]) => tf.exp(a),
);
export const log = elementwise(
  'log',
  1,
  { fwd: ([a]) => `Math.log(${a})`, grad: [(g, _y, [a]) => `${g} / ${a}`] },
  (tf, [a]) => tf.log(a),
);
export const log1p = elementwise(
  'log1p',
  1,
  { fwd: ([a]) => `Math.log1p(${a})`, grad: [(g, _y, [a]) => `${g} / (1 + ${a})`] },
  (tf, [a]) => tf.log1p(a),
);
export const expm1 = elementwise(
  'expm1',
  1,
  { fwd: ([a]) => `Math.expm1(${a})`, grad: [(g, y) => `${g} * (${y} + 1)`] },
  (tf, [a]) => tf.expm1(a),
);
export const sqrt = elementwise(
  'sqrt',
  1,
  { fwd: ([a]) => `Math.sqrt(${a})`, grad: [(g, y) => `0.5 * ${g} / ${y}`] },
  (tf, [a]) => tf.sqrt(a),
);
export const abs = elementwise(
  'abs',
  1,
  { fwd: ([a]) => `Math.abs(${a})`, grad: [(g, _y, [a]) => `(${a} < 0 ? -${g} : ${a} > 0 ? ${g} : 0)`] },
  (tf, [a]) => tf.abs(a),
);
export const sin = elementwise(
  'sin',
  1,
  { fwd: ([a]) => `Math.sin(${a})`, grad: [(g, _y, [a]) => `${g} * Math.cos(${a})`] },
  (tf, [a]) => tf.sin(a),
);
export const cos = elementwise(
  'cos',
  1,
  { fwd: ([a]) => `Math.cos(${a})`, grad: [(g, _y, [a]) => `-${g} * Math.sin(${a})`] },
  (tf, [a]) => tf.cos(a),
);
export const tanh = elementwise(
  'tanh',
  1,
  { fwd: ([a]) => `Math.tanh(${a})`, grad: [(g, y) => `${g} * (1 - ${y} * ${y})`] },
  (tf, [a]) => tf.tanh(a),
);
export const lgamma = elementwise(
  'lgamma',
  1,
  { fwd: ([a]) => `rt.lgamma(${a})`, grad: [(g, _y, [a]) => `${g} * rt.digamma(${a})`] },
  (tf, [a]) => tfLgamma(tf, a),
);
export const digamma = elementwise(
  'digamma',
  1,
  { fwd: ([a]) => `rt.digamma(${a})`, grad: [(g, _y, [a]) => `${g} * rt.trigamma(${a})`] },
  (tf, [a]) => tfDigamma(tf, a),
);
/** Standard normal CDF Φ. */
export const Phi = elementwise(
  'Phi',
  1,
  {
    fwd: ([a]) => `rt.normalCdf(${a})`,
    grad: [(g, _y, [a]) => `${g} * 0.3989422804014327 * Math.exp(-0.5 * ${a} * ${a})`],
  },
  // float32 erf: accurate to ~1e-7 absolute, so far-tail values lose their relative accuracy.
  (tf, [a]) => tf.mul(0.5, tf.add(1, tf.erf(tf.mul(a, Math.SQRT1_2)))),
);
export const floor = elementwise('floor', 1, { fwd: ([a]) => `Math.floor(${a})`, grad: [null] }, (tf, [a]) =>
  tf.floor(a),
);

// tfjs has no lgamma; Stirling's series with a shift by 6 is accurate to float32 for x > 0.
// biome-ignore lint/suspicious/noExplicitAny: tfjs types are loaded dynamically
function tfLgamma(tf: any, x: any): any {
  let shift = tf.zerosLike(x);
  let z = x;
  for (let k = 0; k < 6; k++) {
    shift = tf.add(shift, tf.log(z));
    z = tf.add(z, 1);
  }
  const zi = tf.reciprocal(z);
  const zi2 = tf.square(zi);
  const series = tf.mul(zi, tf.add(1 / 12, tf.mul(zi2, tf.add(-1 / 360, tf.mul(zi2, 1 / 1260)))));
  const stirling = tf.add(tf.sub(tf.mul(tf.sub(z, 0.5), tf.log(z)), z), 0.5 * Math.log(2 * Math.PI));
  return tf.sub(tf.add(stirling, series), shift);
}

// ψ(x) = ψ(x + 6) − Σ_{k<6} 1/(x + k), then the asymptotic series; float32-accurate for x > 0.
// Its tf.grad gives trigamma.
function tfDigamma(tf: any, x: any): any {
  let acc = tf.zerosLike(x);
  let z = x;
  for (let k = 0; k < 6; k++) {
    acc = tf.add(acc, tf.reciprocal(z));
    z = tf.add(z, 1);
  }
  const zi = tf.reciprocal(z);
  const zi2 = tf.square(zi);
  // ln z − 1/(2z) − 1/(12z²) + 1/(120z⁴) − 1/(252z⁶)
  const series = tf.mul(zi2, tf.add(-1 / 12, tf.mul(zi2, tf.add(1 / 120, tf.mul(zi2, -1 / 252)))));
  return tf.sub(tf.add(tf.sub(tf.log(z), tf.mul(0.5, zi)), series), acc);
}
