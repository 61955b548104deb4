import type { CompiledModel } from '../compile/compile.js';

/**
 * Largest discrepancy between the compiled gradient and central finite differences at theta,
 * relative to max(1, |g|): the specification every op and distribution is tested against.
 */
export function gradientError(
  model: CompiledModel,
  theta: ArrayLike<number>,
  h = 1e-6,
): { maxRelError: number; grad: Float64Array; fd: Float64Array } {
  const grad = new Float64Array(model.dim);
  model.logDensityAndGradient(theta, grad);
  const fd = new Float64Array(model.dim);
  const t = Float64Array.from(theta);
  let maxRelError = 0;
  for (let i = 0; i < model.dim; i++) {
    const x = t[i];
    const step = h * Math.max(1, Math.abs(x));
    t[i] = x + step;
    const up = model.logDensity(t);
    t[i] = x - step;
    const down = model.logDensity(t);
    t[i] = x;
    fd[i] = (up - down) / (2 * step);
    maxRelError = Math.max(maxRelError, Math.abs(fd[i] - grad[i]) / Math.max(1, Math.abs(grad[i])));
  }
  return { maxRelError, grad, fd };
}
