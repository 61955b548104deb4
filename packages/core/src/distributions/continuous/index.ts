export { Normal } from './normal.js';
export { Flat, HalfFlat } from './flat.js';
