// The flagship story for now: write a causal model with the TypeScript builder, sample its prior,
// intervene with do(), and see what changed — and what did not.
import * as dopl from '@dopl/core';
import { ModelBuilder, Normal, sampleForward } from '@dopl/core';

// A marketing toy: seasonality drives both ad spend and sales (a confounder).
const m = new ModelBuilder();
const season = m.random('season', Normal(0, 1));
const spend = m.random('spend', Normal(season.mul(0.8).add(2), 0.5));
m.random('sales', Normal(spend.mul(1.5).add(season.mul(2)).add(10), 1));
const model = m.build();

console.log('The model:\n');
console.log(model.toString());

const mean = (x: Float64Array) => x.reduce((a, b) => a + b, 0) / x.length;
const sd = (x: Float64Array) => {
  const mu = mean(x);
  return Math.sqrt(x.reduce((a, b) => a + (b - mu) ** 2, 0) / (x.length - 1));
};
const show = (label: string, draws: Record<string, { data: Float64Array }>) => {
  const row = ['season', 'spend', 'sales'].map(
    (n) => `${n} ${mean(draws[n].data).toFixed(3)} ± ${sd(draws[n].data).toFixed(3)}`,
  );
  console.log(`${label.padEnd(28)} ${row.join('   ')}`);
};

const prior = sampleForward(model, { draws: 20000, seed: 42 });
show('prior', prior);

// do(spend = 4): cut spend off from season. Sales move by 1.5 per unit of spend; season does not move.
const intervened = dopl.do(model, { spend: 4 });
show('do(spend = 4)', sampleForward(intervened, { draws: 20000, seed: 42 }));

// A shift intervention keeps spend's dependence on season: spend 10% more than it would have been.
const shifted = dopl.do(model, { spend: (natural) => natural.mul(1.1) });
show('do(spend = 1.1 × natural)', sampleForward(shifted, { draws: 20000, seed: 42 }));

console.log('\nUnder do(spend = 4) the expected sales are 10 + 1.5·4 + 2·E[season] = 16 exactly;');
console.log('season keeps its prior N(0, 1): intervening on a child never moves a parent.');
