import { readFileSync } from 'node:fs';

/** Parses `<posterior>/<file>` (data.json or reference.json) from this folder. */
export function readPosteriorFile(posterior: string, file: 'data.json' | 'reference.json'): any {
  return JSON.parse(readFileSync(new URL(`./${posterior}/${file}`, import.meta.url), 'utf8'));
}
