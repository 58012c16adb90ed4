// Both looks at a page in one go (when the site's soft-404 probe is in already) must give what
// the two looks one after the other give, and a page is kept only while another look may come.
import { afterAll, describe, expect, it } from 'vitest';
import { bothLooks, classifyKeeping, mayLookAgain, type KeptPage } from '../../src/checker/classifier.ts';
import { createClassifyPool } from '../../src/checker/classify-pool.ts';
import { classify, type Classification } from '../../src/checker/classify.ts';
import { probeMayDecide, type ProbeSummary } from '../../src/checker/soft-404.ts';
import type { HttpOutcome } from '../../src/core/http-types.ts';
import { failed, fixture, ok } from './helpers.ts';
import { bodies, probes, TARGET, targets } from './probe-cases.ts';

const pool = createClassifyPool([], 1);
afterAll(() => pool.close());

/** What check-target.ts asks one look at a time. */
function oneAfterTheOther(outcome: HttpOutcome, probe: ProbeSummary | null): { first: Classification; verdict: Classification; second: boolean } {
  const first = classify({ url: TARGET, outcome, provider: null, probe: null });
  const second = probe !== null && mayLookAgain(first, false) && outcome.ok && !outcome.response.bodySkipped && probeMayDecide(probe, outcome.response);
  return { first, verdict: second ? classify({ url: TARGET, outcome, provider: null, probe }) : first, second };
}

const withoutProbe: [string, ProbeSummary | null] = ['no probe', null];

describe('bothLooks', () => {
  let seconds = 0;
  let kept = 0;

  it.each(bodies)('%s: the same verdicts as one look after the other, the page kept only for a third', (_, body) => {
    const pages = new Map<number, KeptPage>();
    let key = 0;
    for (const [target, outcome] of targets(body)) {
      for (const [name, probe] of [...probes, withoutProbe]) {
        const expected = oneAfterTheOther(outcome, probe);
        const looks = bothLooks({ url: TARGET, outcome, provider: null }, key, probe, pages);
        expect(looks, `${target}, probe: ${name}`).toEqual({ first: expected.first, verdict: expected.verdict });
        // Only a verdict that rests on the probe is looked at again (against the confirming probe).
        expect(pages.has(key), `${target}, probe: ${name}`).toBe(expected.second && mayLookAgain(expected.verdict, true));
        if (expected.second) seconds++;
        if (pages.has(key)) kept++;
        key++;
      }
    }
  });

  it('takes the second look somewhere here and keeps some pages for a third', () => {
    expect(seconds).toBeGreaterThan(20);
    expect(kept).toBeGreaterThan(0);
  });
});

describe('classifyKeeping', () => {
  it('keeps a generic live page for the look against the probe, and nothing else', () => {
    const pages = new Map<number, KeptPage>();
    const live = ok({ url: TARGET, body: fixture('live-tube-video.html') });
    expect(classifyKeeping({ url: TARGET, outcome: live, provider: null, probe: null }, 1, pages).state).toBe('live');
    expect(pages.get(1)?.outcome).toBe(live);
    const gone = ok({ url: TARGET, status: 404, body: fixture('soft404-en.html') });
    expect(classifyKeeping({ url: TARGET, outcome: gone, provider: null, probe: null }, 2, pages).state).toBe('removed');
    expect(pages.has(2)).toBe(false);
    expect(classifyKeeping({ url: TARGET, outcome: failed('reset'), provider: null, probe: null }, 3, pages).reason).toBe('reset');
    expect(pages.has(3)).toBe(false);
  });

  it('reads a page kept under the same key only for the answer it was read from', () => {
    const pages = new Map<number, KeptPage>();
    const live = ok({ url: TARGET, body: fixture('live-tube-video.html') });
    classifyKeeping({ url: TARGET, outcome: live, provider: null, probe: null }, 7, pages);
    const other = ok({ url: TARGET, body: fixture('soft404-en.html') });
    expect(classifyKeeping({ url: TARGET, outcome: other, provider: null, probe: null }, 7, pages)).toEqual(
      classify({ url: TARGET, outcome: other, provider: null, probe: null }),
    );
  });
});

describe('the pool, both looks at once', () => {
  it('gives what the in-thread looks give', async () => {
    let key = 50_000;
    for (const [name, body] of bodies.filter((_, i) => i % 3 === 0)) {
      for (const [, outcome] of targets(body).slice(0, 4)) {
        for (const [probeName, probe] of [...probes, withoutProbe]) {
          const expected = oneAfterTheOther(outcome, probe);
          const looks = await pool.classifyWithProbe({ url: TARGET, outcome, provider: null }, key, probe);
          expect(looks, `${name}, probe: ${probeName}`).toEqual({ first: expected.first, verdict: expected.verdict });
          pool.release(key++);
        }
      }
    }
  });

  it('holds a page for the confirming probe only when the verdict rests on the probe', async () => {
    const home = probes.find(([name]) => name === 'home page with 200')?.[1] ?? null;
    const notFound = probes.find(([name]) => name === '404 page')?.[1] ?? null;
    const page = bodies.find(([name]) => name === 'bench home')?.[1];
    const outcome = ok({ url: TARGET, body: page });
    // The target shows the site's home page, as the probe did: a soft 404 that the confirming probe must back.
    const soft = await pool.classifyWithProbe({ url: TARGET, outcome, provider: null }, 60_001, home);
    expect(soft.verdict.reason).toBe('soft-404');
    // The worker still has the page: the third look sends no body (a failure stands in for it here).
    expect(await pool.classify({ url: TARGET, outcome: failed('reset'), provider: null, probe: home }, 60_001)).toEqual(soft.verdict);
    pool.release(60_001);
    // A probe that answered 404 decides nothing: the page is let go at once, and a later look reads what it is given.
    const live = await pool.classifyWithProbe({ url: TARGET, outcome, provider: null }, 60_002, notFound);
    expect(live.verdict).toEqual(live.first);
    expect((await pool.classify({ url: TARGET, outcome: failed('reset'), provider: null, probe: null }, 60_002)).reason).toBe('reset');
    pool.release(60_002);
  });
});
