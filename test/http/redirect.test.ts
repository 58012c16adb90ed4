// nextRedirect: follow, stop or fail, from one response.
import { describe, expect, it } from 'vitest';
import { nextRedirect } from '../../src/http/redirect.ts';

const FROM = 'https://site.example/a/b?x=1';

function step(status: number, location: string | undefined, followed = 0, seen: string[] = [FROM]) {
  return nextRedirect({ url: FROM, status, location, seen: new Set(seen), followed, maxRedirects: 3 });
}

describe('nextRedirect', () => {
  it.each([200, 204, 300, 304, 305, 404, 500])('%i is final', (status) => {
    expect(step(status, '/elsewhere')).toEqual({ kind: 'final' });
  });

  it.each([
    [301, '/c', 'https://site.example/c'],
    [302, 'c', 'https://site.example/a/c'],
    [303, '//cdn.example/x', 'https://cdn.example/x'],
    [307, 'http://other.example/', 'http://other.example/'],
    [308, '?y=2', 'https://site.example/a/b?y=2'],
    [302, '  /padded  ', 'https://site.example/padded'],
  ])('%i to %s is followed to %s', (status, location, resolved) => {
    expect(step(status, location)).toEqual({ kind: 'follow', hop: { url: FROM, status, location: resolved } });
  });

  it.each([
    ['no Location', step(302, undefined), 'bad-redirect', false],
    ['an empty Location', step(302, '   '), 'bad-redirect', false],
    ['an unparsable Location', step(301, 'http://[bad/'), 'bad-redirect', false],
    ['an ftp Location', step(302, 'ftp://files.example/x'), 'bad-redirect', true],
    ['a javascript: Location', step(302, 'javascript:alert(1)'), 'bad-redirect', true],
    ['a Location already visited', step(302, FROM), 'redirect-loop', true],
    ['a Location visited but for its fragment', step(302, `${FROM}#top`), 'redirect-loop', true],
    ['one redirect too many', step(302, '/next', 3), 'too-many-redirects', true],
  ])('%s fails', (_label, result, failure, withHop) => {
    expect(result).toMatchObject({ kind: 'fail', failure });
    expect(result.kind === 'fail' && result.hop !== undefined).toBe(withHop);
  });
});
