// The comparison rule applied to what `dopl sample` writes: the mean test on the `--json` output
// (the CLI names elements 0-based, `theta[0]`, `X[0,1]`, posteriordb 1-based, `theta[1]`,
// `X[1,2]`); the whole rule on the InferenceData that `--out` saves is conformance.ts's
// judgePosterior.
import { readPosteriorFile } from './files.js';

/**
 * `dopl sample` options per posterior, beyond Stan's defaults (4 chains × 1000 + 1000, diagonal
 * metric, δ = 0.8), where the geometry asks for them — as posteriordb's own reference runs used
 * non-default settings there. A user fitting these posteriors would pass the same flags.
 */
export const CLI_SAMPLER_FLAGS: Readonly<Record<string, readonly string[]>> = {
  // The funnel: at Stan's defaults the draws miss its neck (tau's 5 % quantile holds 0.8 % of the
  // draws, R-hat 1.07, 118 divergences). A near-1 target acceptance shrinks the step until the
  // neck is reached (64 divergences are still reported), and 10 000 draws per chain bring tau's
  // bulk and tail ESS above the rule's 400.
  'eight_schools-eight_schools_centered': [
    '--target-accept',
    '0.999',
    '--max-treedepth',
    '12',
    '--draws',
    '10000',
  ],
  // corr(alpha, beta) = −0.99999 with a scale ratio of 4000: only a dense metric decorrelates it.
  'kilpisjarvi_mod-kilpisjarvi': ['--metric', 'dense'],
  // 26 strongly correlated coefficients (the reference ran with adapt_delta 0.99, max depth 20).
  'diamonds-diamonds': ['--metric', 'dense'],
};

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

/**
 * The full comparison rule for every reference parameter of `posterior`, on the posterior draws of
 * the InferenceData that `dopl sample --out` saved (idata.json).
 */
