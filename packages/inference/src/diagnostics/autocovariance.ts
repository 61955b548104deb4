import { fft } from './fft.js';
import { mean, variance } from './moments.js';

/**
 * Autocovariance of one sequence at every lag 0…N−1, computed as posterior does: the "biased"
 * estimator (each lag divided by N, as Geyer 1992 recommends, which keeps the sequence positive
 * definite), obtained by FFT of the centred sequence zero-padded to at least 2N so the circular
 * correlation equals the linear one.
 */
export function autocovariance(x: ArrayLike<number>): Float64Array {
  const n = x.length;
  const out = new Float64Array(n);
  if (n === 0) return out;
  let constant = true;
  for (let i = 1; i < n && constant; i++) constant = x[i] === x[0];
  // A constant chain has no fluctuation to correlate; the FFT normalisation below would be 0/0.
  if (constant) return out;

  let size = 1;
  while (size < 2 * n) size <<= 1;
  const re = new Float64Array(size);
  const im = new Float64Array(size);
  const m = mean(x);
  for (let i = 0; i < n; i++) re[i] = x[i] - m;
  fft(re, im);
  for (let i = 0; i < size; i++) {
    re[i] = re[i] * re[i] + im[i] * im[i];
    im[i] = 0;
  }
  fft(re, im, true);

  // Scaling by the lag-0 term and the directly computed variance cancels both the FFT's
  // normalisation and its rounding in the lag-0 term, exactly like posterior.
  const scale = (variance(x) * (n - 1)) / n / re[0];
  for (let t = 0; t < n; t++) out[t] = re[t] * scale;
  return out;
}
