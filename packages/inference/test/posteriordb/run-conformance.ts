// Runs the posteriordb conformance suite and prints one line per posterior:
//   pnpm exec tsx --conditions=development packages/inference/test/posteriordb/run-conformance.ts [names…]
// Options: --dense (dense metric), --builder (sample the TS-builder graphs instead of the .dopl
// files), --cli (run each .dopl file through `pnpm -s dopl sample … --json` as a subprocess, as a
// user would, and print a table of the README mean test on its output).
import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { cliMeanTests } from './cli-judge.js';
import { checkPosterior } from './conformance.js';
import { posteriors } from './index.js';
import { posteriorPaths } from './language.js';

const names = process.argv.slice(2).filter((a) => !a.startsWith('--'));
const dense = process.argv.includes('--dense');
const selected = names.length ? names : Object.keys(posteriors);
const SEED = 20240601;

if (process.argv.includes('--cli')) {
  const root = fileURLToPath(new URL('../../../..', import.meta.url));
  const run = (args: string[]) =>
    new Promise<{ code: number; stdout: string; stderr: string }>((done) => {
      execFile('pnpm', args, { cwd: root, maxBuffer: 256 * 1024 * 1024 }, (err, stdout, stderr) =>
        done({ code: err ? (typeof err.code === 'number' ? err.code : 1) : 0, stdout, stderr }),
      );
    });
  console.log(
    `${'posterior'.padEnd(42)} ${'rule'.padEnd(4)} ${'max|z|'.padStart(6)} ${'min ess_bulk'.padStart(12)} ${'max r_hat'.padStart(9)} ${'div'.padStart(4)} ${'seconds'.padStart(7)}`,
  );
  for (const name of selected) {
    const { model, data } = posteriorPaths(name);
    const t0 = performance.now();
    const r = await run(['-s', 'dopl', 'sample', model, '--data', data, '--seed', String(SEED), '--json']);
    const seconds = (performance.now() - t0) / 1000;
    if (r.code !== 0) {
      console.log(`${name.padEnd(42)} FAIL exit ${r.code}: ${r.stderr.trim().split('\n')[0]}`);
      continue;
    }
    const out = JSON.parse(r.stdout);
    const tests = cliMeanTests(name, out.parameters);
    const worst = Math.max(...tests.map((t) => Math.abs(t.z)));
    const minEss = Math.min(...tests.map((t) => t.essBulk));
    const maxRhat = Math.max(...tests.map((t) => t.rhat));
    // The mean test and the rule's R-hat / bulk-ESS preconditions (the quantile tests need the draws).
    const pass = worst <= 4 && maxRhat <= 1.01 && minEss >= 400;
    console.log(
      `${name.padEnd(42)} ${(pass ? 'PASS' : 'FAIL').padEnd(4)} ${worst.toFixed(2).padStart(6)} ${minEss.toFixed(0).padStart(12)} ${maxRhat.toFixed(3).padStart(9)} ${String(out.diagnostics.divergences).padStart(4)} ${seconds.toFixed(1).padStart(7)}`,
    );
  }
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
