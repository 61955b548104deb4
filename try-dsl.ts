import { parse } from './packages/dsl/src/parse.ts';
const src = process.argv[2].replace(/\\n/g, '\n');
try { console.log(JSON.stringify(parse(src).statements, (k, v) => (k === 'pos' || k === 'opPos' ? undefined : v))); } catch (e) { console.log(String((e as Error).message)); }
