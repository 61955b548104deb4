import { autocovariance } from './autocovariance.js';
import { isDegenerate, pool } from './draws.js';
import { mean, variance } from './moments.js';

/**
 * Effective sample size of the given chains (no splitting or ranking here), following posterior's
 * `.ess`: multi-chain autocorrelations (Vehtari et al. 2021, eq. 10) summed with Geyer's initial
 * positive sequence, smoothed by his initial monotone sequence.
 */
export function essOfChains(chains: readonly Float64Array[]): number {
  const m = chains.length;
  const n = m === 0 ? 0 : chains[0].length;
  if (n < 3 || isDegenerate(pool(chains))) return Number.NaN;

  const acovMeans = new Float64Array(n);
  for (const chain of chains) {
    const acov = autocovariance(chain);
    for (let t = 0; t < n; t++) acovMeans[t] += acov[t];
  }
  for (let t = 0; t < n; t++) acovMeans[t] /= m;

  const meanVar = (acovMeans[0] * n) / (n - 1);
  // var⁺ adds the between-chain variance, so disagreeing chains lower the autocorrelation-based
  // ESS instead of being averaged away.
  let varPlus = (meanVar * (n - 1)) / n;
  if (m > 1) varPlus += variance(chains.map(mean));
  const rhoAt = (t: number) => 1 - (meanVar - acovMeans[t]) / varPlus;

  // Initial positive sequence: sums of adjacent (even, odd) lag pairs are positive for a
  // reversible chain, so the first non-positive pair marks where noise takes over.
  const rho = new Float64Array(n);
  let t = 0;
  let rhoEven = 1;
  let rhoOdd = rhoAt(1);
  rho[0] = rhoEven;
  rho[1] = rhoOdd;
  while (t < n - 5 && !Number.isNaN(rhoEven + rhoOdd) && rhoEven + rhoOdd > 0) {
    t += 2;
    rhoEven = rhoAt(t);
    rhoOdd = rhoAt(t + 1);
    if (rhoEven + rhoOdd >= 0) {
      rho[t] = rhoEven;
      rho[t + 1] = rhoOdd;
    }
  }
  const maxT = t;
  // Keeping the last positive even lag is posterior's improvement for antithetic chains, where the
  // truncated sum alone would over-state the ESS.
  if (rhoEven > 0) rho[maxT] = rhoEven;

  // Initial monotone sequence: pair sums must not increase, which damps noise in the tail.
  t = 0;
  while (t <= maxT - 4) {
    t += 2;
    if (rho[t] + rho[t + 1] > rho[t - 2] + rho[t - 1]) {
      rho[t] = (rho[t - 2] + rho[t - 1]) / 2;
      rho[t + 1] = rho[t];
    }
  }

  // posterior sums rho[1:max_t] in R, and R's 1:0 is c(1, 0), so a sequence truncated at lag 0
  // still counts lag 0 once.
  let sum = 0;
  for (let k = 0; k < Math.max(maxT, 1); k++) sum += rho[k];
  let tau = -1 + 2 * sum + rho[maxT];
  const draws = m * n;
  // Bounding τ below caps the ESS at S·log10(S): near-zero or negative τ from strongly
  // antithetic chains would otherwise give unstable, arbitrarily large ESS.
  tau = Math.max(tau, 1 / Math.log10(draws));
  return draws / tau;
}
