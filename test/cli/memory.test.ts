import { afterEach, describe, expect, it, vi } from 'vitest';
import { collectSetupGarbage } from '../../src/cli/memory.ts';

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
