// URL normalisation: what becomes the canonical form and what is refused, with the message shown.
import { describe, expect, it } from 'vitest';
import { normalizeUrl } from '../../src/case-file/normalize-url.ts';

describe('normalizeUrl', () => {
  it.each([
    ['IDN host to punycode', 'https://bücher.example/a', 'https://xn--bcher-kva.example/a'],
    ['upper-case scheme and host', 'HTTPS://Tube.EXAMPLE/Video/ABC', 'https://tube.example/Video/ABC'],
    ['default https port dropped', 'https://tube.example:443/v', 'https://tube.example/v'],
    ['default http port dropped', 'http://tube.example:80/v', 'http://tube.example/v'],
    ['other port kept', 'https://tube.example:8443/v', 'https://tube.example:8443/v'],
    ['fragment kept', 'https://forum.example/t/55#post-9', 'https://forum.example/t/55#post-9'],
    ['query kept', 'https://forum.example/search?q=jane+doe', 'https://forum.example/search?q=jane+doe'],
    ['surrounding spaces trimmed', '  https://tube.example/v  ', 'https://tube.example/v'],
    ['empty path becomes /', 'https://tube.example', 'https://tube.example/'],
    ['localhost allowed', 'http://localhost:8080/x', 'http://localhost:8080/x'],
    ['IPv4 allowed', 'http://127.0.0.1/x', 'http://127.0.0.1/x'],
    ['IPv6 allowed', 'http://[::1]:8080/x', 'http://[::1]:8080/x'],
    ['dot segments resolved', 'https://tube.example/a/../b', 'https://tube.example/b'],
  ])('%s', (_name, input, url) => {
    expect(normalizeUrl(input)).toEqual({ url });
  });

  it.each([
    ['', 'empty URL'],
    ['   ', 'empty URL'],
    ['tube.example/v', 'not a valid URL; it must start with http:// or https:// (got "tube.example/v")'],
    ['https://tube example/v', 'not a valid URL (got "https://tube example/v")'],
    ['ftp://x.example/a', 'only http and https URLs can be checked (got "ftp://x.example/a")'],
    ['file:///etc/passwd', 'only http and https URLs can be checked (got "file:///etc/passwd")'],
    ['javascript:alert(1)', 'only http and https URLs can be checked (got "javascript:alert(1)")'],
    ['mailto:jane@mail.example', 'only http and https URLs can be checked (got "mailto:jane@mail.example")'],
    ['https://jane:hunter2@tube.example/', 'a URL must not contain a user name or password (got "https://jane:***@tube.example/")'],
    ['https://jane@tube.example/', 'a URL must not contain a user name or password (got "https://jane@tube.example/")'],
    ['http://intranet/x', 'the host "intranet" is not a full domain name (got "http://intranet/x")'],
  ])('refuses %j', (input, error) => {
    expect(normalizeUrl(input)).toEqual({ error });
  });
});
