import { dot } from './linalg.js';
import { type LineSearchOptions, type ObjectiveWithGradient, wolfeLineSearch } from './line-search.js';

// Limited-memory BFGS (Nocedal 1980; Liu & Nocedal 1989) minimising f with the two-loop
// recursion, initial inverse Hessian γI with γ = sᵀy / yᵀy of the newest pair, and a strong Wolfe
// line search. Start, restart and stopping rules follow Stan's BFGSMinimizer (`bfgs.hpp`): the
// first step along −∇f is tried with length `initAlpha`, a failed search restarts once from
// steepest descent, and the run stops on the first of Stan's six convergence tests.

/** Defaults as in Stan's optimizer (and Pathfinder's L-BFGS). */
export const LBFGS_DEFAULTS = {
  historySize: 5,
  initAlpha: 1e-3,
  tolObj: 1e-12,
  tolRelObj: 1e4,
  tolGrad: 1e-8,
  tolRelGrad: 1e7,
  tolParam: 1e-8,
  maxIterations: 1000,
} as const;

export interface LbfgsOptions extends LineSearchOptions {
  /** Pairs (s, y) kept, default 5. */
  readonly historySize?: number;
  /** Length of the first trial step (along −∇f), default 1e-3. */
  readonly initAlpha?: number;
  /** Stop when |Δf| < tolObj, default 1e-12. */
  readonly tolObj?: number;
  /** Stop when |Δf| / max(|f|, |f_prev|, 1) < tolRelObj·ε (ε machine epsilon), default 1e4. */
  readonly tolRelObj?: number;
  /** Stop when ‖∇f‖ < tolGrad, default 1e-8. */
  readonly tolGrad?: number;
  /** Stop when ∇fᵀ H ∇f / max(|f|, 1) < tolRelGrad·ε, default 1e7. */
  readonly tolRelGrad?: number;
  /** Stop when ‖Δx‖ < tolParam, default 1e-8. */
  readonly tolParam?: number;
  /** Default 1000. */
  readonly maxIterations?: number;
  /** Called after every accepted step (the arrays are the optimiser's own: copy what you keep). */
  readonly onIteration?: (step: LbfgsStep) => void;
}

export interface LbfgsStep {
  /** 1-based. */
  readonly iteration: number;
  readonly x: Float64Array;
  readonly f: number;
  readonly g: Float64Array;
  /** x − x_prev. */
  readonly s: Float64Array;
  /** g − g_prev. */
  readonly y: Float64Array;
}

export type LbfgsStatus =
  | 'absolute-objective'
  | 'relative-objective'
  | 'absolute-gradient'
  | 'relative-gradient'
  | 'absolute-parameter'
  | 'max-iterations'
  | 'line-search-failed';

export interface LbfgsResult {
  readonly x: Float64Array;
  readonly f: number;
  readonly g: Float64Array;
  readonly iterations: number;
  readonly status: LbfgsStatus;
  /** True for the convergence statuses (not max-iterations, not a failed line search). */
  readonly converged: boolean;
  readonly message: string;
  /** Objective-and-gradient evaluations, the initial one included. */
  readonly evaluations: number;
}

const MESSAGES: Record<LbfgsStatus, string> = {
  'absolute-objective': 'convergence: the absolute change in the objective was below tolerance',
  'relative-objective': 'convergence: the relative change in the objective was below tolerance',
  'absolute-gradient': 'convergence: the gradient norm was below tolerance',
  'relative-gradient': 'convergence: the relative gradient magnitude was below tolerance',
  'absolute-parameter': 'convergence: the change in the parameters was below tolerance',
  'max-iterations': 'the maximum number of iterations was reached: this may not be an optimum',
  'line-search-failed':
    'the line search failed to achieve a sufficient decrease: no more progress can be made',
};

/** The limited-memory inverse-Hessian approximation: the (s, y) history and the two-loop product. */
export class LbfgsHistory {
  readonly #s: Float64Array[] = [];
  readonly #y: Float64Array[] = [];
  readonly #rho: number[] = [];
  readonly #alpha: Float64Array;
  constructor(readonly capacity: number) {
    this.#alpha = new Float64Array(capacity);
  }

  get size(): number {
    return this.#s.length;
  }

  clear(): void {
    this.#s.length = 0;
    this.#y.length = 0;
    this.#rho.length = 0;
  }

  /** Adds a pair when sᵀy > 0 (the curvature condition); returns whether it was kept. */
  push(s: Float64Array, y: Float64Array): boolean {
    const sy = dot(s, y);
    if (!(sy > 0) || !Number.isFinite(sy)) return false;
    if (this.#s.length === this.capacity) {
      this.#s.shift();
      this.#y.shift();
      this.#rho.shift();
    }
    this.#s.push(Float64Array.from(s));
    this.#y.push(Float64Array.from(y));
    this.#rho.push(1 / sy);
    return true;
  }

  /** out = −H g (the search direction); with an empty history, −g. */
  direction(g: Float64Array, out: Float64Array): void {
    const m = this.#s.length;
    const n = g.length;
    for (let i = 0; i < n; i++) out[i] = g[i];
    for (let k = m - 1; k >= 0; k--) {
      const a = this.#rho[k] * dot(this.#s[k], out);
      this.#alpha[k] = a;
      const y = this.#y[k];
      for (let i = 0; i < n; i++) out[i] -= a * y[i];
    }
    if (m > 0) {
      const y = this.#y[m - 1];
      const gamma = 1 / (this.#rho[m - 1] * dot(y, y));
      for (let i = 0; i < n; i++) out[i] *= gamma;
    }
    for (let k = 0; k < m; k++) {
      const b = this.#rho[k] * dot(this.#y[k], out);
      const s = this.#s[k];
      const c = this.#alpha[k] - b;
      for (let i = 0; i < n; i++) out[i] += c * s[i];
    }
    for (let i = 0; i < n; i++) out[i] = -out[i];
  }
}

/** Minimises fg from x0. A non-finite objective at x0 is an error for the caller to prevent. */
export function minimizeLbfgs(
  fg: ObjectiveWithGradient,
  x0: ArrayLike<number>,
  options: LbfgsOptions = {},
): LbfgsResult {
  const n = x0.length;
  const historySize = options.historySize ?? LBFGS_DEFAULTS.historySize;
  if (!Number.isSafeInteger(historySize) || historySize < 1) {
    throw new RangeError(`L-BFGS historySize must be a positive integer, got ${historySize}`);
  }
  const initAlpha = options.initAlpha ?? LBFGS_DEFAULTS.initAlpha;
  const tolObj = options.tolObj ?? LBFGS_DEFAULTS.tolObj;
  const tolRelObj = (options.tolRelObj ?? LBFGS_DEFAULTS.tolRelObj) * Number.EPSILON;
  const tolGrad = options.tolGrad ?? LBFGS_DEFAULTS.tolGrad;
  const tolRelGrad = (options.tolRelGrad ?? LBFGS_DEFAULTS.tolRelGrad) * Number.EPSILON;
  const tolParam = options.tolParam ?? LBFGS_DEFAULTS.tolParam;
  const maxIterations = options.maxIterations ?? LBFGS_DEFAULTS.maxIterations;

  let x = Float64Array.from(x0);
  let g = new Float64Array(n);
  let f = fg(x, g);
  let evaluations = 1;
  if (!Number.isFinite(f)) throw new RangeError(`L-BFGS: the objective is ${f} at the initial point`);
  let xNew = new Float64Array(n);
  let gNew = new Float64Array(n);
  const p = new Float64Array(n);
  const s = new Float64Array(n);
  const y = new Float64Array(n);
  const history = new LbfgsHistory(historySize);
  for (let i = 0; i < n; i++) p[i] = -g[i];

  let iteration = 0;
  let status: LbfgsStatus | undefined;
  while (status === undefined) {
    iteration++;
    // Stan: steepest descent with initAlpha on the first iteration and after a restart; else 1.
    let restarted = history.size === 0;
    let alpha0 = restarted ? initAlpha : 1;
    let search = wolfeLineSearch(fg, x, f, g, p, alpha0, xNew, gNew, options);
    evaluations += search.evaluations;
    if (search.status === 'failed' && !restarted) {
      history.clear();
      for (let i = 0; i < n; i++) p[i] = -g[i];
      restarted = true;
      alpha0 = initAlpha;
      search = wolfeLineSearch(fg, x, f, g, p, alpha0, xNew, gNew, options);
      evaluations += search.evaluations;
    }
    if (search.status === 'failed') {
      status = 'line-search-failed';
      break;
    }
    const fPrev = f;
    for (let i = 0; i < n; i++) {
      s[i] = xNew[i] - x[i];
      y[i] = gNew[i] - g[i];
    }
    [x, xNew] = [xNew, x];
    [g, gNew] = [gNew, g];
    f = search.f;
    history.push(s, y);
    history.direction(g, p);
    options.onIteration?.({ iteration, x, f, g, s, y });

    const gradNorm = Math.sqrt(dot(g, g));
    const stepNorm = Math.sqrt(dot(s, s));
    if (Math.abs(fPrev - f) < tolObj) status = 'absolute-objective';
    else if (gradNorm < tolGrad) status = 'absolute-gradient';
    else if (stepNorm < tolParam) status = 'absolute-parameter';
    else if (iteration >= maxIterations) status = 'max-iterations';
    else if (Math.abs(fPrev - f) / Math.max(Math.abs(fPrev), Math.abs(f), 1) < tolRelObj)
      status = 'relative-objective';
    else if (-dot(p, g) / Math.max(Math.abs(f), 1) < tolRelGrad) status = 'relative-gradient';
    else if (!(dot(p, g) < 0)) {
      // Not a descent direction (round-off): restart from steepest descent next time.
      history.clear();
      for (let i = 0; i < n; i++) p[i] = -g[i];
    }
  }
  const converged = status !== 'max-iterations' && status !== 'line-search-failed';
  return { x, f, g, iterations: iteration, status, converged, message: MESSAGES[status], evaluations };
}
