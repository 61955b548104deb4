import { describe, expect, it } from 'vitest';
import { ProgressBars } from './progress.js';

class FakeTerminal {
  chunks: string[] = [];
  columns = 100;
  write(text: string) {
    this.chunks.push(text);
  }
}

describe('ProgressBars', () => {
  it('draws one line per chain and redraws them in place, throttled', () => {
    const term = new FakeTerminal();
    let now = 0;
    const bars = new ProgressBars(term, 2, 100, 100, 100, () => now);
    bars.update(0, { iteration: 0, phase: 'warmup', divergences: 0, stepSize: 1 });
    expect(term.chunks).toHaveLength(1);
    const first = term.chunks[0].split('\n');
    expect(first).toHaveLength(3);
    expect(first[0]).toContain('chain 1  warmup ');
    expect(first[0]).toContain('  1/200');
    expect(first[1]).toContain('chain 2  waiting');

    now = 50;
    bars.update(1, { iteration: 10, phase: 'warmup', divergences: 2, stepSize: 0.25 });
    expect(term.chunks).toHaveLength(1); // throttled
    now = 150;
    bars.update(0, { iteration: 49, phase: 'sampling', divergences: 1, stepSize: 0.5 });
    expect(term.chunks).toHaveLength(2);
    const second = term.chunks[1];
    expect(second.startsWith('\x1b[2F')).toBe(true); // back up two lines
    expect(second).toContain('chain 1  sampling');
    expect(second).toContain('150/200  divergences 1  step size 0.500');
    expect(second).toContain('chain 2  warmup');
    expect(second).toContain(' 11/200  divergences 2  step size 0.250');

    bars.finish([
      { iteration: 99, phase: 'sampling', divergences: 0, stepSize: 0.5 },
      { iteration: 99, phase: 'sampling', divergences: 3, stepSize: 0.4 },
    ]);
    const last = term.chunks.at(-1)!;
    expect(last.match(/done {5}\[#{24}\] 200\/200/g)).toHaveLength(2);
    const count = term.chunks.length;
    bars.update(0, { iteration: 0, phase: 'warmup', divergences: 0, stepSize: 1 });
    expect(term.chunks).toHaveLength(count);
  });

  it('keeps lines within the terminal width', () => {
    const term = new FakeTerminal();
    term.columns = 30;
    const bars = new ProgressBars(term, 1, 10, 10);
    bars.update(0, { iteration: 0, phase: 'warmup', divergences: 0, stepSize: 1 });
    for (const line of term.chunks[0].split('\n'))
      expect(line.replace('\x1b[2K', '').length).toBeLessThan(30);
  });
});
