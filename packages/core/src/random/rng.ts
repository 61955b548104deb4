import seedrandom from 'seedrandom';
import { DoplError } from '../errors.js';
import { normalQuantile } from './normal-quantile.js';
import { childKey, generatorSeed, rootKey } from './seed-key.js';

// The generator is xor4096 (Brent 2010, "Some long-period random number generators using shifts
// and xors"): a few nanoseconds per 32-bit word, no systematic BigCrush failures, and a period of
// 2^4128 − 2^32, so streams seeded from hashed keys cannot realistically overlap however many are
// forked. Alea is about as fast but its ~2^116 period leaves far less room for that argument.
type Xor4096 = seedrandom.StatefulPRNG<seedrandom.State.Xor4096>;

const REGISTERS = 128;

/** The xor4096 registers, exactly as seedrandom's `{ state: true }` reports them. */
export interface GeneratorState {
  readonly i: number;
  readonly w: number;
  readonly X: readonly number[];
}

/** A JSON-serialisable checkpoint of an {@link Rng}. */
export interface RngState {
  /** The stream's identity, kept so that a restored generator forks exactly like the original. */
  readonly key: string;
  readonly generator: GeneratorState;
}

interface Restore {
  readonly key: string;
  readonly generator?: GeneratorState;
}

/**
 * A seeded, reproducible stream of random numbers. Uniforms are bit-identical on every platform,
 * being built from 32-bit integer arithmetic; draws that pass through Math.log, Math.exp and the
 * like are bit-identical within one JavaScript engine, but engines may differ in the last ulp.
 */
export class Rng {
  readonly #key: string;
  readonly #prng: Xor4096;

  constructor(seed: number | string);
  constructor(seed: number | string, restore?: Restore) {
    this.#key = restore === undefined ? rootKey(seed) : restore.key;
    const generator = restore?.generator;
    this.#prng = seedrandom.xor4096(generatorSeed(this.#key), {
      state: generator === undefined ? true : { i: generator.i, w: generator.w, X: [...generator.X] },
    });
  }

  /**
   * A uniform number in the open interval (0, 1) with 53 random bits. Zero is excluded so that
   * samplers may take logarithms; one is excluded because the construction tops out at 1 − 2⁻⁵³.
   */
  uniform(): number {
    // double() already redraws on an exact zero, which is what makes the interval open.
    return this.#prng.double();
  }

  /**
   * A standard normal number, computed as Φ⁻¹(uniform()): exactly one uniform per draw, so the
   * stream position never depends on earlier values and no spare needs to be checkpointed.
   */
  normal(): number {
    return normalQuantile(this.#prng.double());
  }

  /**
   * The independent stream number `index` below this one. It is derived from this stream's seed
   * and the index alone — not from how much has been drawn — so `fork(i)` always returns the same
   * stream, and `new Rng(s).fork(i)` equals `streams(s, n)[i]` for every n > i.
   */
  fork(index: number): Rng {
    return new (Rng as RestoringConstructor)(0, { key: childKey(this.#key, index) });
  }

  /** A checkpoint from which {@link Rng.fromState} resumes the stream at exactly this point. */
  state(): RngState {
    const { i, w, X } = this.#prng.state();
    return { key: this.#key, generator: { i, w, X: [...X] } };
  }

  /** Resumes a stream checkpointed with {@link Rng.state} (also after a JSON round trip). */
  static fromState(state: RngState): Rng {
    assertState(state);
    return new (Rng as RestoringConstructor)(0, { key: state.key, generator: state.generator });
  }
}

// The public constructor signature hides the restoring argument; fork and fromState reach it here.
type RestoringConstructor = new (seed: number | string, restore: Restore) => Rng;

/** `n` independent streams for `seed`; stream i is `new Rng(seed).fork(i)`, whatever n is. */
export function streams(seed: number | string, n: number): Rng[] {
  if (!Number.isSafeInteger(n) || n < 0) {
    throw new DoplError(`streams: the number of streams must be a non-negative integer, got ${n}`);
  }
  const root = new Rng(seed);
  return Array.from({ length: n }, (_, i) => root.fork(i));
}

function assertState(state: RngState): void {
  const g = state?.generator;
  const valid =
    typeof state?.key === 'string' &&
    g !== undefined &&
    isInt32(g.w) &&
    Number.isInteger(g.i) &&
    g.i >= 0 &&
    g.i < REGISTERS &&
    Array.isArray(g.X) &&
    g.X.length === REGISTERS &&
    g.X.every(isInt32);
  if (!valid) throw new DoplError('Rng.fromState: not a state produced by Rng.state()');
}

function isInt32(x: unknown): boolean {
  return typeof x === 'number' && (x | 0) === x;
}
