import { DoplError } from '../../errors.js';
import { scalarFamily } from '../distribution.js';

const improper = (name: string) => () => {
  throw new DoplError(
    `${name} is improper: it has no sampler (give the node a proper prior to sample the prior)`,
  );
};

/** The improper uniform density on the real line (log-density 0): Stan's implicit prior. */
export const Flat = scalarFamily({
  name: 'Flat',
  params: [],
  support: { kind: 'real' },
  checks: {},
  lpdf: { fwd: () => '0', grad: [() => '0'] },
  tf: (tf, [x]) => tf.zerosLike(x),
  sample: improper('Flat'),
  improper: true,
});

/** The improper uniform density on (0, ∞). */
export const HalfFlat = scalarFamily({
  name: 'HalfFlat',
  params: [],
  support: { kind: 'positive' },
  checks: {},
  lpdf: { fwd: ([x]) => `(${x} > 0 ? 0 : -Infinity)`, grad: [() => '0'] },
  tf: (tf, [x]) => tf.zerosLike(x),
  sample: improper('HalfFlat'),
  improper: true,
});
