// Runs the posteriordb conformance suite and prints one line per posterior:
//   pnpm exec tsx --conditions=development packages/inference/test/posteriordb/run-conformance.ts [names…]
// Options: --dense (dense metric), --builder (sample the TS-builder graphs instead of the .dopl
// files), --cli (run each .dopl file through `pnpm -s dopl sample … --json` as a subprocess, as a
// user would, with the per-posterior flags of CLI_SAMPLER_FLAGS, and judge its --json output and
// saved draws by the README's whole comparison rule); --sample-args='--target-accept 0.95' adds
// flags to every CLI run.
import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { fromJSON } from '../../src/index.js';
import { CLI_SAMPLER_FLAGS, cliMeanTests } from './cli-judge.js';
import { checkPosterior, judgePosterior } from './conformance.js';
import { posteriors } from './index.js';
import { posteriorPaths } from './language.js';

const names = process.argv.slice(2).filter((a) => !a.startsWith('--'));
const extraFlags =
  process.argv
    .find((a) => a.startsWith('--sample-args='))
    ?.slice('--sample-args='.length)
    .split(/\s+/)
    .filter(Boolean) ?? [];
const dense = process.argv.includes('--dense');
const selected = names.length ? names : Object.keys(posteriors);
const SEED = 20240601;

if (process.argv.includes('--cli')) {
  const root = fileURLToPath(new URL('../../../..', import.meta.url));
  const tmp = mkdtempSync(join(tmpdir(), 'dopl-conformance-'));
  const run = (args: string[]) =>
    new Promise<{ code: number; stdout: string; stderr: string }>((done) => {
      execFile('pnpm', args, { cwd: root, maxBuffer: 256 * 1024 * 1024 }, (err, stdout, stderr) =>
        done({ code: err ? (typeof err.code === 'number' ? err.code : 1) : 0, stdout, stderr }),
      );
    });
  console.log(
    `${'posterior'.padEnd(42)} ${'rule'.padEnd(4)} ${'max|z|'.padStart(6)} ${'max|zq|'.padStart(7)} ${'min ess'.padStart(7)} ${'max r_hat'.padStart(9)} ${'div'.padStart(4)} ${'seconds'.padStart(7)}  flags`,
  );
  let passed = 0;
  for (const name of selected) {
    const { model, data } = posteriorPaths(name);
    const flags = [...(CLI_SAMPLER_FLAGS[name] ?? []), ...extraFlags];
    const out = join(tmp, name);
    const t0 = performance.now();
    const r = await run([
      '-s',
      'dopl',
      'sample',
      model,
      '--data',
      data,
      '--seed',
      String(SEED),
      '--json',
      '--out',
      out,
      ...flags,
    ]);
    const seconds = (performance.now() - t0) / 1000;
    if (r.code !== 0) {
      console.log(`${name.padEnd(42)} FAIL exit ${r.code}: ${r.stderr.trim().split('\n')[0]}`);
      continue;
    }
    const summary = JSON.parse(r.stdout);
    // The mean test on the JSON summary (the CLI's own MCSE) and the whole rule on the saved draws.
    const tests = cliMeanTests(name, summary.parameters);
    const rule = judgePosterior(name, fromJSON(readFileSync(join(out, 'idata.json'), 'utf8')));
    const worst = Math.max(...tests.map((t) => Math.abs(t.z)), ...rule.map((p) => Math.abs(p.z)));
    const worstQ = Math.max(...rule.map((p) => p.quantileZ));
    const minEss = Math.min(...rule.map((p) => Math.min(p.essBulk, p.essTail)));
    const maxRhat = Math.max(...rule.map((p) => p.rhat));
    const pass = tests.every((t) => Math.abs(t.z) <= 4) && rule.every((p) => p.pass);
    if (pass) passed++;
    console.log(
      `${name.padEnd(42)} ${(pass ? 'PASS' : 'FAIL').padEnd(4)} ${worst.toFixed(2).padStart(6)} ${worstQ.toFixed(2).padStart(7)} ${minEss.toFixed(0).padStart(7)} ${maxRhat.toFixed(3).padStart(9)} ${String(summary.diagnostics.divergences).padStart(4)} ${seconds.toFixed(1).padStart(7)}  ${flags.join(' ')}`,
    );
    for (const p of rule) if (!p.pass) console.log(`     ${p.name}: ${p.why.join('; ')}`);
  }
  rmSync(tmp, { recursive: true, force: true });
  console.log(`${passed}/${selected.length} pass`);
} else {
  for (const name of selected) {
    const r = await checkPosterior(name, {
      metric: dense ? 'dense' : 'diag',
      model: process.argv.includes('--builder') ? 'builder' : 'dopl',
    });
    const worst = r.params.reduce((a, p) => Math.max(a, Math.abs(p.z)), 0);
    const minEss = Math.min(...r.params.map((p) => Math.min(p.essBulk, p.essTail)));
    console.log(
      `${r.pass ? 'PASS' : 'FAIL'} ${name.padEnd(42)} ${r.seconds.toFixed(1).padStart(6)} s  max|z| ${worst.toFixed(2)}  min ESS ${minEss.toFixed(0)}  divergences ${r.divergences}`,
    );
    for (const p of r.params) if (!p.pass) console.log(`     ${p.name}: ${p.why.join('; ')}`);
  }
}
