import { readFileSync } from 'node:fs';
import type { Graph } from '@dopl/core';
import { compileModel } from '@dopl/dsl';
import { expect } from 'vitest';
import { main } from '../../src/main.js';
import { hasStackTrace } from '../../src/test-util.js';

// What the tests of this folder share: `dopl query` run through `main` in this process (as a
// user runs it, minus the tsx start-up), and the same model files read through the API.

/** The path of a file of this folder. */
export const here = (name: string): string => new URL(name, import.meta.url).pathname;

/** The Graph of a model file of this folder, with its data file if it has one. */
export function graphOf(model: string, data?: string): Graph {
  const source = readFileSync(here(model), 'utf8');
  const dataFile = data ? { file: data, text: readFileSync(here(data), 'utf8') } : undefined;
  return compileModel(source, { file: model, dataFile });
}

async function run(args: readonly string[]) {
  let stdout = '';
  let stderr = '';
  const code = await main(['query', ...args], {
    stdout: { write: (s: string) => (stdout += s) },
    stderr: { write: (s: string) => (stderr += s), isTTY: false },
  });
  return { code, stdout, stderr };
}

/** `dopl query MODEL … --json` on a model of this folder: the answer object. */
export async function cli(model: string, args: readonly string[]): Promise<Record<string, any>> {
  const r = await run([here(model), ...args, '--json']);
  expect(r.stderr).toBe('');
  expect(r.code).toBe(0);
  return JSON.parse(r.stdout);
}

/** A refused query: exit 1, nothing on stdout, no stack trace; the error text. */
export async function refused(model: string, args: readonly string[]): Promise<string> {
  const r = await run([here(model), ...args]);
  expect(r.code).toBe(1);
  expect(r.stdout).toBe('');
  expect(hasStackTrace(r.stderr)).toBe(false);
  expect(r.stderr).not.toMatch(/internal error|RangeError|TypeError|NaN/);
  return r.stderr.trimEnd();
}
