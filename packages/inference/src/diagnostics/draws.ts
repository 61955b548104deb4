/**
 * Draws of one scalar quantity: `draws[c]` is chain c in draw order, every chain the same length.
 */
export type ChainDraws = ReadonlyArray<ArrayLike<number>>;

/** Either pooled draws or draws laid out by chain; pooled statistics accept both. */
export type PooledDraws = ArrayLike<number> | ChainDraws;

/** Copies into Float64Arrays so the diagnostics never depend on (or mutate) the caller's storage. */
export function toChains(draws: ChainDraws): Float64Array[] {
  if (draws.length === 0) throw new RangeError('diagnostics need at least one chain');
  const n = draws[0].length;
  const chains: Float64Array[] = [];
  for (let c = 0; c < draws.length; c++) {
    const chain = draws[c];
    if (chain.length !== n) {
      throw new RangeError(
        `all chains must have the same length (chain 0 has ${n}, chain ${c} has ${chain.length})`,
      );
    }
    chains.push(Float64Array.from(chain));
  }
  return chains;
}

/**
 * Halves every chain so that a chain drifting within itself looks like two disagreeing chains.
 * Like posterior, an odd length drops the middle draw so both halves stay equally long.
 */
export function splitChains(chains: readonly Float64Array[]): Float64Array[] {
  const n = chains[0].length;
  if (n === 1) return chains.slice();
  const half = Math.floor(n / 2);
  const secondStart = n - half;
  const out: Float64Array[] = [];
  for (const chain of chains) out.push(chain.slice(0, half));
  for (const chain of chains) out.push(chain.slice(secondStart));
  return out;
}

export function pool(chains: readonly Float64Array[]): Float64Array {
  const n = chains.length === 0 ? 0 : chains[0].length;
  const out = new Float64Array(chains.length * n);
  chains.forEach((chain, c) => {
    out.set(chain, c * n);
  });
  return out;
}

export function mapChains(chains: readonly Float64Array[], f: (v: number) => number): Float64Array[] {
  return chains.map((chain) => chain.map(f));
}

function isChainDraws(x: PooledDraws): x is ChainDraws {
  return x.length > 0 && typeof (x as ArrayLike<unknown>)[0] !== 'number';
}

export function poolInput(x: PooledDraws): Float64Array {
  return isChainDraws(x) ? pool(toChains(x)) : Float64Array.from(x);
}

/**
 * posterior reports NA for non-finite or (numerically) constant draws, where the diagnostics'
 * variance ratios are meaningless; we report NaN in the same situations.
 */
export function isDegenerate(values: ArrayLike<number>): boolean {
  let lo = Number.POSITIVE_INFINITY;
  let hi = Number.NEGATIVE_INFINITY;
  for (let i = 0; i < values.length; i++) {
    const v = values[i];
    if (!Number.isFinite(v)) return true;
    if (v < lo) lo = v;
    if (v > hi) hi = v;
  }
  return !(Math.abs(hi - lo) >= Number.EPSILON);
}
