// @dopl/inference — NUTS and HMC, fits as InferenceData, diagnostics and summaries.

export * from './data/index.js';
export * from './diagnostics/index.js';
export * from './discrete/index.js';
export * from './fit/index.js';
export * from './mmm/index.js';
export * from './nuts/index.js';
export * from './query/index.js';
export * from './summary/index.js';
export * from './vi/index.js';
