import { describe, expect, it } from 'vitest';
import type { Graph } from '../../graph/graph.js';
import '../../index.js';
import { HalfNormal, ModelBuilder, Normal } from '../../index.js';
import { initTfjs, selectedBackend, tfjsGradientsAvailable } from './backend.js';
import { compileTfjs } from './compile.js';

function model(): Graph {
  const m = new ModelBuilder();
  const mu = m.random('mu', Normal(0, 2));
  const s = m.random('s', HalfNormal(1));
  m.data('y', { dims: [4] }, [0.1, -0.4, 1.2, 0.3]);
  m.random('y', Normal(mu, s));
  return m.build();
}

describe('tfjs backend selection', () => {
  it('asks for initTfjs() before compiling', () => {
    expect(selectedBackend()).toBeUndefined();
    expect(() => compileTfjs(model())).toThrow(/initTfjs/);
  });

  it('selects wasm (tfjs-node is not installed here), or cpu, with gradients registered', async () => {
    const name = await initTfjs();
    expect(['wasm', 'cpu']).toContain(name);
    expect(selectedBackend()).toBe(name);
    expect(await initTfjs()).toBe(name);
    expect(tfjsGradientsAvailable()).toBe(true);
  });

  it('gives the same float32 numbers on the wasm and cpu backends', async () => {
    const theta = Float64Array.of(0.3, -0.2, 0.5, 0.1);
    const at = async (backend: 'wasm' | 'cpu') => {
      await initTfjs({ backend });
      const tf = compileTfjs(model());
      const g = new Float64Array(4);
      const v = tf.logDensityAndGradientBatch(theta, 2, g);
      tf.dispose();
      return [...v, ...g];
    };
    const w = await at('wasm');
    const c = await at('cpu');
    w.forEach((x, i) => expect(Math.abs(x - c[i])).toBeLessThan(1e-5 * Math.max(1, Math.abs(x))));
    await initTfjs({ backend: 'wasm' });
    expect(selectedBackend()).toBe('wasm');
  });
});
