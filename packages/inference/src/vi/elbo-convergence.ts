// ADVI's stopping rule (Stan's `stochastic_gradient_ascent`): every `evalElbo` iterations the
// ELBO is estimated and its relative change |(ELBOₚᵣₑᵥ − ELBO) / ELBO| pushed into a circular
// buffer of max(⌊0.1·maxIterations / evalElbo⌋, 2) entries; the run has converged when the mean
// or the median of the buffer falls below tolRelObj.

export interface ElboCheck {
  readonly elbo: number;
  readonly relativeChange: number;
  readonly meanChange: number;
  readonly medianChange: number;
  /** 'mean' or 'median' when that rule is satisfied (mean is reported first, as Stan does). */
  readonly converged: 'mean' | 'median' | undefined;
  /** Stan's "MAY BE DIVERGING... INSPECT ELBO" note (after 10 evaluations, a change above 0.5). */
  readonly mayBeDiverging: boolean;
}

export class ElboConvergence {
  readonly #size: number;
  readonly #buffer: number[] = [];
  #previous = 0; // Stan starts its ELBO at 0.0, so the first relative change is 1
  #best = Number.NEGATIVE_INFINITY;

  constructor(
    readonly tolRelObj: number,
    readonly maxIterations: number,
    readonly evalElbo: number,
  ) {
    // Stan's static_cast<int> truncates.
    this.#size = Math.trunc(Math.max((0.1 * maxIterations) / evalElbo, 2));
  }

  /** Capacity of the circular buffer. */
  get size(): number {
    return this.#size;
  }

  /** The largest ELBO seen so far. */
  get best(): number {
    return this.#best;
  }

  /** Records the ELBO estimated at (1-based) iteration `iteration`. */
  push(elbo: number, iteration: number): ElboCheck {
    const relativeChange = Math.abs((this.#previous - elbo) / elbo);
    this.#previous = elbo;
    if (elbo > this.#best) this.#best = elbo;
    this.#buffer.push(relativeChange);
    if (this.#buffer.length > this.#size) this.#buffer.shift();
    const meanChange = this.#buffer.reduce((s, x) => s + x, 0) / this.#buffer.length;
    const medianChange = circularMedian(this.#buffer);
    const converged =
      meanChange < this.tolRelObj ? 'mean' : medianChange < this.tolRelObj ? 'median' : undefined;
    const mayBeDiverging = iteration > 10 * this.evalElbo && (medianChange > 0.5 || meanChange > 0.5);
    return { elbo, relativeChange, meanChange, medianChange, converged, mayBeDiverging };
  }
}

/** Stan's `circ_buff_median`: the element at index ⌊n/2⌋ of the sorted values (the upper median). */
export function circularMedian(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)];
}
