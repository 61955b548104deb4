export { choleskyCorr } from './cholesky-corr.js';
export { Dirichlet } from './dirichlet.js';
export { LKJCholeskyCorr, lkjLogNormalizer, sampleLkjCholesky } from './lkj.js';
export { MvNormal } from './mvnormal.js';
