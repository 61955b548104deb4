import { DoplError } from '@dopl/core';
import { type DensityModel, safeLogDensityAndGradient } from './density.js';
import { LBFGS_DEFAULTS, type LbfgsOptions, type LbfgsResult, minimizeLbfgs } from './lbfgs.js';

// The posterior mode by L-BFGS on −log p over the unconstrained space (Stan's `optimize` with
// algorithm=lbfgs). With the Jacobian (the default here) this is the mode of the density of the
// unconstrained parameters; Jacobian-free optimisation (the mode on the constrained scale, Stan's
// jacobian=false) needs a log density without the log-Jacobian terms, which the compiled model
// does not offer yet.

/** Stan's optimize defaults (L-BFGS with history 5, 2000 iterations). */
export const OPTIMIZE_DEFAULTS = { ...LBFGS_DEFAULTS, maxIterations: 2000, jacobian: true } as const;

export interface OptimizeSettings extends Omit<LbfgsOptions, 'onIteration'> {
  /**
   * Include the log-Jacobian of the constraining transforms (default true: the mode of the
   * unconstrained density). false — the mode on the constrained scale — is not available yet.
   */
  readonly jacobian?: boolean;
}

export interface OptimizeRun extends LbfgsResult {
  /** log p at the optimum (Jacobian included, unnormalised). */
  readonly logDensity: number;
}

export function checkJacobian(jacobian: boolean | undefined): void {
  if (jacobian === false) {
    throw new DoplError(
      'optimize: jacobian: false (the mode on the constrained scale) is not available yet: it needs a log density ' +
        'without the log-Jacobian terms, which compile() does not provide; use jacobian: true (the default) for now',
    );
  }
}

export function runOptimize(
  model: DensityModel,
  init: ArrayLike<number>,
  settings: OptimizeSettings = {},
): OptimizeRun {
  checkJacobian(settings.jacobian);
  const d = model.dim;
  const fg = (x: Float64Array, g: Float64Array) => {
    const lp = safeLogDensityAndGradient(model, x, g);
    for (let i = 0; i < d; i++) g[i] = -g[i];
    return -lp;
  };
  const result = minimizeLbfgs(fg, init, { maxIterations: OPTIMIZE_DEFAULTS.maxIterations, ...settings });
  return { ...result, logDensity: -result.f };
}
