// Progress bars on a terminal: one line per chain (phase, iteration, divergences, step size),
// redrawn in place at most ten times a second. Only used when stderr is a TTY.

export interface ProgressStream {
  write(text: string): unknown;
  /** Terminal width, when known. */
  readonly columns?: number;
}

export interface ChainProgress {
  readonly iteration: number;
  readonly phase: 'warmup' | 'sampling';
  readonly divergences: number;
  readonly stepSize: number;
}

interface ChainState {
  phase: 'waiting' | 'warmup' | 'sampling' | 'done';
  /** Iterations done, warm-up and sampling together. */
  done: number;
  divergences: number;
  stepSize: number;
}

const BAR_WIDTH = 24;

/** The text of one chain's line (no colour, no escape codes). */
export function progressLine(
  chain: number,
  state: Readonly<ChainState>,
  tune: number,
  draws: number,
  chains: number,
): string {
  const total = tune + draws;
  const label = `chain ${String(chain + 1).padStart(String(chains).length)}`;
  const fraction = total > 0 ? Math.min(1, state.done / total) : 1;
  const filled = Math.round(fraction * BAR_WIDTH);
  const bar = `[${'#'.repeat(filled)}${'-'.repeat(BAR_WIDTH - filled)}]`;
  const phase = state.phase.padEnd(8);
  const count = `${String(state.done).padStart(String(total).length)}/${total}`;
  const step =
    Number.isFinite(state.stepSize) && state.phase !== 'waiting' ? state.stepSize.toPrecision(3) : '-';
  return `${label}  ${phase} ${bar} ${count}  divergences ${state.divergences}  step size ${step}`;
}

export class ProgressBars {
  private readonly states: ChainState[];
  private drawn = false;
  private lastDraw = 0;
  private finished = false;

  constructor(
    private readonly stream: ProgressStream,
    private readonly chains: number,
    private readonly tune: number,
    private readonly draws: number,
    /** Minimum milliseconds between redraws. */
    private readonly interval = 100,
    private readonly now: () => number = () => performance.now(),
  ) {
    this.states = Array.from({ length: chains }, () => ({
      phase: 'waiting',
      done: 0,
      divergences: 0,
      stepSize: Number.NaN,
    }));
  }

  /** Records a chain's progress; redraws when enough time has passed or a chain has finished. */
  update(chain: number, info: ChainProgress): void {
    const s = this.states[chain];
    if (!s || this.finished) return;
    // Divergences are counted per phase; the line shows the current phase's count.
    s.phase = info.phase;
    s.done = info.phase === 'warmup' ? info.iteration + 1 : this.tune + info.iteration + 1;
    s.divergences = info.divergences;
    s.stepSize = info.stepSize;
    const finished = info.phase === 'sampling' && info.iteration + 1 >= this.draws;
    if (finished) s.phase = 'done';
    const t = this.now();
    if (finished || !this.drawn || t - this.lastDraw >= this.interval) {
      this.lastDraw = t;
      this.draw();
    }
  }

  /**
   * Draws the final state once more (with each chain's last progress when given: progress
   * reports are throttled, so the last one seen may be short of the end); later updates are ignored.
   */
  finish(last?: readonly ChainProgress[]): void {
    if (this.finished) return;
    last?.forEach((info, chain) => {
      const s = this.states[chain];
      if (!s) return;
      s.phase = info.phase === 'sampling' && info.iteration + 1 >= this.draws ? 'done' : info.phase;
      s.done = info.phase === 'warmup' ? info.iteration + 1 : this.tune + info.iteration + 1;
      s.divergences = info.divergences;
      s.stepSize = info.stepSize;
    });
    if (this.drawn || last) this.draw();
    this.finished = true;
  }

  private draw(): void {
    const width = this.stream.columns && this.stream.columns > 10 ? this.stream.columns - 1 : 200;
    let out = this.drawn ? `\x1b[${this.chains}F` : '';
    for (let c = 0; c < this.chains; c++) {
      out += `\x1b[2K${progressLine(c, this.states[c], this.tune, this.draws, this.chains).slice(0, width)}\n`;
    }
    this.stream.write(out);
    this.drawn = true;
  }
}
