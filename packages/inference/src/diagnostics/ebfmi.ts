/**
 * Energy Bayesian fraction of missing information of one chain's Hamiltonian energies (Betancourt
 * 2016): how much the momentum resampling moves the energy between iterations, relative to the
 * spread of the energy's marginal distribution. Values below about 0.3 flag poor exploration.
 * Equals Stan's and ArviZ's estimate (both normalisations cancel to this ratio of sums).
 */
export function ebfmi(energy: ArrayLike<number>): number {
  const n = energy.length;
  if (n < 2) return Number.NaN;
  let m = 0;
  for (let i = 0; i < n; i++) m += energy[i];
  m /= n;
  let squaredSteps = 0;
  let squaredDeviations = 0;
  for (let i = 0; i < n; i++) {
    const d = energy[i] - m;
    squaredDeviations += d * d;
    if (i > 0) {
      const step = energy[i] - energy[i - 1];
      squaredSteps += step * step;
    }
  }
  return squaredSteps / squaredDeviations;
}
