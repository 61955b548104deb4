import { normalQuantile } from './stats-math.js';

/**
 * Ranks 1…S with ties given their average rank, so a discrete quantity keeps as many distinct
 * values after ranking as before (R's `rank(ties.method = "average")`).
 */
export function averageRanks(x: ArrayLike<number>): Float64Array {
  const n = x.length;
  // A comparison (not subtraction) keeps infinite draws ordered: Inf − Inf would be NaN.
  const order = Array.from({ length: n }, (_, i) => i).sort((i, j) =>
    x[i] < x[j] ? -1 : x[i] > x[j] ? 1 : 0,
  );
  const ranks = new Float64Array(n);
  let i = 0;
  while (i < n) {
    let j = i;
    while (j + 1 < n && x[order[j + 1]] === x[order[i]]) j++;
    const rank = (i + j) / 2 + 1;
    for (let k = i; k <= j; k++) ranks[order[k]] = rank;
    i = j + 1;
  }
  return ranks;
}

/**
 * Rank normalisation (Vehtari et al. 2021): pooled ranks over all chains mapped through the normal
 * quantile with Blom's offset, (r − 3/8)/(S + 1/4). Making the draws normal lets R-hat and ESS,
 * which are built from means and variances, work for heavy tails and infinite variance.
 */
export function rankNormalize(chains: readonly Float64Array[]): Float64Array[] {
  const n = chains[0].length;
  const pooled = new Float64Array(chains.length * n);
  chains.forEach((chain, c) => {
    pooled.set(chain, c * n);
  });
  const ranks = averageRanks(pooled);
  const S = pooled.length;
  const offset = 3 / 8;
  return chains.map((_, c) => {
    const z = new Float64Array(n);
    for (let i = 0; i < n; i++) z[i] = normalQuantile((ranks[c * n + i] - offset) / (S - 2 * offset + 1));
    return z;
  });
}
