import type { RandomSource } from '../nuts/target.js';

// Importance resampling from (unnormalised) log weights.

function normalisedWeights(logWeights: ArrayLike<number>): Float64Array {
  let max = Number.NEGATIVE_INFINITY;
  for (let i = 0; i < logWeights.length; i++) if (logWeights[i] > max) max = logWeights[i];
  if (!Number.isFinite(max)) throw new RangeError('resampling: no draw has a finite weight');
  const w = new Float64Array(logWeights.length);
  let total = 0;
  for (let i = 0; i < w.length; i++) {
    w[i] = Math.exp(logWeights[i] - max);
    total += w[i];
  }
  for (let i = 0; i < w.length; i++) w[i] /= total;
  return w;
}

/** `n` indices drawn independently with probabilities ∝ exp(logWeights) (multinomial). */
export function resampleWithReplacement(
  logWeights: ArrayLike<number>,
  n: number,
  rng: RandomSource,
): Int32Array {
  const w = normalisedWeights(logWeights);
  const cumulative = new Float64Array(w.length);
  let acc = 0;
  for (let i = 0; i < w.length; i++) {
    acc += w[i];
    cumulative[i] = acc;
  }
  const out = new Int32Array(n);
  for (let t = 0; t < n; t++) {
    const u = rng.uniform() * acc;
    let lo = 0;
    let hi = w.length - 1;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (cumulative[mid] < u) lo = mid + 1;
      else hi = mid;
    }
    // Skip zero-weight entries that share the cumulative value.
    while (w[lo] === 0 && lo < w.length - 1) lo++;
    out[t] = lo;
  }
  return out;
}

/**
 * `n` distinct indices drawn one after another with probabilities ∝ exp(logWeights) among those
 * not yet drawn; when fewer than n draws have positive weight, the rest are repeated in turn.
 */
export function resampleWithoutReplacement(
  logWeights: ArrayLike<number>,
  n: number,
  rng: RandomSource,
): Int32Array {
  const w = normalisedWeights(logWeights);
  const out = new Int32Array(n);
  const positive = w.reduce((c, x) => c + (x > 0 ? 1 : 0), 0);
  for (let t = 0; t < n; t++) {
    if (t >= positive) {
      out[t] = out[t % positive];
      continue;
    }
    let total = 0;
    for (let i = 0; i < w.length; i++) total += w[i];
    let u = rng.uniform() * total;
    let pick = -1;
    for (let i = 0; i < w.length; i++) {
      if (w[i] === 0) continue;
      pick = i;
      u -= w[i];
      if (u <= 0) break;
    }
    out[t] = pick;
    w[pick] = 0;
  }
  return out;
}
