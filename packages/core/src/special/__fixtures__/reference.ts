// Reference values for the special-function tests: R 4.2's own outputs copied from the shared
// reference file, and high-precision mpmath values for the tails that R's table does not reach.
import { readFileSync } from 'node:fs';
import { expect } from 'vitest';

export interface RCdfCase {
  readonly distribution: 'Normal' | 'StudentT' | 'Gamma' | 'Beta';
  readonly params: Readonly<Record<string, number>>;
  readonly x: readonly number[];
  readonly cdf: readonly number[];
}

export interface RFixture {
  readonly special: {
    readonly x: readonly number[];
    readonly lgamma: readonly number[];
    readonly digamma: readonly number[];
    readonly trigamma: readonly number[];
    readonly log1p_exp_at: readonly number[];
    readonly log1p_exp: readonly number[];
    readonly normal_quantile_at: readonly number[];
    readonly normal_quantile: readonly number[];
    readonly gamma_quantile: {
      readonly shape: number;
      readonly rate: number;
      readonly at: readonly number[];
      readonly q: readonly number[];
    };
    readonly beta_quantile: {
      readonly alpha: number;
      readonly beta: number;
      readonly at: readonly number[];
      readonly q: readonly number[];
    };
  };
  readonly cdfCases: readonly RCdfCase[];
}

/** Rows of [...arguments, value], keyed by the exported function name. */
export interface MpmathFixture {
  readonly cases: Readonly<Record<string, readonly (readonly number[])[]>>;
}

function load<T>(file: string): T {
  return JSON.parse(readFileSync(new URL(`./${file}`, import.meta.url), 'utf8')) as T;
}

export const R: RFixture = load('r-special.json');
export const MPMATH: MpmathFixture = load('mpmath-special.json');

/**
 * The accuracy required against R. R's table has 15 significant digits, so ~5e-15 is its own floor;
 * none of these functions needed the looser 1e-7 allowed where a special function limits accuracy.
 */
export const R_TOLERANCE = 1e-9;

/**
 * Against 60-digit mpmath values. Deep-tail values such as 1e-200 carry a relative error of about
 * |log value|·ε from the conditioning of exp, hence 1e-12 rather than a few ulps.
 */
export const MPMATH_TOLERANCE = 1e-12;

/** |actual − expected| / max(|expected|, floor); 0 when both are the same value (including ±Infinity). */
export function relativeError(actual: number, expected: number, floor = 1e-300): number {
  if (actual === expected) return 0;
  return Math.abs(actual - expected) / Math.max(Math.abs(expected), floor);
}

export function expectClose(
  actual: number,
  expected: number,
  tolerance: number,
  label: string,
  floor = 1e-300,
): void {
  const error = relativeError(actual, expected, floor);
  expect(
    error,
    `${label}: got ${actual}, expected ${expected} (relative error ${error})`,
  ).toBeLessThanOrEqual(tolerance);
}

export function rCdfCases(distribution: RCdfCase['distribution']): readonly RCdfCase[] {
  const cases = R.cdfCases.filter((c) => c.distribution === distribution);
  expect(cases.length).toBeGreaterThan(0);
  return cases;
}

/** Checks `f` against every mpmath row stored under `name`. */
export function expectMatchesMpmath(name: string, f: (...args: number[]) => number): void {
  const rows = MPMATH.cases[name];
  expect(rows?.length, `mpmath fixture has rows for ${name}`).toBeGreaterThan(0);
  for (const row of rows) {
    const args = row.slice(0, -1);
    expectClose(f(...args), row[row.length - 1], MPMATH_TOLERANCE, `${name}(${args.join(', ')})`);
  }
}
