export { gradientError } from './gradcheck.js';
export { readFixture } from './reference.js';
