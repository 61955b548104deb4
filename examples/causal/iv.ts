// Instrumental variables: data simulated from a confounded linear SCM with a known effect
// β = 0.5; least squares of y on x is biased by the confounder, the IV model fitted with NUTS
// recovers β.
import { readFileSync } from 'node:fs';
import { type Graph, Rng } from '@dopl/core';
import { compileModel } from '@dopl/dsl';
import { sample } from '@dopl/inference';

export const TRUE_BETA = 0.5;

/** u ~ N(0, 1), z ~ N(0, 1), x = z + u + N(0, 0.5²), y = β x + 2u + N(0, 0.5²). */
export function simulate(n: number, seed: number) {
  const rng = new Rng(seed);
  const z: number[] = [];
  const x: number[] = [];
  const y: number[] = [];
  for (let i = 0; i < n; i++) {
    const u = rng.normal();
    z.push(rng.normal());
    x.push(z[i] + u + 0.5 * rng.normal());
    y.push(TRUE_BETA * x[i] + 2 * u + 0.5 * rng.normal());
  }
  return { N: n, z, x, y };
}

export const ivModel = (data: ReturnType<typeof simulate>): Graph =>
  compileModel(readFileSync(new URL('iv.dopl', import.meta.url), 'utf8'), { file: 'iv.dopl', data });

export async function iv(n = 300, seed = 2) {
  const data = simulate(n, seed);
  // Least squares slope cov(x, y) / var(x): its limit is β + 2 cov(x, u)/var(x) = 0.5 + 2/2.25.
  const mx = data.x.reduce((a, b) => a + b, 0) / n;
  const my = data.y.reduce((a, b) => a + b, 0) / n;
  let sxy = 0;
  let sxx = 0;
  for (let i = 0; i < n; i++) {
    sxy += (data.x[i] - mx) * (data.y[i] - my);
    sxx += (data.x[i] - mx) ** 2;
  }
  const fit = await sample(ivModel(data), { seed: 5, chains: 2, draws: 600, tune: 400, workers: 1 });
  const b = fit.idata.posterior!.beta.data;
  const mean = b.reduce((a, v) => a + v, 0) / b.length;
  const sd = Math.sqrt(b.reduce((a, v) => a + (v - mean) ** 2, 0) / (b.length - 1));
  return { ols: sxy / sxx, beta: { mean, sd } };
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const r = await iv();
  console.log(
    `true effect ${TRUE_BETA}; least squares ${r.ols.toFixed(3)}; IV posterior ${r.beta.mean.toFixed(3)} ± ${r.beta.sd.toFixed(3)}`,
  );
}
