// The comparison rule's mean test applied to `dopl sample --json` output: the CLI names elements
// 0-based (`theta[0]`, `X[0,1]`), posteriordb 1-based (`theta[1]`, `X[1,2]`).
import { readPosteriorFile } from './files.js';

/** The parameter summary `dopl sample --json` prints for one name (the fields used here). */
export interface CliParameter {
  readonly mean: number;
  readonly mcse_mean: number;
  readonly ess_bulk: number;
  readonly ess_tail: number;
  readonly r_hat: number;
}

export interface CliMeanTest {
  readonly name: string;
  readonly mean: number;
  readonly refMean: number;
  /** (mean − reference mean) / sqrt(mcse² + reference mcse²); the rule asks |z| ≤ 4. */
  readonly z: number;
  readonly essBulk: number;
  readonly rhat: number;
}

/** `theta[1]` → `theta[0]`, `X[2,3]` → `X[1,2]`. */
export const cliName = (posteriordbName: string): string =>
  posteriordbName.replace(
    /\[([\d,\s]+)\]$/,
    (_, idx: string) =>
      `[${idx
        .split(',')
        .map((i) => Number(i) - 1)
        .join(',')}]`,
  );

/** The mean test for every reference parameter of `posterior`, from the CLI's `parameters`. */
export function cliMeanTests(
  posterior: string,
  parameters: Readonly<Record<string, CliParameter>>,
): CliMeanTest[] {
  const ref = readPosteriorFile(posterior, 'reference.json');
  return Object.keys(ref.parameters).map((name) => {
    const p = parameters[cliName(name)];
    if (p === undefined) throw new Error(`${posterior}: the CLI output has no '${cliName(name)}'`);
    const refMean: number = ref.parameters[name].mean;
    const refMcse: number = ref.reference_diagnostics[name].mcse_mean;
    const z = (p.mean - refMean) / Math.sqrt(p.mcse_mean ** 2 + refMcse ** 2);
    return { name, mean: p.mean, refMean, z, essBulk: p.ess_bulk, rhat: p.r_hat };
  });
}
