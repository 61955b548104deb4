// Development bootstrap for the chain worker: registers tsx so the worker can load the
// TypeScript sources (tests, `tsx` runs). The built package uses dist/worker.js directly.
import { register } from 'tsx/esm/api';

register();
await import('./worker.ts');
