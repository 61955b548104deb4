export { type QueryAnswer, type QueryKind, summariseDraws } from './answer.js';
export { type Queryable, type QueryOptions, type QueryTarget, query } from './query.js';
