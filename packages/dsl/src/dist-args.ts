import { checkParamValue, type Distribution } from '@dopl/core';
import { didYouMean } from './suggest.js';

// Matching a distribution call's arguments to the family's parameters, as PyMC names them:
// positional arguments follow `params` (Normal(mu, sigma)); keywords name any parametrization
// (Bernoulli(logit_p=eta)); parameters left out take the family's defaults.

export type ArgMatch =
  | {
      readonly ok: true;
      /** The parametrization used, in its order (the order of the DistCall's args). */
      readonly params: readonly string[];
      /** Parameter name of each positional argument. */
      readonly positional: readonly string[];
      /** Parameters filled in from the family's defaults. */
      readonly defaults: Readonly<Record<string, number>>;
    }
  | {
      readonly ok: false;
      readonly message: string;
      /** The offending argument: a positional index, or a keyword's name; undefined for the call. */
      readonly at?: number | string;
    };

export function matchArgs(dist: Distribution, positional: number, keywords: readonly string[]): ArgMatch {
  const { name, params, parametrizations } = dist;
  if (positional > params.length) {
    const takes =
      params.length === 0
        ? 'takes no arguments'
        : `takes at most ${params.length} argument${params.length === 1 ? '' : 's'} (${params.join(', ')})`;
    return { ok: false, message: `${name} ${takes}, got ${positional}`, at: params.length };
  }
  const known = new Set(parametrizations.flat());
  const given = params.slice(0, positional);
  for (const k of keywords) {
    if (!known.has(k)) {
      const list = [...known].join(', ');
      const hint = didYouMean(k, known) || (list ? ` (its parameters: ${list})` : ' (it takes none)');
      return { ok: false, message: `${name} has no parameter '${k}'${hint}`, at: k };
    }
    if (given.includes(k)) return { ok: false, message: `${name}: ${k} is given twice`, at: k };
    given.push(k);
  }
  const fits = parametrizations.filter((ps) => given.every((g) => ps.includes(g)));
  if (fits.length === 0) {
    const [a, b] = conflicting(given, parametrizations);
    return { ok: false, message: `${name} takes ${a} or ${b}, not both`, at: b };
  }
  for (const ps of fits) {
    const missing = ps.filter((p) => !given.includes(p));
    if (missing.every((p) => p in dist.defaults)) {
      const defaults: Record<string, number> = {};
      for (const p of missing) defaults[p] = dist.defaults[p];
      return { ok: true, params: ps, positional: params.slice(0, positional), defaults };
    }
  }
  if (given.length === 0 && fits.length > 1) {
    return { ok: false, message: `${name} needs ${fits.map((ps) => ps.join(', ')).join(' or ')}` };
  }
  const missing = fits[0].filter((p) => !given.includes(p) && !(p in dist.defaults));
  return {
    ok: false,
    message: `${name}(${fits[0].join(', ')}) is missing ${missing.map((m) => `'${m}'`).join(', ')}`,
  };
}

/** Two given names that no single parametrization takes together. */
function conflicting(given: readonly string[], ps: readonly (readonly string[])[]): [string, string] {
  for (let i = 0; i < given.length; i++) {
    for (let j = i + 1; j < given.length; j++) {
      if (!ps.some((p) => p.includes(given[i]) && p.includes(given[j]))) return [given[i], given[j]];
    }
  }
  return [given[0], given[given.length - 1]];
}

/**
 * The problem with a known parameter value, e.g. "HalfNormal(sigma): sigma must be > 0, got -2";
 * undefined when the values are fine.
 */
export function checkValue(
  dist: Distribution,
  param: string,
  values: ArrayLike<number>,
  shape: readonly number[],
): string | undefined {
  const problem = checkParamValue(dist, param, values, shape);
  return problem && `${dist.name}(${param}): ${problem}`;
}
