import { query } from '@dopl/inference';
import { describe, expect, it } from 'vitest';
import { cli, graphOf } from './harness.js';

// Poisson and negative-binomial outcomes of x, with z confounding x and y. Interventional
// means are exact in closed form (checked within 4 MCSE of independent forward draws); the
// counterfactuals of a fully seen unit are exact sums over the inverse-CDF noise interval.
const MODEL = 'counts.dopl';

/** P(Y ≤ k) for a pmf over 0, 1, 2, …, summed directly. */
const cdfOf = (pmf: (j: number) => number) => (k: number) => {
  let s = 0;
  for (let j = 0; j <= k; j++) s += pmf(j);
  return k < 0 ? 0 : s;
};
const factorial = (n: number): number => (n <= 1 ? 1 : n * factorial(n - 1));
const poisson = (mu: number) => cdfOf((j) => (Math.exp(-mu) * mu ** j) / factorial(j));
// NB(mu, alpha = 3): Γ(j + 3)/(j! Γ(3)) = (j + 1)(j + 2)/2, times (3/(3 + mu))³ (mu/(3 + mu))^j.
const negBin3 = (mu: number) =>
  cdfOf((j) => (((j + 1) * (j + 2)) / 2) * (3 / (3 + mu)) ** 3 * (mu / (3 + mu)) ** j);

/**
 * E[Y′] when Y = F⁻¹(u) was seen at `seen` and Y′ = F′⁻¹(u): u is uniform on [F(seen − 1),
 * F(seen)), and Y′ = j on its overlap with [F′(j − 1), F′(j)).
 */
function coupledMean(F: (k: number) => number, G: (k: number) => number, seen: number): number {
  const lo = F(seen - 1);
  const hi = F(seen);
  let mean = 0;
  for (let j = 0; j < 200; j++) mean += j * Math.max(0, Math.min(hi, G(j)) - Math.max(lo, G(j - 1)));
  return mean / (hi - lo);
}

describe('count outcomes under do() on a parent', () => {
  it('E[y | do(x = 2)] = ½e^0.8 + ½e^1.3 (z keeps its law), Poisson', async () => {
    const mus = [Math.exp(0.8), Math.exp(1.3)];
    const mean = (mus[0] + mus[1]) / 2;
    // var y = E[mu] + var(mu) (Poisson given mu).
    const variance = mean + (mus[0] ** 2 + mus[1] ** 2) / 2 - mean ** 2;
    const n = 4000;
    const out = await cli(MODEL, ['--target', 'y', '--do', 'x = 2', '--draws', `${n}`, '--seed', '11']);
    expect(out.kind).toBe('interventional');
    expect(Math.abs(out.mean - mean)).toBeLessThan(4 * Math.sqrt(variance / n));
    // The same through the API, a shift this time: x' = x + 1 ~ N(z + 1, 1) and
    // E[e^{t x'}] = e^{t(z + 1) + t²/2}, so E[y] = ½ e^{0.2 + 0.3 + 0.045} + ½ e^{0.2 + 0.5 + 0.6 + 0.045}.
    const shifted = (Math.exp(0.545) + Math.exp(1.345)) / 2;
    const api = query(graphOf(MODEL), { target: 'y', do: { x: (x) => x.add(1) }, draws: n, seed: 12 });
    // var y = E[mu] + E[mu²] − E[mu]², E[mu²] = ½ e^{0.4 + 0.6 + 0.18} + ½ e^{0.4 + 1 + 1.2 + 0.18}.
    const ey2 = (Math.exp(1.18) + Math.exp(2.78)) / 2;
    expect(Math.abs(api.mean - shifted)).toBeLessThan(4 * Math.sqrt((shifted + ey2 - shifted ** 2) / n));
  });

  it('E[k | do(x = 2)] = e^1.4, negative binomial with var mu + mu²/3', async () => {
    const mu = Math.exp(1.4);
    const n = 4000;
    const out = await cli(MODEL, ['--target', 'k', '--do', 'x = 2', '--draws', `${n}`, '--seed', '13']);
    expect(Math.abs(out.mean - mu)).toBeLessThan(4 * Math.sqrt((mu + mu ** 2 / 3) / n));
    expect(Math.abs(out.sd - Math.sqrt(mu + mu ** 2 / 3))).toBeLessThan(0.1 * Math.sqrt(mu + mu ** 2 / 3));
  });

  it('the unit z = 1, x = 1, y = 3, k = 2 had x been 2: exact means over the noise intervals', async () => {
    const given = ['--given', 'z = 1; x = 1; y = 3; k = 2', '--do', 'x = 2', '--counterfactual'];
    // y: mu = e^{0.2 + 0.3 + 0.5} = e^1.0 seen, e^1.3 had x been 2.
    const y = coupledMean(poisson(Math.exp(1.0)), poisson(Math.exp(1.3)), 3);
    const outY = await cli(MODEL, ['--target', 'y', ...given]);
    expect(outY.mcse_mean).toBe(0);
    expect(Math.abs(outY.mean - y)).toBeLessThan(1e-9);
    // Monotone coupling: a larger mean never lowers the count.
    expect(outY.q5).toBeGreaterThanOrEqual(3);
    // k: mu = e^1.2 seen, e^1.4 had x been 2.
    const k = coupledMean(negBin3(Math.exp(1.2)), negBin3(Math.exp(1.4)), 2);
    const outK = await cli(MODEL, ['--target', 'k', ...given]);
    expect(Math.abs(outK.mean - k)).toBeLessThan(1e-9);
    // Both worlds of the same unit: the contrast y(x = 2) − y(x = 0) is exact too.
    const y0 = coupledMean(poisson(Math.exp(1.0)), poisson(Math.exp(0.7)), 3);
    const vs = await cli(MODEL, ['--target', 'y', ...given, '--vs', 'x = 0']);
    expect(Math.abs(vs.mean - (y - y0))).toBeLessThan(1e-9);
  });
});
