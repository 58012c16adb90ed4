// Routing for notices: a platform URL the checker's patterns do not cover still goes to the platform.
import { describe, expect, it } from 'vitest';
import { loadBuiltinProviders } from '../../src/providers/load.ts';
import { createMatcher, createRoutingMatcher } from '../../src/providers/match.ts';

const providers = await loadBuiltinProviders();
const route = createRoutingMatcher(providers);
const check = createMatcher(providers);

describe('createRoutingMatcher', () => {
  it.each([
    ['https://www.facebook.com/photo/?fbid=123', 'facebook'],
    ['https://www.instagram.com/stories/someone/123/', 'instagram'],
    ['https://www.youtube.com/shorts/abc', 'youtube'],
    ['https://imgur.com/a/AbCdE', 'imgur'],
  ])('%s -> %s', (url, id) => {
    expect(route(url)?.id).toBe(id);
    expect(route(url)?.channels.length).toBeGreaterThan(0);
  });

  it('agrees with the checker where the checker finds a provider with channels', () => {
    const url = 'https://www.reddit.com/r/pics/comments/1abcde/x/';
    expect(route(url)).toBe(check(url));
  });

  it('finds nothing for an unknown site', () => {
    expect(route('https://forum.example/t/1')).toBeNull();
  });
});
