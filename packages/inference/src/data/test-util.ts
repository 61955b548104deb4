/** Seeded draws for the tests of data/ and summary/ (not part of the package's API). */

/** mulberry32: a small seeded uniform generator on [0, 1). */
export function uniforms(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** n independent standard normal draws (Box–Muller). */
export function normals(seed: number, n: number, mean = 0, sd = 1): Float64Array {
  const u = uniforms(seed);
  const out = new Float64Array(n);
  for (let i = 0; i < n; i += 2) {
    const r = Math.sqrt(-2 * Math.log(1 - u()));
    const theta = 2 * Math.PI * u();
    out[i] = mean + sd * r * Math.cos(theta);
    if (i + 1 < n) out[i + 1] = mean + sd * r * Math.sin(theta);
  }
  return out;
}
