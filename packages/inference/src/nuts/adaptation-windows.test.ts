import { describe, expect, it } from 'vitest';
import { AdaptationWindows } from './adaptation-windows.js';

describe('AdaptationWindows (Stan windowed_adaptation)', () => {
  it('ends windows at 100, 150, 250, 450 and 950 for the default 1000 warm-up iterations', () => {
    // 75 fast, then slow windows of 25, 50, 100, 200 and 500 (the last stretched from 400 to the
    // end of the slow phase because a following 800 would not fit), then 50 fast.
    expect(AdaptationWindows.windowEnds(1000)).toEqual([99, 149, 249, 449, 949]);
  });

  it('collects draws only in the slow phase', () => {
    const w = new AdaptationWindows(1000);
    const inside: number[] = [];
    for (let i = 0; i < 1000; i++) {
      if (w.inWindow()) inside.push(i);
      if (w.isWindowEnd()) w.computeNextWindow();
      w.advance();
    }
    expect(inside[0]).toBe(75);
    expect(inside.at(-1)).toBe(949);
    expect(inside.length).toBe(875);
  });

  it('stretches the last window when the next one would not fit (2000 iterations)', () => {
    expect(AdaptationWindows.windowEnds(2000)).toEqual([99, 149, 249, 449, 849, 1949]);
  });

  it('shrinks the stages to 15% / 75% / 10% when they do not fit', () => {
    const w = new AdaptationWindows(100);
    expect([w.initBuffer, w.baseWindow, w.termBuffer]).toEqual([15, 75, 10]);
    expect(w.warning).toMatch(/15%\/75%\/10%/);
    expect(AdaptationWindows.windowEnds(100)).toEqual([89]);
  });

  it('adapts no metric below 20 warm-up iterations', () => {
    const w = new AdaptationWindows(19);
    expect(w.warning).toMatch(/< 20/);
    expect(AdaptationWindows.windowEnds(19)).toEqual([]);
  });
});
