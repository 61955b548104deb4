import type { FlagSpec } from '../args.js';

// What every command is handed, and the flags several commands share.

export interface OutputStream {
  write(text: string): unknown;
}

export interface Io {
  readonly stdout: OutputStream;
  readonly stderr: OutputStream & { readonly isTTY?: boolean; readonly columns?: number };
}

export const DATA_FLAG: FlagSpec = {
  name: 'data',
  type: 'string',
  metavar: 'FILE',
  repeatable: true,
  description:
    'Data: JSON ({"name": number or nested arrays}) or CSV (a header of names, one column per vector). May be repeated.',
};

export const SEED_FLAG: FlagSpec = {
  name: 'seed',
  type: 'int',
  min: 0,
  metavar: 'N',
  description: 'Random seed (a non-negative integer); the same seed gives the same draws. Default: random.',
};

export const JSON_FLAG: FlagSpec = {
  name: 'json',
  type: 'boolean',
  description: 'Write one JSON object to stdout instead of the table.',
};

/** A seed for runs without --seed: random, and reported so the run can be repeated. */
export const randomSeed = (): number => Math.floor(Math.random() * 2 ** 31);

export const elapsed = (t0: number): number => (performance.now() - t0) / 1000;

export const plural = (n: number, one: string, many = `${one}s`): string => `${n} ${n === 1 ? one : many}`;
