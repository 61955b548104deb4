import { op, opWith, type TermLike, term } from './term.js';

// The language's built-in functions, for the TypeScript builder.

export const add = (a: TermLike, b: TermLike) => op('add', a, b);
export const sub = (a: TermLike, b: TermLike) => op('sub', a, b);
export const mul = (a: TermLike, b: TermLike) => op('mul', a, b);
export const div = (a: TermLike, b: TermLike) => op('div', a, b);
export const pow = (a: TermLike, b: TermLike) => op('pow', a, b);
export const neg = (a: TermLike) => op('neg', a);
export const exp = (a: TermLike) => op('exp', a);
export const log = (a: TermLike) => op('log', a);
export const log1p = (a: TermLike) => op('log1p', a);
export const expm1 = (a: TermLike) => op('expm1', a);
export const sqrt = (a: TermLike) => op('sqrt', a);
export const abs = (a: TermLike) => op('abs', a);
export const square = (a: TermLike) => op('square', a);
export const sin = (a: TermLike) => op('sin', a);
export const cos = (a: TermLike) => op('cos', a);
export const tanh = (a: TermLike) => op('tanh', a);
export const lgamma = (a: TermLike) => op('lgamma', a);
export const logit = (a: TermLike) => op('logit', a);
export const invLogit = (a: TermLike) => op('inv_logit', a);
export const softplus = (a: TermLike) => op('log1p_exp', a);
export const log1pExp = softplus;
export const logInvLogit = (a: TermLike) => op('log_inv_logit', a);
export const log1mInvLogit = (a: TermLike) => op('log1m_inv_logit', a);
export const minimum = (a: TermLike, b: TermLike) => op('minimum', a, b);
export const maximum = (a: TermLike, b: TermLike) => op('maximum', a, b);
export const where = (c: TermLike, a: TermLike, b: TermLike) => op('where', c, a, b);
export const and = (a: TermLike, b: TermLike) => op('and', a, b);
export const or = (a: TermLike, b: TermLike) => op('or', a, b);
export const not = (a: TermLike) => op('not', a);

export const sum = (a: TermLike, axis: number | null = null) => opWith('sum', { axis }, a);
export const logSumExp = (a: TermLike, axis: number | null = null) => opWith('log_sum_exp', { axis }, a);
export const logSoftmax = (a: TermLike) => op('log_softmax', a);
export const cumsum = (a: TermLike, axis = 0) => opWith('cumsum', { axis }, a);
export const matmul = (a: TermLike, b: TermLike) => op('matmul', a, b);
export const dot = (a: TermLike, b: TermLike) => op('matmul', a, b);
export const transpose = (a: TermLike) => op('transpose', a);
export const diag = (a: TermLike) => op('diag', a);
export const cholesky = (a: TermLike) => op('cholesky', a);
/** L⁻¹ b for lower-triangular L. */
export const trisolve = (l: TermLike, b: TermLike) => op('trisolve', l, b);
export const concat = (parts: readonly TermLike[], axis = 0) => opWith('concat', { axis }, ...parts);
export const stack = (parts: readonly TermLike[]) => op('stack', ...parts);
export const reshape = (a: TermLike, shape: readonly number[]) => opWith('reshape', { shape: [...shape] }, a);

export const mean = (a: TermLike, axis: number | null = null) => opWith('mean', { axis }, a);

// Marketing-mix transforms (PyMC-Marketing's definitions).
export const adstockGeometric = (x: TermLike, alpha: TermLike, lMax: number, normalize = true) =>
  opWith('adstock_geometric', { l_max: lMax, normalize }, x, alpha);
export const adstockDelayed = (
  x: TermLike,
  alpha: TermLike,
  theta: TermLike,
  lMax: number,
  normalize = true,
) => opWith('adstock_delayed', { l_max: lMax, normalize }, x, alpha, theta);
export const saturationLogistic = (x: TermLike, lam: TermLike) => op('saturation_logistic', x, lam);
export const saturationHill = (x: TermLike, kappa: TermLike, slope: TermLike) =>
  op('saturation_hill', x, kappa, slope);
export const saturationMichaelisMenten = (x: TermLike, alpha: TermLike, lam: TermLike) =>
  op('saturation_michaelis_menten', x, alpha, lam);

export { term };
