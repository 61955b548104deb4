import { it } from 'vitest';
import { HalfCauchy, ModelBuilder, Normal, compile } from '../../index.js';
import { initTfjs } from './backend.js';
import { compileTfjs } from './compile.js';
function eightSchools() {
  const m = new ModelBuilder();
  m.data('J', { type: 'int' });
  m.data('y', { dims: ['J'] });
  const sigma = m.data('sigma', { dims: ['J'], lower: 0 });
  const mu = m.random('mu', Normal(0, 5));
  const tau = m.random('tau', HalfCauchy(5));
  const z = m.random('z', Normal(0, 1), { dims: ['J'] });
  const theta = m.let('theta', mu.add(tau.mul(z)));
  m.random('y', Normal(theta, sigma));
  return m.build({ J: 8, y: [28, 8, -3, 7, -1, 1, 18, 12], sigma: [15, 10, 16, 11, 9, 11, 10, 18] });
}
it('bench', async () => {
  for (const backend of ['wasm', 'cpu'] as const) {
    await initTfjs({ backend });
    const g = eightSchools();
    const tf = compileTfjs(g);
    for (const B of [1, 1000]) {
      const th = Float64Array.from({ length: B * tf.dim }, (_, i) => Math.sin(i) * 0.5);
      const grad = new Float64Array(B * tf.dim);
      for (let i = 0; i < 5; i++) tf.logDensityAndGradientBatch(th, B, grad);
      const n = B === 1 ? 200 : 50;
      let t0 = performance.now();
      for (let i = 0; i < n; i++) tf.logDensityAndGradientBatch(th, B, grad);
      const tg = ((performance.now() - t0) / n) * 1000;
      t0 = performance.now();
      for (let i = 0; i < n; i++) tf.logDensityBatch(th, B);
      const tv = ((performance.now() - t0) / n) * 1000;
      console.log(`${backend} B=${B}: value+grad ${tg.toFixed(0)} µs/call (${(tg / B).toFixed(2)} µs/point); value ${tv.toFixed(0)} µs/call`);
    }
    tf.dispose();
  }
  const js = compile(eightSchools());
  const th = Float64Array.from({ length: 10 }, (_, i) => Math.sin(i) * 0.5);
  const g = new Float64Array(10);
  let t0 = performance.now();
  for (let i = 0; i < 1e5; i++) js.logDensityAndGradient(th, g);
  console.log(`js: ${(((performance.now() - t0) / 1e5) * 1000).toFixed(3)} µs/point`);
}, 120000);
