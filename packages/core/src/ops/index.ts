// Importing this module registers every op family.
import './arith.js';
import './math.js';
import './logistic.js';
import './compare.js';
import './reduce.js';
import './linalg.js';
import './indexing.js';
import './mmm.js';

export { sliceRange } from './indexing.js';
export * from './op.js';
export { defineOp, elementwise, getOp, hasOp, opNames } from './registry.js';
