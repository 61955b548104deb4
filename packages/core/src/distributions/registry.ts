export { getDistribution, distributionNames, registerDistribution } from './distribution.js';
