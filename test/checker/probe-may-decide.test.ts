// probeMayDecide lets the checker skip judging a page a second time: whenever it says no, the
// verdict with that probe must be the verdict without one, for every page, status and probe here.
import { describe, expect, it } from 'vitest';
import { classify } from '../../src/checker/classify.ts';
import { probeMayDecide } from '../../src/checker/soft-404.ts';
import { bodies, probes, TARGET, targets } from './probe-cases.ts';

describe('probeMayDecide', () => {
  let skipped = 0;
  let changed = 0;

  it.each(bodies)('%s: a probe it rules out never changes the verdict', (_, body) => {
    for (const [, outcome] of targets(body)) {
      if (!outcome.ok) continue;
      const without = classify({ url: TARGET, outcome, provider: null, probe: null });
      for (const [, probe] of probes) {
        const withProbe = classify({ url: TARGET, outcome, provider: null, probe });
        if (!probeMayDecide(probe, outcome.response)) {
          skipped++;
          expect(withProbe).toEqual(without);
        } else if (JSON.stringify(withProbe) !== JSON.stringify(without)) {
          changed++;
        }
      }
    }
  });

  it('rules out most pairs here and leaves those where the probe decides', () => {
    expect(skipped).toBeGreaterThan(500);
    expect(changed).toBeGreaterThan(5);
  });
});
