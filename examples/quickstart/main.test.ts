import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

describe('quickstart example', () => {
  it('runs end to end and shows E[sales | do(spend = 4)] = 16 within Monte Carlo error', () => {
    const root = fileURLToPath(new URL('../..', import.meta.url));
    const out = execFileSync('npx', ['tsx', '--conditions=development', 'examples/quickstart/main.ts'], {
      cwd: root,
      encoding: 'utf8',
    });
    const line = out.split('\n').find((l) => l.startsWith('do(spend = 4)'))!;
    // sales = 10 + 1.5·4 + 2·season + N(0,1): mean 16, sd √(4 + 1) ≈ 2.236; MCSE with 20 000 draws ≈ 0.0158.
    const sales = Number(/sales (-?[\d.]+)/.exec(line)![1]);
    expect(Math.abs(sales - 16)).toBeLessThan(5 * Math.sqrt(5 / 20000));
    const spend = /spend (-?[\d.]+) ± ([\d.]+)/.exec(line)!;
    expect(Number(spend[1])).toBe(4);
    expect(Number(spend[2])).toBe(0);
  });
});
