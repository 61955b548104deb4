import { defineConfig } from 'vitest/config';

// Tests import the workspace packages from their TypeScript sources (the "development" export
// condition), so the suite needs no build step.
export default defineConfig({
  resolve: { conditions: ['development'] },
  test: {
    include: ['packages/*/src/**/*.test.ts', 'packages/*/test/**/*.test.ts', 'examples/**/*.test.ts'],
    testTimeout: 60_000,
    pool: 'threads',
  },
});
