// Turns PyMC-Marketing's mmm_example.csv into the model's data file, mmm_data.json.
// Run: pnpm -s tsx examples/marketing-mix/prepare.ts
//
// Everything stays on the original scale here; the model itself divides sales by `y_max` and each
// channel's spend by its `spend_max` (PyMC-Marketing's max-abs scaling), so that interventions on
// `spend` are stated in the units a marketer spends in.
import { readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));

/** The model's data from the CSV's text. */
export function prepare(csv: string) {
  const [header, ...rows] = csv.trim().split('\n');
  const names = header.split(',');
  const col = (name: string): string[] => {
    const i = names.indexOf(name);
    if (i < 0) throw new Error(`mmm_example.csv: no column '${name}'`);
    return rows.map((r) => r.split(',')[i]);
  };
  const num = (name: string): number[] => col(name).map(Number);

  const dates = col('date_week');
  const y = num('y');
  const x1 = num('x1');
  const x2 = num('x2');
  const T = y.length;
  // Day of year of each date, as pandas' `dt.dayofyear` (1 on 1 January).
  const dayOfYear = dates.map((d) => {
    const t = Date.parse(`${d}T00:00:00Z`);
    const start = Date.UTC(new Date(t).getUTCFullYear(), 0, 1);
    return Math.round((t - start) / 86_400_000) + 1;
  });
  const given = num('dayofyear');
  dayOfYear.forEach((d, t) => {
    if (d !== given[t])
      throw new Error(`mmm_example.csv:${t + 2}: day of year of ${dates[t]} is ${d}, not ${given[t]}`);
  });
  // PyMC-Marketing's yearly Fourier modes: columns sin_1, sin_2, cos_1, cos_2 with period 365.25 days.
  const fourier = dayOfYear.map((d) => {
    const x = (2 * Math.PI * d) / 365.25;
    return [Math.sin(x), Math.sin(2 * x), Math.cos(x), Math.cos(2 * x)];
  });
  const absMax = (v: number[]) => Math.max(...v.map(Math.abs));
  return {
    T,
    y,
    spend: x1.map((v, t) => [v, x2[t]]),
    y_max: absMax(y),
    spend_max: [absMax(x1), absMax(x2)],
    events: num('event_1').map((v, t) => [v, num('event_2')[t]]),
    t: num('t'),
    fourier,
  };
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const data = prepare(readFileSync(join(here, 'mmm_example.csv'), 'utf8'));
  writeFileSync(join(here, 'mmm_data.json'), `${JSON.stringify(data)}\n`);
  console.log(
    `wrote mmm_data.json: T = ${data.T}, y_max = ${data.y_max}, spend_max = ${data.spend_max.join(', ')}`,
  );
}
