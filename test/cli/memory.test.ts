import { afterEach, describe, expect, it, vi } from 'vitest';
import { collectSetupGarbage, startMemoryGovernor } from '../../src/cli/memory.ts';

describe('collectSetupGarbage', () => {
  const global = globalThis as { gc?: () => void };
  const original = global.gc;
  afterEach(() => {
    global.gc = original;
  });

  it('collects once for a big run, not for a small one', () => {
    const gc = vi.fn();
    global.gc = gc;
    collectSetupGarbage(200);
    expect(gc).not.toHaveBeenCalled();
    collectSetupGarbage(50_000);
    expect(gc).toHaveBeenCalledTimes(1);
  });

  it('does nothing when Node runs without --expose-gc', () => {
    delete global.gc;
    expect(() => collectSetupGarbage(50_000)).not.toThrow();
  });
});

describe('startMemoryGovernor', () => {
  const MB = 1024 * 1024;

  // `reads` are the resident sizes in MB, in the order the governor reads them: one at start, one
  // per tick, and one more right after each collection.
  function governed(reads: number[], urls = 50_000) {
    const gc = vi.fn();
    let next = 0;
    let clock = 0;
    const governor = startMemoryGovernor(urls, {
      gc,
      rss: () => (reads[Math.min(next++, reads.length - 1)] ?? 0) * MB,
      now: () => clock,
      stepBytes: 24 * MB,
      intervalMs: 60_000,
    });
    const tick = (advanceMs = 1000): void => {
      clock += advanceMs;
      governor.tick();
    };
    return { gc, governor, tick };
  }

  it('collects when the resident size has grown by a step above its lowest level', () => {
    const { gc, governor, tick } = governed([150, 140, 150, 160, 170, 150, 160]);
    tick(); // 140: the low
    tick(); // 150
    tick(); // 160
    expect(gc).not.toHaveBeenCalled();
    tick(); // 170, 30 above the low: collects, and 150 after it is the new low
    expect(gc).toHaveBeenCalledTimes(1);
    tick(); // 160: 10 above
    expect(governor.collections()).toBe(1);
    governor.stop();
  });

  it('takes what a collection could not free as the new working size', () => {
    const { gc, governor, tick } = governed([150, 180, 180, 190, 210, 205]);
    tick(); // 180: collects; still 180 after it
    expect(gc).toHaveBeenCalledTimes(1);
    tick(); // 190: 10 above 180
    expect(gc).toHaveBeenCalledTimes(1);
    tick(); // 210: 30 above 180
    expect(gc).toHaveBeenCalledTimes(2);
    governor.stop();
  });

  it('waits at least the least gap between two collections', () => {
    const { gc, governor, tick } = governed([100, 130, 100, 130, 130, 100]);
    tick(); // 130: collects, 100 after it
    tick(10); // 130 again only 10 ms later: waits
    expect(gc).toHaveBeenCalledTimes(1);
    tick(1000); // 130 a second later: collects
    expect(gc).toHaveBeenCalledTimes(2);
    governor.stop();
  });

  it('does nothing for a small run or without --expose-gc', () => {
    const small = governed([100, 200, 300], 200);
    small.tick();
    small.tick();
    expect(small.gc).not.toHaveBeenCalled();
    const global = globalThis as { gc?: () => void };
    const original = global.gc;
    delete global.gc;
    try {
      const governor = startMemoryGovernor(50_000, { rss: () => 0 });
      expect(() => governor.tick()).not.toThrow();
      governor.stop();
    } finally {
      global.gc = original;
    }
  });
});
