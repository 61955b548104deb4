import { DoplError } from '../errors.js';

// A stream is identified by a readable key that spells out its whole derivation path, so two
// different (seed, index, index, …) paths can never collide; the hash put in front of the key only
// spreads neighbouring keys apart before they reach the generator's seeding routine.

/** The key of a root stream. Strings are JSON-quoted so no user string can mimic a derived key. */
export function rootKey(seed: number | string): string {
  if (typeof seed === 'number') {
    if (!Number.isFinite(seed)) throw new DoplError(`Rng seed must be a finite number, got ${seed}`);
    return `n:${seed}`;
  }
  if (typeof seed === 'string') return `s:${JSON.stringify(seed)}`;
  throw new DoplError(`Rng seed must be a number or a string, got ${typeof seed}`);
}

/** The key of stream `index` below `parent`; digits after the last '/' keep the path unambiguous. */
export function childKey(parent: string, index: number): string {
  if (!Number.isSafeInteger(index) || index < 0) {
    throw new DoplError(`Rng stream index must be a non-negative integer, got ${index}`);
  }
  return `${parent}/${index}`;
}

/** The string handed to seedrandom for a key: 64 well-mixed bits first, then the key itself. */
export function generatorSeed(key: string): string {
  return hash64(key) + key;
}

// FNV-1a (Fowler–Noll–Vo) in two lanes with different offsets, each finished by MurmurHash3's fmix32
// avalanche step; the result is for diffusion only, injectivity comes from keeping the key.
function hash64(key: string): string {
  let a = 0x811c9dc5;
  let b = 0x2f6c4d3b;
  for (let i = 0; i < key.length; i++) {
    const c = key.charCodeAt(i);
    a = Math.imul(a ^ c, 0x01000193);
    b = Math.imul(b ^ c, 0x01000193);
  }
  const hi = fmix32(a ^ key.length);
  const lo = fmix32(b ^ hi);
  return hex8(hi) + hex8(lo);
}

function fmix32(h: number): number {
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 0;
}

function hex8(h: number): string {
  return h.toString(16).padStart(8, '0');
}
