import { defineConfig } from 'tsup';

export default defineConfig({
  // index: the library; cli: the `dopl` bin (package.json "bin"), with a #!/usr/bin/env node banner.
  entry: { index: 'src/index.ts', cli: 'src/cli.ts' },
  format: ['esm'],
  dts: { entry: { index: 'src/index.ts' } },
  sourcemap: true,
  clean: true,
  target: 'node20',
});
