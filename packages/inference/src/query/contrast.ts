import type { DrawsError } from './answer.js';
import type { World } from './rows.js';

// How the two worlds of a `vs` query combine into per-draw contrasts.

export type Contrast = ((a: number, b: number) => number) | undefined;

export function combine(a: Float64Array, b: Float64Array, f: Contrast): Float64Array {
  const out = new Float64Array(a.length);
  for (let i = 0; i < a.length; i++) out[i] = f ? f(a[i], b[i]) : a[i] - b[i];
  return out;
}

// Two separately inferred weighted answers have no common rows: every pair, weighted by the
// product (capped; beyond it the pairs of a systematic resample of each).
const MAX_PAIRS = 1_000_000;

export function pairAll(
  first: World,
  a: Float64Array,
  second: World,
  b: Float64Array,
  f: Contrast,
): [World, Float64Array] {
  const wa = first.weights ?? new Float64Array(a.length).fill(1 / a.length);
  const wb = second.weights ?? new Float64Array(b.length).fill(1 / b.length);
  const exact = first.error.kind === 'exact' && second.error.kind === 'exact';
  if (a.length * b.length <= MAX_PAIRS) {
    const d = new Float64Array(a.length * b.length);
    const w = new Float64Array(d.length);
    for (let i = 0; i < a.length; i++)
      for (let j = 0; j < b.length; j++) {
        d[i * b.length + j] = f ? f(a[i], b[j]) : a[i] - b[j];
        w[i * b.length + j] = wa[i] * wb[j];
      }
    const error: DrawsError = exact ? { kind: 'exact' } : { kind: 'importance' };
    return [{ values: [], weights: w, error, method: first.method }, d];
  }
  const m = 4000;
  const ra = resample(a, wa, m);
  const rb = resample(b, wb, m);
  return [{ values: [], error: { kind: 'iid' }, method: `${first.method}, resampled` }, combine(ra, rb, f)];
}

function resample(x: Float64Array, w: Float64Array, m: number): Float64Array {
  const out = new Float64Array(m);
  let c = w[0];
  let i = 0;
  for (let k = 0; k < m; k++) {
    const u = (k + 0.5) / m;
    while (u > c && i < x.length - 1) c += w[++i];
    out[k] = x[i];
  }
  return out;
}
