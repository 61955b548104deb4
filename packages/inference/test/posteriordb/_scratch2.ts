import { compile, gradientError } from '@dopl/core';
import { posteriors, readPosteriorFile } from './index.js';
for (const name of ['diamonds-diamonds', 'earnings-logearn_interaction_z']) {
const g = posteriors[name].build(readPosteriorFile(name, 'data.json'));
const c = compile(g);
const th = Float64Array.from({ length: c.dim }, (_, i) => Math.sin(i + 1) * 0.5);
for (const h of [1e-6, 1e-5, 1e-4, 1e-3]) {
const r = gradientError(c, th, h);
let worst = 0; let wi = 0;
r.grad.forEach((g, i) => { const e = Math.abs(g - r.fd[i]) / Math.max(1, Math.abs(g)); if (e > worst) { worst = e; wi = i; } });
console.log(name, h, r.maxRelError, wi, r.grad[wi], r.fd[wi]);
}
}
