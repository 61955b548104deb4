// The `.dopl` translations next to this file, compiled by the language against posteriordb's
// data.json read unchanged (undeclared extra variables in the file are ignored by the language).
import { readFileSync } from 'node:fs';
import type { Graph } from '@dopl/core';
import { compileModel } from '@dopl/dsl';

/** Path of a posterior's `.dopl` file and of its data.json. */
export function posteriorPaths(posterior: string): { model: string; data: string } {
  const at = (p: string) => new URL(p, import.meta.url).pathname;
  return { model: at(`./${posterior}.dopl`), data: at(`./${posterior}/data.json`) };
}

/** The posterior's graph, from its `.dopl` file and data.json. */
export function buildFromDopl(posterior: string): Graph {
  const { model, data } = posteriorPaths(posterior);
  return compileModel(readFileSync(model, 'utf8'), {
    file: `${posterior}.dopl`,
    dataFile: { file: `${posterior}/data.json`, text: readFileSync(data, 'utf8') },
  });
}
