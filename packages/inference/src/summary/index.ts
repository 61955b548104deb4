export {
  formatStatistic,
  formatSummary,
  type Summary,
  type SummaryOptions,
  type SummaryRow,
  summary,
} from './summary.js';
