export { samplePosteriorPredictive, samplePriorPredictive } from './predictive.js';
export {
  type Fit,
  pathfinderInitSeed,
  SAMPLE_DEFAULTS,
  type SampleOptions,
  sample,
  toInferenceData,
} from './sample.js';
