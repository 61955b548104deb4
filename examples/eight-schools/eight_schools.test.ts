import { readFileSync } from 'node:fs';
import { compileModel } from '@dopl/dsl';
import { describe, expect, it } from 'vitest';

// The README shows this model file and the commands to fit it: the README's copy must be the
// file, and the file must compile against its data to the eight-schools graph.

const here = new URL('.', import.meta.url);
const model = readFileSync(new URL('eight_schools.dopl', here), 'utf8');
const data = JSON.parse(readFileSync(new URL('eight_schools.json', here), 'utf8'));

describe('the README model file', () => {
  it('is printed in the README verbatim', () => {
    const readme = readFileSync(new URL('../../README.md', here), 'utf8');
    expect(readme).toContain(`\`\`\`dopl\n${model}\`\`\``);
  });

  it('compiles with its data: mu, tau, z[8] free; theta derived; y observed', () => {
    const graph = compileModel(model, { file: 'eight_schools.dopl', data });
    const kinds = Object.fromEntries(graph.nodes.map((n) => [n.name, n.kind]));
    expect(kinds).toMatchObject({
      mu: 'random',
      tau: 'random',
      z: 'random',
      theta: 'deterministic',
      y: 'random',
    });
    expect(graph.shapeOf('z')).toEqual([8]);
  });
});
