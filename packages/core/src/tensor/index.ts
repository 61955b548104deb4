export * from './shape.js';
export * from './tensor.js';
