// The worker-thread pool gives exactly the verdicts of the in-thread classifier.
import { afterAll, describe, expect, it } from 'vitest';
import { classifyWorkerCount, createClassifyPool } from '../../src/checker/classify-pool.ts';
import { inThreadClassifier } from '../../src/checker/classifier.ts';
import { loadBuiltinProviders } from '../../src/providers/load.ts';
import { exampleOutcome } from '../../src/providers/examples.ts';
import { createMatcher } from '../../src/providers/match.ts';
import { failed, fixture, response } from './helpers.ts';

const providers = await loadBuiltinProviders();
const pool = createClassifyPool(providers, 2);
const local = inThreadClassifier();
afterAll(() => pool.close());

describe('classification pool', () => {
  it('agrees with the in-thread classifier on every provider example', async () => {
    const match = createMatcher(providers);
    let key = 0;
    for (const provider of providers) {
      for (const example of provider.examples) {
        const input = { url: example.url, outcome: exampleOutcome(example), provider: match(example.url), probe: null };
        expect(await pool.classify(input, key++), `${provider.id}: ${example.name}`).toEqual(await local.classify(input, 0));
      }
    }
  });

  it('reuses a kept body for the second look and answers failures and probes', async () => {
    const outcome = { ok: true as const, response: response({ body: fixture('live-news-takedowns.html') }) };
    const input = { url: outcome.response.url, outcome, provider: null, probe: null };
    const first = await pool.classify(input, 9001);
    const second = await pool.classify({ ...input, outcome: failed('reset') }, 9001);
    expect(second).toEqual(first);
    pool.release(9001);
    const probe = await pool.summariseProbe(outcome);
    expect(probe).toEqual(await local.summariseProbe(outcome));
    expect((await pool.classify({ ...input, outcome: failed('dns') }, 9002)).reason).toBe('dns');
  });

  it('keeps the bodies it holds for a second look through a garbage collection', async () => {
    const outcome = { ok: true as const, response: response({ body: fixture('live-tube-video.html') }) };
    const input = { url: outcome.response.url, outcome, provider: null, probe: null };
    const first = await pool.classify(input, 9101);
    pool.collectGarbage();
    // The second look sends no body: the worker must still have the page.
    expect(await pool.classify({ ...input, outcome: failed('reset') }, 9101)).toEqual(first);
    pool.release(9101);
  });
});

describe('classification pool under load', () => {
  it('answers many requests at once like the in-thread classifier and leaves every body with its caller', async () => {
    const names = ['live-tube-video.html', 'soft404-en.html', 'tube-removed-full.html', 'login-wall.html', 'cloudflare-challenge.html', 'live-forum-thread.html'];
    const inputs = Array.from({ length: 60 }, (_, i) => {
      const body = fixture(names[i % names.length] ?? '');
      const outcome = { ok: true as const, response: response({ body, status: i % 7 === 0 ? 404 : 200 }) };
      return { url: outcome.response.url, outcome, provider: null, probe: null };
    });
    const lengths = inputs.map((input) => input.outcome.response.body.byteLength);
    const verdicts = await Promise.all(inputs.map((input, i) => pool.classify(input, 20_000 + i)));
    for (const [i, input] of inputs.entries()) {
      expect(verdicts[i]).toEqual(await local.classify(input, 0));
      expect(input.outcome.response.body.byteLength).toBe(lengths[i]);
      pool.release(20_000 + i);
    }
    const probes = await Promise.all(inputs.slice(0, 12).map((input) => pool.summariseProbe(input.outcome)));
    for (const [i, probe] of probes.entries()) expect(probe).toEqual(await local.summariseProbe(inputs[i]?.outcome ?? failed('reset')));
  });
});

describe('classifyWorkerCount', () => {
  it('leaves one core to the main thread, and starts at least one worker', () => {
    expect(classifyWorkerCount(1)).toBe(1);
    expect(classifyWorkerCount(2)).toBe(1);
    expect(classifyWorkerCount(8)).toBe(7);
  });
});
