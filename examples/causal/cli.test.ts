import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { main } from '@dopl/cli';
import { createAttrs, toJSON } from '@dopl/inference';
import { afterAll, describe, expect, it } from 'vitest';
import { simulate } from './iv.js';
import { table } from './simpson.js';

// `dopl query` on the examples' own .dopl files, on every rung of the ladder and with a `--vs`
// contrast, exactly as the README writes the commands. Exact answers are derived by hand in each
// test (the same derivations as the examples' own tests); enumeration answers are compared to
// 1e-9. Sampled answers are compared within 4 Monte Carlo standard errors: the reported
// mcse_mean (NUTS: from the chains' ESS), or sd/√n when the sd of the target is known.

const here = fileURLToPath(new URL('.', import.meta.url));
const model = (name: string) => join(here, `${name}.dopl`);
const dir = mkdtempSync(join(tmpdir(), 'dopl-causal-cli-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

async function run(args: string[]) {
  let stdout = '';
  let stderr = '';
  const code = await main(['query', ...args], {
    stdout: { write: (s: string) => (stdout += s) },
    stderr: { write: (s: string) => (stderr += s), isTTY: false },
  });
  return { code, stdout, stderr };
}

async function json(args: string[]): Promise<Record<string, any>> {
  const r = await run([...args, '--json']);
  expect(r.stderr).toBe('');
  expect(r.code).toBe(0);
  return JSON.parse(r.stdout);
}

/** The error text of a refused query: exit 1, nothing on stdout, no stack trace. */
async function fails(args: string[]): Promise<string> {
  const r = await run(args);
  expect(r.code).toBe(1);
  expect(r.stdout).toBe('');
  expect(r.stderr).not.toMatch(/^\s+at\s/m);
  expect(r.stderr).not.toMatch(/internal error|NaN/);
  return r.stderr.trimEnd();
}

const EXACT = 1e-9;
const close = (got: number, want: number, tol = EXACT) => expect(Math.abs(got - want)).toBeLessThan(tol);

describe('diagnosis: a noisy-OR network, every rung by exact enumeration', () => {
  // Over the states of (r, d1, d2, leak, a1), s = 1 − (1 − leak)(1 − d1·a1), with
  // p1(r) = 0.01 + 0.19r, p2(r) = 0.1 + 0.8r, P(r = 1) = ½:
  //   P(s = 1, d1 = 1 | r) = p1 (1 − 0.95·0.1),  P(s = 1, d1 = 0 | r) = (1 − p1)·0.05.
  let z = 0;
  let d1 = 0;
  let d2 = 0;
  let disable = 0;
  for (const r of [0, 1]) {
    const p1 = 0.01 + 0.19 * r;
    const p2 = 0.1 + 0.8 * r;
    const sD1 = p1 * (1 - 0.95 * 0.1);
    const sNoD1 = (1 - p1) * 0.05;
    z += 0.5 * (sD1 + sNoD1);
    d1 += 0.5 * sD1;
    d2 += 0.5 * p2 * (sD1 + sNoD1);
    // Disabling d1 turns s off unless the leak fired: P(s = 1, d1 = 1, a1 = 1, leak = 0 | r).
    disable += 0.5 * p1 * 0.9 * 0.95;
  }
  const file = model('diagnosis');

  it('observational: P(d1 | s = 1) = 0.67984 < P(d2 | s = 1) = 0.73245', async () => {
    const a = await json([file, '--target', 'd1', '--given', 's = 1']);
    const b = await json([file, '--target', 'd2', '--given', 's = 1']);
    expect(a.kind).toBe('observational');
    expect(a.method).toBe('enumerate');
    expect(a.mcse_mean).toBe(0);
    close(a.mean, d1 / z);
    close(b.mean, d2 / z);
  });

  it('interventional: P(s | do(d1 = 1)) = 1 − 0.95·0.1 = 0.905; minus do(d1 = 0) (the leak, 0.05) = 0.855', async () => {
    const a = await json([file, '--target', 's', '--do', 'd1 = 1']);
    expect(a.kind).toBe('interventional');
    close(a.mean, 0.905);
    const c = await json([file, '--target', 's', '--do', 'd1 = 1', '--vs', 'd1 = 0']);
    expect(c.contrast).toBe('do(d1 = 1) vs do(d1 = 0)');
    close(c.mean, 0.855);
  });

  it('counterfactual: expected disablement of d1 is 0.64228, of d2 is 0', async () => {
    const a = await json([
      file,
      '--target',
      's == 0',
      '--given',
      's = 1',
      '--do',
      'd1 = 0',
      '--counterfactual',
    ]);
    expect(a.kind).toBe('counterfactual');
    expect(a.method).toMatch(/^enumerate/);
    close(a.mean, disable / z);
    const b = await json([
      file,
      '--target',
      's == 0',
      '--given',
      's = 1',
      '--do',
      'd2 = 0',
      '--counterfactual',
    ]);
    close(b.mean, 0);
  });

  it('counterfactual contrast: E[s(d1 = 0) − s(d1 = 1) | s = 1] = 0.05/P(s) − 1', async () => {
    // s(d1 = 0) = leak, and P(leak = 1, s = 1) = 0.05; s(d1 = 1) = leak ∨ a1, and ¬leak ∧ ¬a1
    // implies s = 0, so it is 1 in every state with s = 1.
    const a = await json([
      ...[file, '--target', 's', '--given', 's = 1', '--do', 'd1 = 0', '--vs', 'd1 = 1'],
      '--counterfactual',
    ]);
    close(a.mean, 0.05 / z - 1);
  });
});

describe('linear-scm: x → y → z, x → z', () => {
  const file = model('linear-scm');

  it('observational: E[x | y = 3] = 2·(3 − 1)/5 = 0.8 by NUTS, within 4 MCSE', async () => {
    // x ~ N(0, 1), y | x ~ N(2x + 1, 1): posterior precision 1 + 4 = 5, sd √0.2.
    const a = await json([file, '--target', 'x', '--given', 'y = 3', '--seed', '1']);
    expect(a.method).toMatch(/^nuts/);
    expect(Math.abs(a.mean - 0.8)).toBeLessThan(4 * a.mcse_mean);
    expect(a.mcse_mean).toBeLessThan(0.05);
  });

  it('interventional: E[y | do(x = 2)] = 5, E[z | do(x = 2)] = 3, within 4 sd/√n', async () => {
    const n = 4000;
    const y = await json([file, '--target', 'y', '--do', 'x = 2', '--draws', `${n}`, '--seed', '11']);
    const z = await json([file, '--target', 'z', '--do', 'x = 2', '--draws', `${n}`, '--seed', '11']);
    expect(y.method).toBe('forward sampling');
    // y ~ N(5, 1); z = y − 2 + 0.5 e ~ N(3, 1.25).
    expect(Math.abs(y.mean - 5)).toBeLessThan(4 / Math.sqrt(n));
    expect(Math.abs(z.mean - 3)).toBeLessThan((4 * Math.sqrt(1.25)) / Math.sqrt(n));
  });

  it('interventional contrast: do(x = 2) vs do(x = 0) moves y by exactly 4 in every draw', async () => {
    // Both worlds are forward-sampled from one random stream, so u_y is shared row by row.
    const a = await json([file, '--target', 'y', '--do', 'x = 2', '--vs', 'x = 0', '--seed', '2']);
    close(a.mean, 4);
    close(a.q5, 4);
    close(a.q95, 4);
  });

  it('counterfactual: the unit (x, y, z) = (1, 4, 2) had x been 0 has y = 2, z = 1 exactly', async () => {
    // u_y = 4 − 3 = 1, u_z = (2 − 3)/0.5 = −2; under x = 0: y = 1 + 1 = 2, z = 2 − 0 − 1 = 1.
    const given = ['--given', 'x = 1; y = 4; z = 2', '--do', 'x = 0', '--counterfactual'];
    const y = await json([file, '--target', 'y', ...given]);
    const z = await json([file, '--target', 'z', ...given]);
    expect(y.kind).toBe('counterfactual');
    close(y.mean, 2);
    close(z.mean, 1);
    expect(z.sd).toBe(0);
  });

  it('counterfactual contrast: z(x = 0) − z(x = 1) = −1 for that unit', async () => {
    // z' = y' − x' + 0.5 u_z with y' = 2x' + 1 + u_y, so z' = x' + const.
    const a = await json([
      ...[file, '--target', 'z', '--given', 'x = 1; y = 4; z = 2'],
      ...['--do', 'x = 0', '--vs', 'x = 1', '--counterfactual'],
    ]);
    close(a.mean, -1);
  });
});

describe('pn-ps: a monotone binary SCM with a confounder', () => {
  const file = model('pn-ps');
  // b(c) = 0.1 + 0.3c (background cause), px(c) = 0.2 + 0.6c, P(c = 1) = 0.3, a ~ B(0.7);
  // y = background ∨ (x ∧ a).
  const pc = (c: number) => (c ? 0.3 : 0.7);
  const px = (c: number) => 0.2 + 0.6 * c;
  const b = (c: number) => 0.1 + 0.3 * c;

  it('observational: P(y) = Σ_c P(c) [1 − (1 − b)(1 − 0.7 px)]', async () => {
    let p = 0;
    for (const c of [0, 1]) p += pc(c) * (1 - (1 - b(c)) * (1 - 0.7 * px(c)));
    const a = await json([file, '--target', 'y']);
    expect(a.method).toBe('enumerate');
    close(a.mean, p);
  });

  it('interventional: P(y | do(x = 1)) = 1 − 0.81·0.3, ATE = that − 0.19 = 0.567', async () => {
    const a = await json([file, '--target', 'y', '--do', 'x = 1']);
    close(a.mean, 1 - 0.81 * 0.3);
    const c = await json([file, '--target', 'y', '--do', 'x = 1', '--vs', 'x = 0']);
    close(c.mean, 1 - 0.81 * 0.3 - 0.19);
  });

  it('counterfactual: PN = P(y(x=0) = 0 | x = 1, y = 1) and PS = P(y(x=1) = 1 | x = 0, y = 0) = 0.7', async () => {
    // x = 1, y = 1 happens with background or a; y would be 0 under x = 0 iff background = 0.
    let num = 0;
    let den = 0;
    for (const c of [0, 1]) {
      num += pc(c) * px(c) * (1 - b(c)) * 0.7;
      den += pc(c) * px(c) * (1 - (1 - b(c)) * 0.3);
    }
    const pn = await json([
      ...[file, '--target', 'y == 0', '--given', 'x = 1; y = 1', '--do', 'x = 0', '--counterfactual'],
    ]);
    close(pn.mean, num / den);
    const ps = await json([
      file,
      '--target',
      'y',
      '--given',
      'x = 0; y = 0',
      '--do',
      'x = 1',
      '--counterfactual',
    ]);
    close(ps.mean, 0.7);
  });

  it('counterfactual contrast: the effect on the treated E[y(1) − y(0) | x = 1]', async () => {
    // P(c | x = 1) ∝ P(c) px(c); y(1) − y(0) = 1 iff background = 0 and a = 1 (monotone).
    let num = 0;
    let den = 0;
    for (const c of [0, 1]) {
      num += pc(c) * px(c) * (1 - b(c)) * 0.7;
      den += pc(c) * px(c);
    }
    const a = await json([
      ...[file, '--target', 'y', '--given', 'x = 1', '--do', 'x = 1', '--vs', 'x = 0', '--counterfactual'],
    ]);
    close(a.mean, num / den);
  });
});

describe('frontdoor: an unobserved confounder u of x and y, x → m → y', () => {
  const file = model('frontdoor');

  it('observational: the naive P(y | x = 1) = 0.1 + 0.5·0.8 + 0.3·0.8', async () => {
    // P(u = 1 | x = 1) = 0.8/(0.8 + 0.2); P(m = 1 | x = 1) = 0.8.
    const a = await json([file, '--target', 'y', '--given', 'x = 1']);
    close(a.mean, 0.1 + 0.5 * 0.8 + 0.3 * 0.8);
  });

  it('interventional: P(y | do(x)) = 0.25 + 0.5 (0.1 + 0.7x); the contrast is 0.35', async () => {
    const a = await json([file, '--target', 'y', '--do', 'x = 1']);
    close(a.mean, 0.25 + 0.5 * 0.8);
    const c = await json([file, '--target', 'y', '--do', 'x = 1', '--vs', 'x = 0']);
    close(c.mean, 0.35);
  });

  it('counterfactual: P(y(x = 0) | x = 1) = 0.1 + 0.5·0.1 + 0.3·0.8 = 0.39; minus y(x = 1): −0.35', async () => {
    // Seeing x = 1 moves u (P(u = 1 | x = 1) = 0.8) but not the noise of m or y; under x = 0,
    // m ~ B(0.1), under x = 1, m ~ B(0.8).
    const a = await json([file, '--target', 'y', '--given', 'x = 1', '--do', 'x = 0', '--counterfactual']);
    close(a.mean, 0.39);
    const c = await json([
      ...[file, '--target', 'y', '--given', 'x = 1', '--do', 'x = 0', '--vs', 'x = 1', '--counterfactual'],
    ]);
    close(c.mean, 0.39 - (0.1 + 0.5 * 0.8 + 0.3 * 0.8));
  });
});

describe("simpson: the example's table as data, NUTS on its Beta posteriors", () => {
  const data = join(here, 'simpson.json');
  const file = model('simpson');
  const adjusted = 'p_female * (p[0] - p[1]) + (1 - p_female) * (p[2] - p[3])';
  // Conjugate: p_female ~ Beta(123, 123), p[c] ~ Beta(1 + clots, 1 + n − clots), independent.
  const pA = [25 / 82, 4 / 44];
  const pB = [18 / 44, 7 / 82];

  it("simpson.json is the example's table", () => {
    expect(JSON.parse(readFileSync(data, 'utf8'))).toEqual(table);
  });

  it('observational: the backdoor formula over the posterior, E = ½(25/82 − 18/44) + ½(4/44 − 7/82)', async () => {
    const a = await json([file, '--data', data, '--target', adjusted, '--seed', '3']);
    expect(a.method).toMatch(/^nuts/);
    const exact = 0.5 * (pA[0] - pB[0]) + 0.5 * (pA[1] - pB[1]);
    expect(Math.abs(a.mean - exact)).toBeLessThan(4 * a.mcse_mean);
    expect(a.mcse_mean).toBeLessThan(0.005);
  });

  it('interventional: do(p_female = 1) leaves the effect among women, 25/82 − 18/44', async () => {
    const a = await json([file, '--data', data, '--target', adjusted, '--do', 'p_female = 1', '--seed', '3']);
    expect(a.kind).toBe('interventional');
    expect(Math.abs(a.mean - (pA[0] - pB[0]))).toBeLessThan(4 * a.mcse_mean);
  });
});

describe('simpson-units: the same table one patient per row, with the causal mechanisms', () => {
  const file = model('simpson-units');
  const base = [file, '--data', join(here, 'simpson-units.json')];
  // Posterior of the clot probabilities, cell 2·sex + drug: Beta(1 + clots, 1 + no clots).
  const cells = [
    [7, 75],
    [4, 40],
    [18, 26],
    [25, 57],
  ];

  it('observational: the naive difference P(clot | A) − P(clot | B) = 27/122 − 23/122 in every draw', async () => {
    const a = await json([
      ...base,
      ...['--target', 'sum(clot * drug) / sum(drug) - sum(clot * (1 - drug)) / sum(1 - drug)', '--seed', '1'],
    ]);
    close(a.mean, 4 / 122);
  });

  it('interventional: do(drug = A) vs do(drug = B) is the backdoor adjustment over sex', async () => {
    // Every patient's clot is re-drawn with sex kept (122 women, 122 men) from one stream, so
    // the per-draw contrast has mean ½ (p₃ − p₂) + ½ (p₁ − p₀); posterior means (1 + k)/(2 + n).
    const m = cells.map(([a, b]) => a / (a + b));
    const a = await json([
      ...base,
      '--target',
      'mean(clot)',
      '--do',
      'drug = 1',
      '--vs',
      'drug = 0',
      '--seed',
      '1',
    ]);
    expect(a.method).toMatch(/^nuts .*descendants re-drawn$/);
    expect(Math.abs(a.mean - (0.5 * (m[3] - m[2]) + 0.5 * (m[1] - m[0])))).toBeLessThan(4 * a.mcse_mean);
    expect(a.mean).toBeLessThan(0);
  });

  it('counterfactual: the clot rate among these women had every one of them taken B', async () => {
    // Women on B (17 clots of 42) keep their outcome. A woman on A with a clot had u < p₃, so
    // under B she clots iff u < p₂: min(p₂, p₃)/p₃; one without had u ≥ p₃: (p₂ − p₃)⁺/(1 − p₃).
    // Expectations over the independent Beta posteriors of p₂, p₃ by a midpoint grid.
    const k = 400;
    const grid = Array.from({ length: k }, (_, i) => (i + 0.5) / k);
    const kernel = ([a, b]: number[]) => grid.map((x) => x ** (a - 1) * (1 - x) ** (b - 1));
    const [w2, w3] = [kernel(cells[2]), kernel(cells[3])];
    let z = 0;
    let clotted = 0;
    let spared = 0;
    for (let i = 0; i < k; i++)
      for (let j = 0; j < k; j++) {
        const [p2, p3, w] = [grid[i], grid[j], w2[i] * w3[j]];
        z += w;
        clotted += (w * Math.min(p2, p3)) / p3;
        spared += (w * Math.max(0, p2 - p3)) / (1 - p3);
      }
    const exact = (17 + (24 * clotted) / z + (56 * spared) / z) / 122; // 0.40375
    const a = await json([
      ...[...base, '--target', 'sum(clot * sex) / sum(sex)', '--do', 'drug = 0'],
      ...['--counterfactual', '--seed', '1'],
    ]);
    expect(a.kind).toBe('counterfactual');
    expect(Math.abs(a.mean - exact)).toBeLessThan(4 * a.mcse_mean);
  });
});

describe('iv: a saved fit of the IV model, so that every draw has a closed form', () => {
  // iv.json holds the example's data, simulate(300, 2).
  const dataFile = join(here, 'iv.json');
  const data: ReturnType<typeof simulate> = JSON.parse(readFileSync(dataFile, 'utf8'));
  const N = data.N;
  const sum = (v: number[]) => v.reduce((a, b) => a + b, 0);
  // 2 chains × 20 draws: gamma, beta, rho vary per draw so each draw's answer differs.
  const D = 40;
  const gamma = Array.from({ length: D }, (_, i) => 0.9 + i / 200);
  const beta = Array.from({ length: D }, (_, i) => 0.4 + ((i * 7) % D) / 200);
  const rho = Array.from({ length: D }, (_, i) => 1.5 + ((i * 11) % D) / 100);
  const sigmaX = 0.5;
  const sigmaY = 0.5;
  const draws = (v: number[]) => ({ shape: [2, D / 2], data: Float64Array.from(v) });
  const fit = join(dir, 'iv-fit.json');
  writeFileSync(
    fit,
    toJSON({
      posterior: {
        gamma: draws(gamma),
        beta: draws(beta),
        rho: draws(rho),
        sigma_x: draws(gamma.map(() => sigmaX)),
        sigma_y: draws(gamma.map(() => sigmaY)),
      },
      attrs: createAttrs(),
    }),
  );
  const file = model('iv');
  const base = [file, '--fit', fit, '--data', dataFile];
  const meanOf = (v: number[]) => sum(v) / v.length;
  const betaGamma = beta.map((b, i) => b * gamma[i]);

  it("iv.json is the example's simulated data", () => {
    expect(data).toEqual(simulate(300, 2));
  });

  it('observational: the posterior mean of beta is the mean of the draws', async () => {
    const a = await json([...base, '--target', 'beta']);
    expect(a.n_draws).toBe(D);
    close(a.mean, meanOf(beta));
  });

  it('interventional: do(z = z + 1) moves mean(y) to β γ (mean(z) + 1) in expectation', async () => {
    // Re-drawn: x = γ(z + 1) + σx e, v = x − γ(z + 1) = σx e, y = β x + ρ v + σy e'. Per draw,
    // mean(y) has sd √((β + ρ)² σx² + σy²)/√N around β γ (z̄ + 1); over D independent draws the
    // mean's sd is √(mean of those variances / D).
    const zbar = meanOf(data.z);
    const want = meanOf(betaGamma.map((bg) => bg * (zbar + 1)));
    const v = meanOf(beta.map((b, i) => ((b + rho[i]) ** 2 * sigmaX ** 2 + sigmaY ** 2) / N));
    const a = await json([...base, '--target', 'mean(y)', '--do', 'z = z + 1', '--seed', '4']);
    expect(a.kind).toBe('interventional');
    expect(Math.abs(a.mean - want)).toBeLessThan(4 * Math.sqrt(v / D));
  });

  it('counterfactual: had every z been one higher, sum(y) = Σy + N β γ exactly in each draw', async () => {
    // Abduction keeps x's noise (so v = x − γ z is unchanged) and y's: x' = x + γ, y' = y + β γ.
    const a = await json([...base, '--target', 'sum(y)', '--do', 'z = z + 1', '--counterfactual']);
    const perDraw = betaGamma.map((bg) => sum(data.y) + N * bg);
    close(a.mean, meanOf(perDraw));
    const m = meanOf(perDraw);
    close(a.sd, Math.sqrt(sum(perDraw.map((x) => (x - m) ** 2)) / (D - 1)));
    const c = await json([
      ...[...base, '--target', 'sum(y)', '--do', 'z = z + 1', '--vs', 'z = z - 1', '--counterfactual'],
    ]);
    close(c.mean, 2 * N * meanOf(betaGamma));
  });

  it('an action on x moves v := x − γz with it (the model says so): Σy + N (β + ρ), as the README warns', async () => {
    // v reads the observed x above x's own line; once x is drawn anew, v must follow it (it used
    // to fail: "'v' reads 'x', which is defined after it").
    const a = await json([...base, '--target', 'sum(y)', '--do', 'x = x + 1', '--counterfactual']);
    close(a.mean, meanOf(beta.map((b, i) => sum(data.y) + N * (b + rho[i]))));
  });
});

describe('malformed questions about the examples are refused at the option, line and column', () => {
  it('an unknown node, a Bernoulli set to 2, a value that is not a number, evidence off the support', async () => {
    const file = model('diagnosis');
    expect(await fails([file, '--target', 'd3'])).toBe("--target:1:1: unknown name 'd3'\nd3\n^");
    expect(await fails([file, '--target', 's', '--do', 'd1 = 2'])).toBe(
      '--do:1:1: do(d1): 2 is outside the support of d1 ~ Bernoulli (whole numbers 0 to 1)\nd1 = 2\n^',
    );
    expect(
      await fails([file, '--target', 's', '--given', 's = 1', '--do', 'd1 = 0/0', '--counterfactual']),
    ).toBe('--do:1:1: do(d1): the value is not a finite number\nd1 = 0/0\n^');
    expect(await fails([file, '--target', 's', '--given', 's = 0.5'])).toBe(
      '--given:1:1: query: evidence s = 0.5 is outside the support of Bernoulli (whole numbers 0 to 1), so it has probability zero\ns = 0.5\n^',
    );
  });

  it('an index into a scalar node, an unknown node among the actions', async () => {
    const file = model('linear-scm');
    expect(await fails([file, '--target', 'y', '--do', 'x = 1', '--vs', 'z[0] = 1'])).toBe(
      "--vs:1:3: 'z' has 0 axes (shape []), but 1 indices are given\nz[0] = 1\n  ^",
    );
    expect(
      await fails([
        file,
        '--target',
        'y',
        '--given',
        'x = 1; y = 4',
        '--do',
        'x = 0; w = 2',
        '--counterfactual',
      ]),
    ).toBe("--do:1:8: unknown node 'w'\nx = 0; w = 2\n       ^");
  });
});
