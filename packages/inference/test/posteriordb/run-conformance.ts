// Runs the posteriordb conformance suite and prints one line per posterior:
//   pnpm exec tsx --conditions=development packages/inference/test/posteriordb/run-conformance.ts [names…]
import { checkPosterior } from './conformance.js';
import { posteriors } from './index.js';

const names = process.argv.slice(2).filter((a) => !a.startsWith('--'));
const dense = process.argv.includes('--dense');
for (const name of names.length ? names : Object.keys(posteriors)) {
  const r = await checkPosterior(name, { metric: dense ? 'dense' : 'diag' });
  const worst = r.params.reduce((a, p) => Math.max(a, Math.abs(p.z)), 0);
  const minEss = Math.min(...r.params.map((p) => Math.min(p.essBulk, p.essTail)));
  console.log(
    `${r.pass ? 'PASS' : 'FAIL'} ${name.padEnd(42)} ${r.seconds.toFixed(1).padStart(6)} s  max|z| ${worst.toFixed(2)}  min ESS ${minEss.toFixed(0)}  divergences ${r.divergences}`,
  );
  for (const p of r.params) if (!p.pass) console.log(`     ${p.name}: ${p.why.join('; ')}`);
}
