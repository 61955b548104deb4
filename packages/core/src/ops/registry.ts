import { DoplError } from '../errors.js';
import { broadcastShapes } from '../tensor/index.js';
import { emitKernel, emitKernelVjp } from './kernel.js';
import type { ElementwiseSpec, OpDef } from './op.js';

const registry = new Map<string, OpDef>();

export function defineOp(def: OpDef): OpDef {
  if (registry.has(def.name)) throw new Error(`op ${def.name} defined twice`);
  registry.set(def.name, def);
  return def;
}

export function getOp(name: string): OpDef {
  const op = registry.get(name);
  if (op === undefined) throw new DoplError(`unknown operation '${name}'`);
  return op;
}

export const hasOp = (name: string): boolean => registry.has(name);
export const opNames = (): string[] => [...registry.keys()];

/**
 * An elementwise op with broadcasting, from scalar templates: forward and vector-Jacobian product
 * are both derived from the spec, so they can never disagree about indexing.
 */
export function elementwise(
  name: string,
  arity: number,
  spec: ElementwiseSpec,
  // biome-ignore lint/suspicious/noExplicitAny: tfjs is loaded dynamically
  tf?: (tf: any, args: readonly any[]) => any,
  nondiff?: readonly number[],
): OpDef {
  return defineOp({
    name,
    arity,
    elementwise: spec,
    nondiff,
    shape: (args) => broadcastShapes(...args),
    emit: (e, out, args) => emitKernel(e, out.shape, { spec, args: args.map((leaf) => ({ leaf })) }, { out }),
    vjp: (e, { g, out, args, gArgs }) =>
      emitKernelVjp(
        e,
        out.shape,
        {
          spec,
          nondiff,
          args: args.map((leaf, k) => ({ leaf, adjoint: spec.grad[k] ? gArgs[k] : undefined })),
        },
        { out: g },
        out,
      ),
    tf: tf === undefined ? undefined : (t, args) => tf(t, args),
  });
}
