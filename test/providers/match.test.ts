// URL-to-provider matching: host suffixes, patterns before catch-alls, parent-domain fallback, speed.
import { describe, expect, it } from 'vitest';
import type { Provider } from '../../src/core/provider.ts';
import { loadBuiltinProviders } from '../../src/providers/load.ts';
import { createMatcher, hostOf, providerMatches } from '../../src/providers/match.ts';

function provider(id: string, hosts: string[], patterns: string[] = []): Provider {
  return {
    id,
    name: id,
    kind: 'platform',
    hosts,
    patterns,
    signals: { removed: [], legal: [], blocked: [], live: [] },
    examples: [],
    channels: [],
    ipRanges: [],
    source: ['test'],
    checked: '2026-11-21',
  };
}

const synthetic = [
  provider('tube', ['tube.example']),
  provider('tube-user', ['tube.example'], ['^https://(www\\.)?tube\\.example/user/']),
  provider('cdn-tube', ['cdn.tube.example'], ['\\.mp4$']),
  provider('files', ['files.example'], ['^https://files\\.example/f/']),
];

describe('createMatcher (synthetic providers)', () => {
  const match = createMatcher(synthetic);
  it.each([
    ['catch-all takes the host', 'https://tube.example/v/1', 'tube'],
    ['catch-all takes subdomains', 'https://www.tube.example/v/1', 'tube'],
    ['patterned provider wins on its URLs', 'https://www.tube.example/user/ann', 'tube-user'],
    ['longest host suffix first', 'https://cdn.tube.example/a/b.mp4', 'cdn-tube'],
    ['parent domain when the longer host does not take the URL', 'https://cdn.tube.example/a/b.jpg', 'tube'],
    ['patterns only: other URLs of the host match nothing', 'https://files.example/about', null],
    ['patterns only: its own URLs', 'https://files.example/f/abc', 'files'],
    ['host match is by label, not by string', 'https://nottube.example/v/1', null],
    ['upper-case host and trailing dot', 'https://WWW.Tube.Example./v/1', 'tube'],
    ['unknown host', 'https://elsewhere.example/', null],
    ['not a URL', 'tube.example/v/1', null],
    ['not http(s)', 'ftp://tube.example/v/1', null],
  ])('%s: %s', (_name, url, expected) => {
    expect(match(url)?.id ?? null).toBe(expected);
  });

  it('matches 50,000 URLs quickly (host index, not a scan of every pattern)', () => {
    const many = Array.from({ length: 2_000 }, (_, i) => provider(`p${i}`, [`site${i}.example`], [`^https://(www\\.)?site${i}\\.example/v/`]));
    const matchMany = createMatcher([...synthetic, ...many]);
    const urls = Array.from({ length: 50_000 }, (_, i) => `https://www.site${i % 2_000}.example/v/${i}`);
    const started = performance.now();
    let found = 0;
    for (const url of urls) if (matchMany(url) !== null) found++;
    const elapsed = performance.now() - started;
    expect(found).toBe(50_000);
    expect(elapsed).toBeLessThan(1_500);
  });
});

describe('hostOf and providerMatches', () => {
  it.each([
    ['https://A.Example./x', 'a.example'],
    ['http://[::1]:8080/', '[::1]'],
    ['mailto:someone@example.com', null],
    ['not a url', null],
  ])('hostOf(%s)', (url, expected) => {
    expect(hostOf(url)).toBe(expected);
  });

  it('a provider with patterns needs one of them', () => {
    const files = synthetic[3] as Provider;
    expect(providerMatches(files, 'https://files.example/f/1')).toBe(true);
    expect(providerMatches(files, 'https://files.example/g/1')).toBe(false);
  });
});

describe('createMatcher (built-in providers)', async () => {
  const match = createMatcher(await loadBuiltinProviders());
  it.each([
    ['https://www.pornhub.com/view_video.php?viewkey=ph5f1234567890a', 'pornhub'],
    ['https://de.pornhub.com/embed/ph5f1234567890a', 'pornhub'],
    ['https://www.pornhub.com/model/someone', 'pornhub-user'],
    ['https://www.pornhub.com/album/69040172', null],
    ['https://www.reddit.com/r/pics/comments/1abcde/x/', 'reddit'],
    ['https://www.reddit.com/user/someone', 'reddit-user'],
    ['https://www.reddit.com/user/someone/comments/1abcde/x/', 'reddit'],
    ['https://x.com/someone/status/1333333333333333333', 'twitter'],
    ['https://x.com/someone', 'twitter-account'],
    ['https://www.instagram.com/p/C1a2b3c4d5e/', 'instagram'],
    ['https://www.instagram.com/someone.here/', 'instagram-profile'],
    ['https://t.me/somechannel/1234', 'telegram'],
    ['https://t.me/somechannel', 'telegram-channel'],
    ['https://imgur.com/user/someone', 'imgur-user'],
    ['https://i.imgur.com/AbCdEfG.jpg', 'imgur'],
    ['https://www.erome.com/a/AbCd1234', 'erome'],
    ['https://www.erome.com/someone', 'erome-user'],
    ['https://drive.google.com/file/d/1AbCdEfGhIjKlMnOpQrStUvWxYz012345/view', 'google-drive'],
    ['https://www.google.com/search?q=x', 'google-search'],
    ['https://www.google.com/maps/place/x', null],
    ['https://www.bing.com/images/search?q=x', 'bing'],
    ['https://duckduckgo.com/?q=x', 'duckduckgo'],
    ['https://foo.pages.dev/leak.jpg', null],
    ['https://nudostar.com/forum/threads/someone.123/', 'xenforo-leak-forums'],
  ])('%s', (url, expected) => {
    expect(match(url)?.id ?? null).toBe(expected);
  });
});
