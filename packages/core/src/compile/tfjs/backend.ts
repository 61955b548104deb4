import { DoplError } from '../../errors.js';

/**
 * Loading and selecting TensorFlow.js for the tfjs compile backend (DESIGN §5). tfjs is loaded
 * dynamically, once: `@tensorflow/tfjs-node` if it is installed (native TensorFlow), else the
 * WebAssembly backend, else the plain JavaScript cpu backend. All arithmetic is float32, tfjs's
 * default (float64 is not available in tfjs).
 */

export type TfjsBackendName = 'tensorflow' | 'wasm' | 'cpu';

export type Tf = any;

export interface TfjsInitOptions {
  /** Force one backend (mostly for tests); by default the fastest available one is chosen. */
  readonly backend?: TfjsBackendName;
}

let tfModule: Tf | undefined;
let selected: TfjsBackendName | undefined;
let pending: Promise<TfjsBackendName> | undefined;
let gradientsAvailable = false;

// A specifier in a variable keeps bundlers and the type checker from resolving optional packages.
const optionalImport = (name: string): Promise<unknown> => import(/* @vite-ignore */ name);

async function tryImport(name: string): Promise<boolean> {
  try {
    await optionalImport(name);
    return true;
  } catch {
    return false;
  }
}

/**
 * tfjs-core registers no gradients by itself. Under a bundler (vite, vitest, webpack, esbuild)
 * its `register_all_gradients` module loads; in plain Node that module cannot be imported (its
 * ESM files use extensionless imports), but the `@tensorflow/tfjs` bundle (and so tfjs-node)
 * registers them. Whichever works first wins.
 */
async function registerGradients(tf: Tf): Promise<boolean> {
  if (tf.getGradient('Sum')) return true;
  await tryImport('@tensorflow/tfjs-core/dist/register_all_gradients');
  if (tf.getGradient('Sum')) return true;
  await tryImport('@tensorflow/tfjs');
  return Boolean(tf.getGradient('Sum'));
}

/**
 * Comparisons and logic have no gradient in tfjs, so tf.grad fails on a log-density that masks
 * out-of-support values with `tf.where(tf.greater(x, 0), lp, -Infinity)` when x depends on the
 * parameters. Their derivative is zero wherever it exists; registered as such (only where tfjs
 * registers none).
 */
const NOT_DIFFERENTIABLE = [
  'Greater',
  'GreaterEqual',
  'Less',
  'LessEqual',
  'Equal',
  'NotEqual',
  'LogicalAnd',
  'LogicalOr',
  'LogicalNot',
  'LogicalXor',
  'IsFinite',
  'IsInf',
  'IsNan',
];

function registerZeroGradients(tf: Tf): void {
  for (const kernelName of NOT_DIFFERENTIABLE) {
    if (tf.getGradient(kernelName)) continue;
    tf.registerGradient({
      kernelName,
      inputsToSave: kernelName === 'LogicalNot' || kernelName.startsWith('Is') ? ['x'] : ['a', 'b'],
      gradFunc: (_dy: Tf, saved: Tf[]) => {
        const zeros = (t: Tf) => () => tf.zeros(t.shape, 'float32');
        return saved.length === 1 ? { x: zeros(saved[0]) } : { a: zeros(saved[0]), b: zeros(saved[1]) };
      },
    });
  }
}

/**
 * tfjs's gradients of Maximum, Minimum and SquaredDifference do not sum over broadcast axes (the
 * gradient of a broadcast argument comes back in the result's shape, and tf.grad throws). These
 * replacements reduce like Add's and Mul's do.
 */
function registerBroadcastingGradients(tf: Tf): void {
  const reduceTo = (g: Tf, shape: number[], outShape: number[]) => {
    const axes = tf.broadcast_util.getReductionAxes(shape, outShape);
    return tf.reshape(axes.length > 0 ? tf.sum(g, axes) : g, shape);
  };
  const binary = (kernelName: string, da: (a: Tf, b: Tf, dy: Tf) => Tf, db: (a: Tf, b: Tf, dy: Tf) => Tf) =>
    tf.registerGradient({
      kernelName,
      inputsToSave: ['a', 'b'],
      gradFunc: (dy: Tf, saved: Tf[]) => {
        const [a, b] = saved;
        return {
          a: () => reduceTo(da(a, b, dy), a.shape, dy.shape),
          b: () => reduceTo(db(a, b, dy), b.shape, dy.shape),
        };
      },
    });
  const mask = (c: Tf, dy: Tf) => tf.mul(dy, tf.cast(c, 'float32'));
  // Ties send the whole adjoint to the first argument, as the js backend does.
  binary(
    'Maximum',
    (a, b, dy) => mask(tf.greaterEqual(a, b), dy),
    (a, b, dy) => mask(tf.less(a, b), dy),
  );
  binary(
    'Minimum',
    (a, b, dy) => mask(tf.lessEqual(a, b), dy),
    (a, b, dy) => mask(tf.greater(a, b), dy),
  );
  binary(
    'SquaredDifference',
    (a, b, dy) => tf.mul(dy, tf.mul(2, tf.sub(a, b))),
    (a, b, dy) => tf.mul(dy, tf.mul(-2, tf.sub(a, b))),
  );
}

async function setBackend(tf: Tf, name: TfjsBackendName): Promise<boolean> {
  try {
    return (await tf.setBackend(name)) === true && tf.getBackend() === name;
  } catch {
    return false;
  }
}

/** In Node the wasm binaries ship in the package's dist folder; point the loader there. */
async function setWasmPathsFromPackage(wasm: { setWasmPaths?: (prefix: string) => void }): Promise<void> {
  if (typeof process === 'undefined' || !process.versions?.node || !wasm.setWasmPaths) return;
  try {
    const { createRequire } = (await optionalImport('node:module')) as typeof import('node:module');
    const { dirname } = (await optionalImport('node:path')) as typeof import('node:path');
    const require = createRequire(import.meta.url);
    const main = require.resolve('@tensorflow/tfjs-backend-wasm');
    wasm.setWasmPaths(`${dirname(main)}/`);
  } catch {
    // Leave the loader's own default.
  }
}

async function load(options: TfjsInitOptions): Promise<TfjsBackendName> {
  const want = options.backend;
  // tfjs-node brings its own tfjs (and gradients); it must load before tfjs-core picks a backend.
  const haveNode =
    want === undefined || want === 'tensorflow' ? await tryImport('@tensorflow/tfjs-node') : false;
  const tf: Tf = await import('@tensorflow/tfjs-core');
  await import('@tensorflow/tfjs-backend-cpu');
  gradientsAvailable = await registerGradients(tf);
  if (gradientsAvailable) {
    registerZeroGradients(tf);
    registerBroadcastingGradients(tf);
  }
  // Silences tfjs's console advice ("install tfjs-node") and skips debug-only checks.
  tf.env().set('PROD', true);
  tfModule = tf;

  if (haveNode && (await setBackend(tf, 'tensorflow'))) return 'tensorflow';
  if (want === 'tensorflow') throw new DoplError('the tfjs backend "tensorflow" needs @tensorflow/tfjs-node');
  if (want === undefined || want === 'wasm') {
    try {
      const wasm = (await import('@tensorflow/tfjs-backend-wasm')) as { setWasmPaths?: (p: string) => void };
      if (await setBackend(tf, 'wasm')) return 'wasm';
      await setWasmPathsFromPackage(wasm);
      if (await setBackend(tf, 'wasm')) return 'wasm';
    } catch {
      // fall through to cpu
    }
    if (want === 'wasm') throw new DoplError('the tfjs wasm backend could not be initialised');
  }
  if (await setBackend(tf, 'cpu')) return 'cpu';
  throw new DoplError('no TensorFlow.js backend could be initialised');
}

/**
 * Loads tfjs and selects its backend (once; later calls return the same choice unless a
 * different backend is forced). Must be awaited before compiling with `{ backend: 'tfjs' }`.
 */
export async function initTfjs(options: TfjsInitOptions = {}): Promise<TfjsBackendName> {
  if (pending && (options.backend === undefined || options.backend === selected)) return pending;
  if (tfModule && options.backend && options.backend !== 'tensorflow') {
    // Switching between already-registered backends.
    if (!(await setBackend(tfModule, options.backend)))
      throw new DoplError(`the tfjs ${options.backend} backend could not be initialised`);
    selected = options.backend;
    pending = Promise.resolve(selected);
    return selected;
  }
  pending = load(options).then((name) => {
    selected = name;
    return name;
  });
  pending.catch(() => {
    pending = undefined;
  });
  return pending;
}

/** The backend tfjs computes on, once `initTfjs()` has resolved; undefined before. */
export function selectedBackend(): TfjsBackendName | undefined {
  return selected;
}

/** The loaded tfjs module; throws a clear error if `initTfjs()` has not completed. */
export function loadedTf(): Tf {
  if (!tfModule || !selected) {
    throw new DoplError(
      "the tfjs backend is not initialised: `await initTfjs()` before compile(graph, { backend: 'tfjs' })",
    );
  }
  return tfModule;
}

/** Whether tf.grad works (gradients registered); see registerGradients. */
export function tfjsGradientsAvailable(): boolean {
  return gradientsAvailable;
}
