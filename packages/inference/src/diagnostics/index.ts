export type { ChainDraws, PooledDraws } from './draws.js';
export { ebfmi } from './ebfmi.js';
export { essBasic, essBulk, essMean, essQuantile, essSd, essTail } from './ess.js';
export { hdi, type Interval } from './hdi.js';
export { mcseMean, mcseQuantile, mcseSd } from './mcse.js';
export { mad, median, quantile } from './quantile.js';
export { rhat, rhatBasic } from './rhat.js';
export { type DrawsSummary, summarise } from './summarise.js';
