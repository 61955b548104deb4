// Helpers shared by the posteriordb model translations.
import { log, square, type TensorLike, type Term, type TermLike, term } from '@dopl/core';

/** ½·log(2π). */
export const HALF_LOG_2PI = 0.5 * Math.log(2 * Math.PI);

/**
 * The variables of a posteriordb data.json that a model reads. data.json files may carry extra
 * variables the model ignores (Stan ignores them; `ModelBuilder.build` rejects unknown names).
 */
export function pick(data: Record<string, unknown>, names: readonly string[]): Record<string, TensorLike> {
  const out: Record<string, TensorLike> = {};
  for (const n of names) {
    if (!(n in data)) throw new Error(`posteriordb data: missing variable '${n}'`);
    out[n] = data[n] as TensorLike;
  }
  return out;
}

/** An integer scalar of the data (a size such as N or K), read in TypeScript for static shapes. */
export function intOf(data: Record<string, unknown>, name: string): number {
  const v = data[name];
  if (typeof v !== 'number' || !Number.isInteger(v))
    throw new Error(`posteriordb data: '${name}' must be an int`);
  return v;
}

/**
 * log N(y | mu, sigma) elementwise, as a model expression, for log-densities written by hand
 * (mixtures, forward algorithms) where no random node can hold the term.
 */
export function normalLpdf(y: TermLike, mu: TermLike, sigma: TermLike): Term {
  const z = term(y).sub(mu).div(sigma);
  return square(z).mul(-0.5).sub(log(sigma)).sub(HALF_LOG_2PI);
}

/**
 * The n×n identity matrix as a constant. Computed in TypeScript because the language has no
 * `eye`/`identity_matrix` op (nor a way to add a scalar to a matrix diagonal).
 */
export function eye(n: number): number[][] {
  return Array.from({ length: n }, (_, i) => Array.from({ length: n }, (_, j) => (i === j ? 1 : 0)));
}
