// Importing this module registers every op family.
import './arith.js';
import './math.js';
import './logistic.js';
import './compare.js';
import './reduce.js';
import './linalg.js';
import './indexing.js';
import './mmm.js';

export * from './op.js';
export { getOp, hasOp, opNames, defineOp, elementwise } from './registry.js';
export { sliceRange } from './indexing.js';
