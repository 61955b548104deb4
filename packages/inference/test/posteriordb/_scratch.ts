import { compile, gradientError } from '@dopl/core';
import { posteriors, readPosteriorFile } from './index.js';
for (const [name, p] of Object.entries(posteriors)) {
  try {
    const t0 = performance.now();
    const g = p.build(readPosteriorFile(name, 'data.json'));
    const c = compile(g);
    const th = Float64Array.from({ length: c.dim }, (_, i) => Math.sin(i + 1) * 0.5);
    const lp = c.logDensity(th);
    const ge = gradientError(c, th).maxRelError;
    const v = c.constrain(th);
    console.log(name, c.dim, c.layout.map((l) => `${l.name}:${l.constraint}[${l.shape}]`).join(' '), lp, ge, Object.keys(v).join(','), (performance.now() - t0).toFixed(0), 'ms');
  } catch (e) {
    console.log(name, 'ERROR', (e as Error).message);
  }
}
