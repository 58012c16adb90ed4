// Request headers sent and response headers normalised.
import { describe, expect, it } from 'vitest';
import { isMediaType, normalizeHeaders, requestHeaders } from '../../src/http/headers.ts';

describe('requestHeaders', () => {
  it('sends a browser-like set with the configured User-Agent', () => {
    expect(requestHeaders('takedown/1', undefined, true)).toEqual({
      'user-agent': 'takedown/1',
      accept: 'text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8',
      'accept-language': 'en-US,en;q=0.9',
      'accept-encoding': 'gzip, deflate, br',
    });
  });

  it.each([
    [true, { 'Accept-Language': 'de', Cookie: 'a=1', Authorization: 'Bearer x' }, { 'accept-language': 'de', cookie: 'a=1', authorization: 'Bearer x' }],
    [false, { 'Accept-Language': 'de', Cookie: 'a=1', Authorization: 'Bearer x' }, { 'accept-language': 'de' }],
  ])('same origin %s: extra headers override, credentials stay on their origin', (sameOrigin, extra, expected) => {
    const headers = requestHeaders('ua', extra, sameOrigin);
    expect(headers).toMatchObject(expected);
    if (!sameOrigin) expect(headers).not.toHaveProperty('cookie');
  });
});

describe('normalizeHeaders', () => {
  it('lower-cases names and joins repeats, set-cookie with newlines', () => {
    expect(
      normalizeHeaders({ 'Content-Type': 'text/html', 'set-cookie': ['a=1', 'b=2'], Vary: ['Accept', 'Cookie'], skipped: undefined }),
    ).toEqual({ 'content-type': 'text/html', 'set-cookie': 'a=1\nb=2', vary: 'Accept, Cookie' });
  });
});

describe('isMediaType', () => {
  it.each([
    ['image/jpeg', true],
    ['Video/MP4; codecs=avc1', true],
    ['audio/mpeg', true],
    ['text/html', false],
    ['application/octet-stream', false],
    [undefined, false],
  ])('%s -> %s', (type, expected) => {
    expect(isMediaType(type)).toBe(expected);
  });
});
