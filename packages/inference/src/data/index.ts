export {
  type ChainOutput,
  concatDraws,
  createAttrs,
  type DrawGroupName,
  elementNames,
  type FromDrawsOptions,
  fromDraws,
  GROUP_NAMES,
  type Group,
  type GroupName,
  groupDims,
  type InferenceData,
  type InferenceDataAttrs,
  type JsonValue,
  type SamplerSettings,
  shapeSize,
  unravelIndex,
  type Variable,
  variableDraws,
} from './inference-data.js';
export { fromJSON, JSON_FORMAT, JSON_VERSION, toJSON } from './json.js';
export { formatCpp, formatRoundTrip } from './number-format.js';
export {
  STAN_SAMPLER_COLUMNS,
  type StanCsvOptions,
  stanColumnNames,
  toStanCsv,
  toStanCsvFiles,
} from './stan-csv.js';
