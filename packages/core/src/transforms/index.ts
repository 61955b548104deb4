export * from './bijector.js';
export { bijectorFor } from './choose.js';
