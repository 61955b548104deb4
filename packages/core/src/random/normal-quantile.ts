// The RNG draws normals by inversion with the special-function module's AS 241 quantile.
export { normalQuantile } from '../special/normal-quantile.js';
