/** Stan's default warm-up schedule: a fast initial buffer, doubling slow windows, a fast final buffer. */
export interface WindowOptions {
  /** Initial fast buffer (step size only), default 75. */
  readonly initBuffer?: number;
  /** Final fast buffer (step size only), default 50. */
  readonly termBuffer?: number;
  /** Length of the first slow window, doubled after each window, default 25. */
  readonly baseWindow?: number;
}

/**
 * When during warm-up the metric estimator collects draws and when it updates the metric
 * (Stan's `windowed_adaptation`). Iterations are counted from 0. Draws from iterations in
 * [initBuffer, numWarmup − termBuffer) are collected; a window ends at the iteration returned by
 * the schedule, and the next window is twice as long, except that a window is stretched to the
 * end of the slow phase when the window after it would not fit.
 *
 * Stan's handling of short warm-ups is kept: below 20 iterations the metric is never adapted;
 * when the three stages do not fit they are shrunk to 15% / 75% / 10% of the warm-up.
 */
export class AdaptationWindows {
  readonly numWarmup: number;
  readonly initBuffer: number;
  readonly termBuffer: number;
  readonly baseWindow: number;
  /** Set when the schedule differs from the one asked for (Stan logs the same warning). */
  readonly warning: string | undefined;
  #counter = 0;
  #windowSize: number;
  #nextWindowEnd: number;

  constructor(numWarmup: number, options: WindowOptions = {}) {
    const initBuffer = options.initBuffer ?? 75;
    const termBuffer = options.termBuffer ?? 50;
    const baseWindow = options.baseWindow ?? 25;
    if (numWarmup < 20) {
      // No metric adaptation: no iteration is inside a window and no window ever ends.
      this.numWarmup = 0;
      this.initBuffer = 0;
      this.termBuffer = 0;
      this.baseWindow = 0;
      this.warning = numWarmup > 0 ? 'no metric adaptation is performed for numWarmup < 20' : undefined;
      this.#windowSize = 0;
      this.#nextWindowEnd = Number.NaN;
      return;
    }
    if (initBuffer + baseWindow + termBuffer > numWarmup) {
      this.numWarmup = numWarmup;
      this.initBuffer = Math.trunc(0.15 * numWarmup);
      this.termBuffer = Math.trunc(0.1 * numWarmup);
      this.baseWindow = numWarmup - (this.initBuffer + this.termBuffer);
      this.warning =
        `not enough warm-up iterations for the adaptation schedule ${initBuffer}/${baseWindow}/${termBuffer}; ` +
        `using 15%/75%/10%: initBuffer = ${this.initBuffer}, window = ${this.baseWindow}, termBuffer = ${this.termBuffer}`;
    } else {
      this.numWarmup = numWarmup;
      this.initBuffer = initBuffer;
      this.termBuffer = termBuffer;
      this.baseWindow = baseWindow;
      this.warning = undefined;
    }
    // Stan's `set_window_params` omits its `restart()` in the shrunk branch, which leaves the
    // first window end unset (unsigned −1), so Stan never actually adapts the metric there. We
    // start the shrunk schedule as intended.
    this.#windowSize = this.baseWindow;
    this.#nextWindowEnd = this.initBuffer + this.#windowSize - 1;
  }

  /** Whether the current iteration's draw feeds the metric estimator. */
  inWindow(): boolean {
    const c = this.#counter;
    return c >= this.initBuffer && c < this.numWarmup - this.termBuffer && c !== this.numWarmup;
  }

  /** Whether the current iteration closes a window (the metric is then updated). */
  isWindowEnd(): boolean {
    return this.#counter === this.#nextWindowEnd && this.#counter !== this.numWarmup;
  }

  /** Schedules the window after the one ending now (call at a window end, before `advance`). */
  computeNextWindow(): void {
    const lastEnd = this.numWarmup - this.termBuffer - 1;
    if (this.#nextWindowEnd === lastEnd) return;
    this.#windowSize *= 2;
    this.#nextWindowEnd = this.#counter + this.#windowSize;
    if (this.#nextWindowEnd === lastEnd) return;
    // If the window after this one would run past the slow phase, stretch this one to its end.
    const followingBoundary = this.#nextWindowEnd + 2 * this.#windowSize;
    if (followingBoundary >= this.numWarmup - this.termBuffer) this.#nextWindowEnd = lastEnd;
  }

  /** Moves to the next warm-up iteration. */
  advance(): void {
    this.#counter++;
  }

  /** The iterations (0-based) at which windows end, for inspection and tests. */
  static windowEnds(numWarmup: number, options: WindowOptions = {}): number[] {
    const w = new AdaptationWindows(numWarmup, options);
    const ends: number[] = [];
    for (let i = 0; i < numWarmup; i++) {
      if (w.isWindowEnd()) {
        ends.push(i);
        w.computeNextWindow();
      }
      w.advance();
    }
    return ends;
  }
}
