// validateHttpConfig: each bad field is refused with a UserError naming it.
import { describe, expect, it } from 'vitest';
import { validateHttpConfig } from '../../src/http/config.ts';
import type { HttpConfig } from '../../src/http/config.ts';

const GOOD: HttpConfig = { userAgent: 'ua', timeoutMs: 1000, connectTimeoutMs: 500, maxBodyBytes: 1024, allowPrivate: false };

describe('validateHttpConfig', () => {
  it('accepts a good config', () => {
    expect(() => validateHttpConfig({ ...GOOD, resolve: { 'a.example': '::1' }, maxRedirects: 0 })).not.toThrow();
  });

  it.each([
    [{ userAgent: '' }, 'http.userAgent'],
    [{ userAgent: 'a\r\nX-Injected: 1' }, 'http.userAgent'],
    [{ timeoutMs: 0 }, 'http.timeoutMs'],
    [{ connectTimeoutMs: Number.NaN }, 'http.connectTimeoutMs'],
    [{ headersTimeoutMs: -1 }, 'http.headersTimeoutMs'],
    [{ bodyTimeoutMs: 0 }, 'http.bodyTimeoutMs'],
    [{ maxBodyBytes: 1.5 }, 'http.maxBodyBytes'],
    [{ maxRedirects: -1 }, 'http.maxRedirects'],
    [{ resolve: { 'a.example': 'not-an-ip' } }, 'http.resolve.a.example'],
  ])('refuses %j', (patch, field) => {
    expect(() => validateHttpConfig({ ...GOOD, ...patch })).toThrow(expect.objectContaining({ code: 'HTTP_CONFIG_INVALID' }));
    expect(() => validateHttpConfig({ ...GOOD, ...patch })).toThrow(field);
  });
});
