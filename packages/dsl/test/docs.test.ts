import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { distributionNames, opNames } from '@dopl/core';
import { compileModel, DiagnosticError, parse } from '@dopl/dsl';
import { describe, expect, it } from 'vitest';

// The language reference is executable: every ```dopl block compiles (with the data in the
// ```json block after it), fragments parse, and error examples print exactly what the page shows.

const page = readFileSync(join(dirname(fileURLToPath(import.meta.url)), '../../../docs/language.md'), 'utf8');

interface Block {
  readonly info: string;
  readonly text: string;
  readonly line: number;
}

const blocks: Block[] = [];
for (const m of page.matchAll(/^( *)```(\S*(?: \S+)?)\n([\s\S]*?)^\1```$/gm)) {
  const indent = m[1].length;
  const text = m[3]
    .split('\n')
    .map((l) => l.slice(indent))
    .join('\n');
  blocks.push({ info: m[2], text, line: page.slice(0, m.index).split('\n').length });
}

const examples = blocks.flatMap((b, i) => {
  if (!b.info.startsWith('dopl')) return [];
  const next = blocks[i + 1];
  const json = next?.info === 'json' ? next : undefined;
  const after = blocks[i + (json ? 2 : 1)];
  return [{ ...b, json, expected: after?.info === 'text' ? after.text : undefined }];
});

describe('docs/language.md', () => {
  it('has dopl examples', () => {
    expect(examples.length).toBeGreaterThan(15);
  });

  for (const ex of examples) {
    const kind = ex.info.split(' ')[1] ?? 'model';
    it(`the ${kind} at line ${ex.line} ${kind === 'error' ? 'fails as shown' : kind === 'fragment' ? 'parses' : 'compiles'}`, () => {
      const dataFile = ex.json && { file: 'data.json', text: ex.json.text };
      if (kind === 'fragment') {
        expect(parse(ex.text).statements.length).toBeGreaterThan(0);
      } else if (kind === 'error') {
        let message = '';
        try {
          compileModel(ex.text, { dataFile });
        } catch (e) {
          if (!(e instanceof DiagnosticError)) throw e;
          message = e.message;
        }
        expect(`${message}\n`).toBe(ex.expected);
      } else {
        const g = compileModel(ex.text, { dataFile });
        expect(g.nodes.length).toBeGreaterThan(0);
        // Everything declared as data is bound when the example carries data.
        if (ex.json) expect(g.nodes.every((n) => n.kind !== 'data' || n.value !== undefined)).toBe(true);
      }
    });
  }

  it('lists every distribution and every function', () => {
    for (const d of distributionNames()) expect(page).toContain(`\`${d}\``);
    for (const op of opNames().filter((o) => !o.endsWith('_lpdf')))
      expect(page, op).toMatch(new RegExp(`[\`( ]${op}[\`(, ]`));
  });
});
