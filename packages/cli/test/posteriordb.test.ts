// `dopl sample MODEL.dopl --data data.json --json` on posteriordb posteriors, in this process
// through `main` (as a user runs it, minus the tsx start-up): the `.dopl` files and data.json
// read unchanged from packages/inference/test/posteriordb, the means judged by the comparison
// rule's mean test against reference.json.
import { describe, expect, it } from 'vitest';
import { cliMeanTests } from '../../inference/test/posteriordb/cli-judge.js';
import { posteriorPaths } from '../../inference/test/posteriordb/language.js';
import { main } from '../src/main.js';

async function sampleJson(posterior: string): Promise<any> {
  const { model, data } = posteriorPaths(posterior);
  let stdout = '';
  let stderr = '';
  const code = await main(['sample', model, '--data', data, '--seed', '20240601', '--json'], {
    stdout: { write: (s: string) => (stdout += s) },
    stderr: { write: (s: string) => (stderr += s), isTTY: false },
  });
  // stderr may carry fit warnings (a divergence in eight schools), never an error.
  expect(code, stderr).toBe(0);
  return JSON.parse(stdout);
}

describe('dopl sample on posteriordb .dopl files (README mean test)', () => {
  // Stan's defaults (4 chains × 1000 + 1000): the mean test's |z| ≤ 4 divides the error by the
  // combined MCSE of our mean and the reference mean, so the tolerance scales with the run.
  // arK reads int data as fixed numbers (y[:K], pos[K:]), which the CLI must handle before it reads the data.
  for (const posterior of ['kidiq-kidscore_momiq', 'eight_schools-eight_schools_noncentered', 'arK-arK']) {
    it(`${posterior}: every reference mean within 4 combined MCSEs`, async () => {
      const out = await sampleJson(posterior);
      expect([out.chains, out.draws, out.tune, out.seed]).toEqual([4, 1000, 1000, 20240601]);
      const tests = cliMeanTests(posterior, out.parameters);
      expect(tests.length).toBeGreaterThan(0);
      const bad = tests.filter((t) => !(Math.abs(t.z) <= 4)).map((t) => `${t.name}: z = ${t.z.toFixed(2)}`);
      expect(bad).toEqual([]);
      // The rule's preconditions, which make the MCSEs in z trustworthy.
      for (const t of tests) {
        expect(t.rhat).toBeLessThanOrEqual(1.01);
        expect(t.essBulk).toBeGreaterThanOrEqual(400);
      }
    }, 300_000);
  }
});
