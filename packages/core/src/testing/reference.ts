import { readFileSync } from 'node:fs';

/** Reads a JSON fixture that sits next to the calling test (fixtures live inside the repository). */
export function readFixture<T = unknown>(url: URL): T {
  return JSON.parse(readFileSync(url, 'utf8')) as T;
}
