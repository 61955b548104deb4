// The data of "next quarter" for `dopl query`: mmm_data.json run 13 weeks past its last week, as
// scenarios.ts's nextQuarterX1 builds it — t continues, the Fourier terms follow the calendar
// (7 days a week from the last observed day of year), the events are off, and the spend of each
// future week is that of the same week a year (52 weeks) earlier. Sales of the future weeks are
// unknown: zeros stand in, which no interventional query reads (everything downstream of the
// intervened spend, the sales included, is re-drawn for every posterior draw).
//
//   pnpm -s tsx examples/marketing-mix/next-quarter.ts     # writes mmm_next_quarter.json
import { readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));

export interface MmmData {
  T: number;
  y: number[];
  spend: number[][];
  y_max: number;
  spend_max: number[];
  events: number[][];
  t: number[];
  fourier: number[][];
}

/** The model's data extended by `H` future weeks (weeks T … T + H − 1). */
export function nextQuarter(data: MmmData, H = 13): MmmData {
  const T = data.T;
  const last = data.fourier[T - 1];
  const lastDay = Math.round((Math.atan2(last[0], last[2]) / (2 * Math.PI)) * 365.25);
  const weeks = Array.from({ length: H }, (_, j) => j);
  const fourier = weeks.map((j) => {
    const doy = (((lastDay + 7 * (j + 1)) % 365.25) + 365.25) % 365.25;
    const a = (2 * Math.PI * doy) / 365.25;
    return [Math.sin(a), Math.sin(2 * a), Math.cos(a), Math.cos(2 * a)];
  });
  return {
    ...data,
    T: T + H,
    y: [...data.y, ...weeks.map(() => 0)],
    spend: [...data.spend, ...weeks.map((j) => [...data.spend[T - 52 + j]])],
    events: [...data.events, ...weeks.map(() => [0, 0])],
    t: [...data.t, ...weeks.map((j) => T + j)],
    fourier: [...data.fourier, ...fourier],
  };
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const data = JSON.parse(readFileSync(join(here, 'mmm_data.json'), 'utf8')) as MmmData;
  writeFileSync(join(here, 'mmm_next_quarter.json'), `${JSON.stringify(nextQuarter(data))}\n`);
}
