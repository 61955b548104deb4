// Below this the table is exact to a few ulps; above it the truncated Stirling series errs by less
// than its first omitted term 1/(1188·k⁹) < 1e-16.
const TABLE_SIZE = 32;
const TABLE = new Float64Array(TABLE_SIZE);
for (let k = 1; k < TABLE_SIZE; k++) TABLE[k] = TABLE[k - 1] + Math.log(k);

const HALF_LOG_TWO_PI = 0.5 * Math.log(2 * Math.PI);

/** log(k!) for a non-negative integer k, accurate to a few ulps (used by the rejection samplers). */
export function logFactorial(k: number): number {
  if (k < TABLE_SIZE) return TABLE[k];
  const r = 1 / k;
  const r2 = r * r;
  // Stirling's series for log Γ(k+1) with the Bernoulli-number terms up to 1/(1680 k⁷).
  const series = r * (1 / 12 - r2 * (1 / 360 - r2 * (1 / 1260 - r2 / 1680)));
  return (k + 0.5) * Math.log(k) - k + HALF_LOG_TWO_PI + series;
}
