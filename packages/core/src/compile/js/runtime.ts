import { cholesky, choleskyVjp, trisolveLower, trisolveLowerVjp } from '../../ops/linalg-kernels.js';
import { digamma, invLogit, lgamma, log1pExp, normalCdf, trigamma } from '../../special/index.js';

/** Functions generated code may call as `rt.name(…)`: scalar special functions and dense kernels. */
export const runtime = {
  lgamma,
  digamma,
  trigamma,
  log1pExp,
  invLogit,
  normalCdf,
  cholesky,
  choleskyVjp,
  trisolveLower,
  trisolveLowerVjp,
} as const;
