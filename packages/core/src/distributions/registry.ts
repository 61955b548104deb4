export { distributionNames, getDistribution, registerDistribution } from './distribution.js';
