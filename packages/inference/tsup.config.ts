import { defineConfig } from 'tsup';

export default defineConfig({
  // The chain worker is its own entry: pool.ts starts dist/worker.js beside dist/index.js.
  entry: { index: 'src/index.ts', worker: 'src/fit/worker.ts' },
  format: ['esm'],
  dts: true,
  sourcemap: true,
  clean: true,
  target: 'node20',
});
