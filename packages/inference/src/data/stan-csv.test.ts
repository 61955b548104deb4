import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { mean } from '../diagnostics/moments.js';
import { fromDraws, type InferenceData, variableDraws } from './inference-data.js';
import { stanColumnNames, toStanCsv, toStanCsvFiles } from './stan-csv.js';
import { normals, uniforms } from './test-util.js';

interface ParsedCsv {
  config: Record<string, string>;
  columns: string[];
  rows: number[][];
  adaptation: string[];
  timing: string[];
}

/** Reads Stan CSV the way rstan's parse_stancsv_comments and read.csv do. */
function parseStanCsv(text: string): ParsedCsv {
  const lines = text.split('\n');
  if (lines.at(-1) === '') lines.pop();
  const config: Record<string, string> = {};
  let columns: string[] = [];
  const rows: number[][] = [];
  const adaptation: string[] = [];
  const timing: string[] = [];
  let stage: 'config' | 'adaptation' | 'draws' | 'timing' = 'config';
  for (const line of lines) {
    if (!line.startsWith('#')) {
      if (columns.length === 0) columns = line.split(',');
      else
        rows.push(
          line
            .split(',')
            .map((s) =>
              s === 'nan' ? Number.NaN : s === 'inf' ? Infinity : s === '-inf' ? -Infinity : Number(s),
            ),
        );
      if (rows.length > 0) stage = 'draws';
      continue;
    }
    if (line.includes('Adaptation terminated')) {
      stage = 'adaptation';
      continue;
    }
    if (line.includes('Elapsed Time')) stage = 'timing';
    if (stage === 'config' && line.includes('=')) {
      const cleaned = line
        .replace(/^#+\s*/, '')
        .replace(/\s/g, '')
        .replace('(Default)', '');
      const eq = cleaned.indexOf('=');
      const key = cleaned.slice(0, eq);
      if (!(key in config)) config[key] = cleaned.slice(eq + 1);
    } else if (stage === 'adaptation') adaptation.push(line);
    else if (stage === 'timing' || stage === 'draws') timing.push(line);
  }
  return { config, columns, rows, adaptation, timing };
}

function makeFit(): InferenceData {
  const draws = 200;
  const chains = [0, 1].map((c) => {
    const u = uniforms(100 + c);
    return {
      values: {
        mu: normals(c, draws, 1.5),
        beta: normals(10 + c, 3 * draws, -2),
        L: normals(20 + c, 6 * draws),
      },
      stats: {
        lp: normals(30 + c, draws, -10),
        accept_stat: Float64Array.from({ length: draws }, () => u()),
        step_size: new Float64Array(draws).fill(0.4 + 0.1 * c),
        tree_depth: Float64Array.from({ length: draws }, () => 1 + Math.floor(3 * u())),
        n_leapfrog: Float64Array.from({ length: draws }, () => 1 + Math.floor(7 * u())),
        diverging: Float64Array.from({ length: draws }, (_, i) => (i === 5 + c ? 1 : 0)),
        energy: normals(40 + c, draws, 12),
      },
    };
  });
  return fromDraws(
    chains,
    { beta: [3], L: [2, 3] },
    {
      attrs: {
        created_at: '2024-05-06T07:08:09.123Z',
        seed: 4711,
        sampler: {
          algorithm: 'nuts',
          numWarmup: 500,
          maxTreeDepth: 10,
          targetAccept: 0.9,
          metric: 'diag_e',
          stepSize: [0.4123456789, 0.5],
          inverseMetric: [
            [1, 0.5, 0.25, 0.125, 1, 2, 3, 4, 5, 6],
            [2, 0.5, 0.25, 0.125, 1, 2, 3, 4, 5, 6],
          ],
        },
      },
    },
  );
}

describe('stanColumnNames', () => {
  it('names elements 1-based, column-major like Stan', () => {
    expect(stanColumnNames('sigma', []).names).toEqual(['sigma']);
    expect(stanColumnNames('beta', [3]).names).toEqual(['beta.1', 'beta.2', 'beta.3']);
    const L = stanColumnNames('L', [2, 2]);
    expect(L.names).toEqual(['L.1.1', 'L.2.1', 'L.1.2', 'L.2.2']);
    expect(L.flatIndex).toEqual([0, 2, 1, 3]);
    const y = stanColumnNames('y', [2, 3, 2]);
    expect(y.names.slice(0, 4)).toEqual(['y.1.1.1', 'y.2.1.1', 'y.1.2.1', 'y.2.2.1']);
    expect(y.names[6]).toBe('y.1.1.2');
    // y[1,2,1] (0-based) is row-major element 1·6 + 2·2 + 1 = 11, named y.2.3.2.
    expect(y.names[y.flatIndex.indexOf(11)]).toBe('y.2.3.2');
  });
});

describe('toStanCsv', () => {
  const idata = makeFit();
  const text = toStanCsv(idata, 1, { modelName: 'example_model', outputFile: 'example_2.csv' });
  const parsed = parseStanCsv(text);

  it('writes the CmdStan argument block', () => {
    const lines = text.split('\n');
    expect(lines.slice(0, 12)).toEqual([
      '# stan_version_major = 2',
      '# stan_version_minor = 33',
      '# stan_version_patch = 0',
      '# model = example_model',
      '# start_datetime = 2024-05-06 07:08:09 UTC',
      '# method = sample (Default)',
      '#   sample',
      '#     num_samples = 200',
      '#     num_warmup = 500',
      '#     save_warmup = 0 (Default)',
      '#     thin = 1 (Default)',
      '#     adapt',
    ]);
    expect(lines).toContain('#       engaged = 1 (Default)');
    expect(lines).toContain('#       gamma = 0.050000000000000003 (Default)');
    expect(lines).toContain('#       delta = 0.90000000000000002');
    expect(lines).toContain('#             max_depth = 10 (Default)');
    expect(lines).toContain('#         metric = diag_e (Default)');
    expect(lines).toContain('#         metric_file =  (Default)');
    expect(lines).toContain('# id = 2');
    expect(lines).toContain('#   seed = 4711');
    expect(lines).toContain('#   file = example_2.csv');
    expect(parsed.config).toMatchObject({
      model: 'example_model',
      method: 'sample',
      num_samples: '200',
      num_warmup: '500',
      save_warmup: '0',
      thin: '1',
      engaged: '1',
      algorithm: 'hmc',
      engine: 'nuts',
      metric: 'diag_e',
      id: '2',
      seed: '4711',
    });
  });

  it('writes the columns with Stan names', () => {
    expect(parsed.columns).toEqual([
      'lp__',
      'accept_stat__',
      'stepsize__',
      'treedepth__',
      'n_leapfrog__',
      'divergent__',
      'energy__',
      'mu',
      'beta.1',
      'beta.2',
      'beta.3',
      'L.1.1',
      'L.2.1',
      'L.1.2',
      'L.2.2',
      'L.1.3',
      'L.2.3',
    ]);
  });

  it('writes the adaptation result and timing as CmdStan does', () => {
    expect(parsed.adaptation).toEqual([
      '# Step size = 0.5',
      '# Diagonal elements of inverse mass matrix:',
      '# 2, 0.5, 0.25, 0.125, 1, 2, 3, 4, 5, 6',
    ]);
    expect(parsed.timing).toEqual([
      '# ',
      '#  Elapsed Time: 0 seconds (Warm-up)',
      '#                0 seconds (Sampling)',
      '#                0 seconds (Total)',
      '# ',
    ]);
    const chain0 = toStanCsv(idata, 0, { elapsed: { warmup: 0.0123, sampling: 1.5 } });
    expect(chain0).toContain('\n# Step size = 0.412346\n');
    expect(chain0).toContain(
      '\n#  Elapsed Time: 0.0123 seconds (Warm-up)\n#                1.5 seconds (Sampling)\n#                1.5123 seconds (Total)\n',
    );
  });

  it('writes every draw exactly, elements in Stan order', () => {
    expect(parsed.rows).toHaveLength(200);
    const col = (name: string) => parsed.rows.map((r) => r[parsed.columns.indexOf(name)]);
    expect(col('mu')).toEqual(Array.from(variableDraws(idata, 'posterior', 'mu')[1]));
    // L.2.1 is L[1,0]: row-major flat index 1·3 + 0 = 3.
    expect(col('L.2.1')).toEqual(Array.from(variableDraws(idata, 'posterior', 'L', 3)[1]));
    expect(col('L.1.3')).toEqual(Array.from(variableDraws(idata, 'posterior', 'L', 2)[1]));
    expect(col('beta.3')).toEqual(Array.from(variableDraws(idata, 'posterior', 'beta', 2)[1]));
    expect(col('lp__')).toEqual(Array.from(variableDraws(idata, 'sample_stats', 'lp')[1]));
    expect(col('divergent__').reduce((a, b) => a + b, 0)).toBe(1);
    expect(col('stepsize__').every((s) => s === 0.5)).toBe(true);
  });

  it('writes a dense metric row by row', () => {
    const dense = toStanCsv(idata, 0, {
      metric: 'dense_e',
      stepSize: 0.25,
      inverseMetric: [
        [2, 0.1],
        [0.1, 1 / 3],
      ],
    });
    expect(dense).toContain('#         metric = dense_e\n');
    expect(dense).toContain(
      '\n# Adaptation terminated\n# Step size = 0.25\n# Elements of inverse mass matrix:\n# 2, 0.1\n# 0.1, 0.333333\n',
    );
  });

  it('refuses inconsistent settings', () => {
    expect(() => toStanCsv(idata, 2)).toThrow(/out of range/);
    expect(() => toStanCsv(idata, 0, { numSamples: 1000 })).toThrow(/200 draws/);
    expect(() => toStanCsv(idata, 0, { metric: 'dense_e', inverseMetric: [1, 2] })).toThrow(/matrix/);
  });
});

const hasRstan =
  spawnSync('Rscript', ['-e', 'suppressMessages(library(rstan))'], { stdio: 'ignore' }).status === 0;
if (!hasRstan)
  console.log('stan-csv: R with rstan is not installed; skipping the rstan::read_stan_csv check');

describe.skipIf(!hasRstan)('rstan::read_stan_csv', () => {
  it('reads the files with the same draws, names, dimensions and sampler parameters', () => {
    const idata = makeFit();
    const dir = mkdtempSync(join(tmpdir(), 'dopl-stan-csv-'));
    try {
      const files = toStanCsvFiles(idata, { modelName: 'example_model' }).map((text, c) => {
        const file = join(dir, `example_${c + 1}.csv`);
        writeFileSync(file, text);
        return file;
      });
      const script = `
        suppressMessages(library(rstan))
        fit <- read_stan_csv(c(${files.map((f) => JSON.stringify(f)).join(', ')}))
        m <- as.array(fit)
        for (p in dimnames(m)[[3]]) cat("mean", p, sprintf("%.17g", mean(m[, , p])), "\\n")
        cat("dims_L", fit@par_dims$L, "\\n")
        cat("L21_chain2_draw1", sprintf("%.17g", m[1, 2, "L[2,1]"]), "\\n")
        sp <- get_sampler_params(fit, inc_warmup = FALSE)
        cat("divergent", sum(sapply(sp, function(x) sum(x[, "divergent__"]))), "\\n")
        cat("stepsize", sapply(get_adaptation_info(fit), function(a) sub(".*Step size = ([0-9.]+).*", "\\\\1", a)), "\\n")
      `;
      const r = spawnSync('Rscript', ['-e', script], { encoding: 'utf8' });
      expect(r.stderr).not.toMatch(/Error/);
      expect(r.status).toBe(0);
      const out = new Map<string, string[]>();
      for (const line of r.stdout.trim().split('\n')) {
        const [key, ...rest] = line.trim().split(/\s+/);
        out.set(key === 'mean' ? `mean ${rest.shift()}` : key, rest);
      }
      const pooledMean = (group: 'posterior' | 'sample_stats', name: string, k = 0) => {
        const chains = variableDraws(idata, group, name, k);
        return mean(Float64Array.from([...chains[0], ...chains[1]]));
      };
      const expected: [string, number][] = [
        ['mu', pooledMean('posterior', 'mu')],
        ['beta[1]', pooledMean('posterior', 'beta', 0)],
        ['beta[3]', pooledMean('posterior', 'beta', 2)],
        ['L[2,1]', pooledMean('posterior', 'L', 3)],
        ['L[1,3]', pooledMean('posterior', 'L', 2)],
        ['L[2,3]', pooledMean('posterior', 'L', 5)],
        ['lp__', pooledMean('sample_stats', 'lp')],
      ];
      for (const [name, value] of expected) {
        const got = Number(out.get(`mean ${name}`)?.[0]);
        expect(Math.abs(got - value)).toBeLessThan(1e-13 * Math.max(1, Math.abs(value)));
      }
      expect(out.get('dims_L')).toEqual(['2', '3']);
      expect(Number(out.get('L21_chain2_draw1')?.[0])).toBe(variableDraws(idata, 'posterior', 'L', 3)[1][0]);
      expect(out.get('divergent')).toEqual(['2']);
      expect(out.get('stepsize')).toEqual(['0.412346', '0.5']);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
