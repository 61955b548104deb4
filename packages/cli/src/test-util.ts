import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

// Helpers for the CLI tests: run `dopl` as a child process from the TypeScript sources (as the
// root `pnpm dopl` script does) and write fixture files into a temporary directory.

export const ROOT = resolve(fileURLToPath(new URL('../../..', import.meta.url)));
const TSX = join(ROOT, 'node_modules', '.bin', 'tsx');
const CLI = join(ROOT, 'packages', 'cli', 'src', 'cli.ts');

export interface RunResult {
  code: number;
  stdout: string;
  stderr: string;
}

export function runCli(args: readonly string[], options: { cwd?: string } = {}): Promise<RunResult> {
  return new Promise((done) => {
    execFile(
      TSX,
      ['--conditions=development', CLI, ...args],
      {
        cwd: options.cwd ?? ROOT,
        env: { ...process.env, FORCE_COLOR: '0', NO_COLOR: '1', DOPL_DEBUG: '' },
        maxBuffer: 64 * 1024 * 1024,
        timeout: 60_000,
      },
      (err, stdout, stderr) => {
        const code = err ? (typeof err.code === 'number' ? err.code : 1) : 0;
        done({ code, stdout, stderr });
      },
    );
  });
}

/** Runs `main` in this process (no tsx start-up): for the many small error cases. */
export async function runMain(args: readonly string[]): Promise<RunResult> {
  const { main } = await import('./main.js');
  let stdout = '';
  let stderr = '';
  const code = await main(args, {
    stdout: { write: (s: string) => (stdout += s) },
    stderr: { write: (s: string) => (stderr += s), isTTY: false },
  });
  return { code, stdout, stderr };
}

const fixtureDirs: string[] = [];

/** A fresh temporary directory with the given files in it (removed by `removeFixtures`). */
export function fixtureDir(files: Record<string, string>): string {
  const dir = mkdtempSync(join(tmpdir(), 'dopl-cli-'));
  fixtureDirs.push(dir);
  for (const [name, text] of Object.entries(files)) writeFileSync(join(dir, name), text);
  return dir;
}

/** Removes every directory made by `fixtureDir` in this test file. */
export function removeFixtures(): void {
  for (const dir of fixtureDirs.splice(0)) rmSync(dir, { recursive: true, force: true });
}

/** No stack trace: no `    at f (file:line)` frames, no Node.js internal error dump. */
export const hasStackTrace = (text: string): boolean =>
  /^\s+at\s.+[(:]\d+/m.test(text) || /node:internal|Error: .*\n\s+at /.test(text);

/** A conjugate normal model: mu ~ Normal(0, 10), y ~ Normal(mu, 1), plus a vector and a deterministic node. */
export const NORMAL_MODEL = `// conjugate normal
data N: int
data y: real[N]
mu ~ Normal(0, 10)
theta[2] ~ Normal(mu, 1)
twice := 2 * mu
y ~ Normal(mu, 1)
`;

export const NORMAL_Y = [1, 2, 3, 2.5, 1.5, 2.2];

/** The exact posterior of mu: precision 1/100 + N, mean sum(y) / precision. */
export const NORMAL_POSTERIOR = (() => {
  const precision = 1 / 100 + NORMAL_Y.length;
  return { mean: NORMAL_Y.reduce((a, b) => a + b, 0) / precision, sd: Math.sqrt(1 / precision) };
})();

export const NORMAL_JSON = JSON.stringify({ N: NORMAL_Y.length, y: NORMAL_Y });
export const NORMAL_CSV = `y\n${NORMAL_Y.join('\n')}\n`;
