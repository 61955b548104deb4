import type { CompiledModel } from '../compile/compile.js';

/**
 * Largest discrepancy between the compiled gradient and finite differences at theta, relative to
 * max(1, |g|): the specification every op and distribution is tested against. The five-point
 * stencil (error O(h⁴)) allows a step of 1e-3 relative, so rounding in log-densities of size 1e5
 * stays near 1e-8 instead of swamping the comparison.
 */
export function gradientError(
  model: CompiledModel,
  theta: ArrayLike<number>,
  h = 1e-3,
): { maxRelError: number; grad: Float64Array; fd: Float64Array } {
  const grad = new Float64Array(model.dim);
  model.logDensityAndGradient(theta, grad);
  const fd = new Float64Array(model.dim);
  const t = Float64Array.from(theta);
  const at = (i: number, x: number) => {
    t[i] = x;
    return model.logDensity(t);
  };
  let maxRelError = 0;
  for (let i = 0; i < model.dim; i++) {
    const x = t[i];
    const step = h * Math.max(1, Math.abs(x));
    fd[i] =
      (8 * (at(i, x + step) - at(i, x - step)) - (at(i, x + 2 * step) - at(i, x - 2 * step))) / (12 * step);
    t[i] = x;
    maxRelError = Math.max(maxRelError, Math.abs(fd[i] - grad[i]) / Math.max(1, Math.abs(grad[i])));
  }
  return { maxRelError, grad, fd };
}
