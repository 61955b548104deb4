import { type CompiledModel, compile, DoplError, Graph, type Tensor } from '@dopl/core';

/** What the fitting functions accept: a model graph (compiled here) or a compiled model. */
export type ModelInput = Graph | CompiledModel;

/** Natural-scale initial values of latent nodes, or one unconstrained vector. */
export type InitValues = Readonly<Record<string, Tensor | number | number[]>> | ArrayLike<number>;

export interface ResolvedModel {
  readonly graph: Graph;
  readonly model: CompiledModel;
  readonly compileSeconds: number;
}

export function resolveModel(input: ModelInput, what: string): ResolvedModel {
  const t0 = performance.now();
  const model = input instanceof Graph ? compile(input) : input;
  const compileSeconds = input instanceof Graph ? (performance.now() - t0) / 1000 : 0;
  if (model.dim === 0) {
    throw new DoplError(
      `the model has no latent parameters for ${what}; use forward sampling (prior) instead`,
    );
  }
  return { graph: model.graph, model, compileSeconds };
}

function isVector(init: InitValues): init is ArrayLike<number> {
  return Array.isArray(init) || ArrayBuffer.isView(init);
}

/** The unconstrained initial vector of `init`, or undefined for a random init. */
export function unconstrainedInit(
  model: CompiledModel,
  init: InitValues | undefined,
): Float64Array | undefined {
  if (init === undefined) return undefined;
  if (isVector(init)) {
    if (init.length !== model.dim) {
      throw new DoplError(
        `init: expected an unconstrained vector of length ${model.dim}, got ${init.length}`,
      );
    }
    return Float64Array.from(init);
  }
  return model.unconstrain(init as Record<string, Tensor | number | number[]>);
}

/** A seed when none is given (recorded in the InferenceData, so the fit can be repeated). */
export function seedOrRandom(seed: number | undefined): number {
  return seed ?? Math.floor(Math.random() * 2 ** 31);
}
