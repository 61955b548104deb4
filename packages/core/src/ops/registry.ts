import { DoplError } from '../errors.js';
import { broadcastShapes } from '../tensor/index.js';
import { emitBroadcastLoop } from './broadcast.js';
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
    emit: (e, out, args) =>
      emitBroadcastLoop(e, out.shape, [out, ...args], (ix) => {
        const a = args.map((b, k) => e.at(b, ix[k + 1]));
        e.line(`${e.at(out, ix[0])} = ${spec.fwd(a)};`);
      }),
    vjp: (e, { g, out, args, gArgs }) => {
      const ks = gArgs.map((ga, k) => (ga !== undefined && spec.grad[k] ? k : -1)).filter((k) => k >= 0);
      if (ks.length === 0) return;
      emitBroadcastLoop(e, out.shape, [g, out, ...args], (ix) => {
        const gv = e.at(g, ix[0]);
        const y = e.at(out, ix[1]);
        const a = args.map((b, k) => e.at(b, ix[k + 2]));
        for (const k of ks) {
          const grad = spec.grad[k]!;
          e.line(`${e.at(gArgs[k]!, ix[k + 2])} += ${grad(gv, y, a)};`);
        }
      });
    },
    tf: tf === undefined ? undefined : (t, args) => tf(t, args),
  });
}
