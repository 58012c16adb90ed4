// failureMessage: plain words first, the error code in brackets at the end.
import { describe, expect, it } from 'vitest';
import type { HttpConfig } from '../../src/http/config.ts';
import { duration, failureMessage } from '../../src/http/failure-message.ts';
import type { HttpFailureKind } from '../../src/core/http-types.ts';

const CONFIG: HttpConfig = {
  userAgent: 'takedown-test',
  timeoutMs: 20_000,
  connectTimeoutMs: 10_000,
  headersTimeoutMs: 15_000,
  bodyTimeoutMs: 1_500,
  maxBodyBytes: 1_000,
  allowPrivate: false,
};

function coded(code: string, extra: Record<string, unknown> = {}, message = `getaddrinfo ${code} x.example`): Error {
  return Object.assign(new Error(message), { code, ...extra });
}

describe('failureMessage', () => {
  it.each<[string, HttpFailureKind, string | undefined, unknown, string]>([
    ['a name that does not exist', 'dns', 'ENOTFOUND', coded('ENOTFOUND'), 'the host name could not be found [ENOTFOUND]'],
    ['a resolver that did not answer', 'dns', 'EAI_AGAIN', coded('EAI_AGAIN'), 'the name server did not answer in time [EAI_AGAIN]'],
    ['a refused connection', 'refused', 'ECONNREFUSED', coded('ECONNREFUSED', { address: '127.0.0.1', port: 41627 }), 'the connection was refused by 127.0.0.1:41627 [ECONNREFUSED]'],
    ['a refused IPv6 connection inside an AggregateError', 'refused', 'ECONNREFUSED', Object.assign(new AggregateError([coded('ECONNREFUSED', { address: '::1', port: 80 })]), { code: 'ECONNREFUSED' }), 'the connection was refused by [::1]:80 [ECONNREFUSED]'],
    ['a refused connection without an address', 'refused', 'ECONNREFUSED', coded('ECONNREFUSED'), 'the connection was refused [ECONNREFUSED]'],
    ['no route', 'refused', 'EHOSTUNREACH', coded('EHOSTUNREACH'), 'there is no network route to the site [EHOSTUNREACH]'],
    ['a reset', 'reset', 'ECONNRESET', coded('ECONNRESET'), 'the connection was cut off [ECONNRESET]'],
    ['a socket closed early', 'reset', 'UND_ERR_SOCKET', coded('UND_ERR_SOCKET'), 'the site closed the connection before the answer was complete [UND_ERR_SOCKET]'],
    ['the total deadline', 'timeout', 'ERR_TOTAL_TIMEOUT', new Error('aborted'), 'no complete answer within 20 s [ERR_TOTAL_TIMEOUT]'],
    ['the connect timeout', 'timeout', 'UND_ERR_CONNECT_TIMEOUT', coded('UND_ERR_CONNECT_TIMEOUT'), 'no connection to the site within 10 s [UND_ERR_CONNECT_TIMEOUT]'],
    ['the headers timeout', 'timeout', 'UND_ERR_HEADERS_TIMEOUT', coded('UND_ERR_HEADERS_TIMEOUT'), 'the site did not start answering within 15 s [UND_ERR_HEADERS_TIMEOUT]'],
    ['the body timeout', 'timeout', 'UND_ERR_BODY_TIMEOUT', coded('UND_ERR_BODY_TIMEOUT'), 'the page stopped arriving for 1.5 s [UND_ERR_BODY_TIMEOUT]'],
    ['a timeout without a code', 'timeout', undefined, new Error('timed out'), 'the site did not answer in time'],
    ['a self-signed certificate', 'tls', 'DEPTH_ZERO_SELF_SIGNED_CERT', coded('DEPTH_ZERO_SELF_SIGNED_CERT'), 'the certificate is self-signed [DEPTH_ZERO_SELF_SIGNED_CERT]'],
    ['an expired certificate', 'tls', 'CERT_HAS_EXPIRED', coded('CERT_HAS_EXPIRED'), 'the certificate has expired [CERT_HAS_EXPIRED]'],
    ['another TLS failure', 'tls', 'EPROTO', coded('EPROTO'), 'the secure connection (TLS) could not be set up [EPROTO]'],
    ['unparsable HTTP', 'protocol', undefined, new Error('Parse Error: Invalid header token'), 'the answer was not valid HTTP (Parse Error: Invalid header token)'],
    ['an answer over the size limit', 'protocol', 'UND_ERR_RES_EXCEEDED_MAX_SIZE', coded('UND_ERR_RES_EXCEEDED_MAX_SIZE'), 'the answer was larger than allowed [UND_ERR_RES_EXCEEDED_MAX_SIZE]'],
  ])('%s', (_label, kind, code, err, expected) => {
    const message = failureMessage(kind, code, CONFIG, undefined, err);
    expect(message).toBe(expected);
    expect(message).not.toMatch(/getaddrinfo|connect E/);
  });

  it('names the proxy without its credentials, before the code', () => {
    expect(failureMessage('timeout', 'ERR_TOTAL_TIMEOUT', CONFIG, 'http://user:secret@proxy.example:3128', new Error('x')))
      .toBe('no complete answer within 20 s (via proxy http://proxy.example:3128) [ERR_TOTAL_TIMEOUT]');
  });

  it('says the proxy refused when it would not open the tunnel', () => {
    expect(failureMessage('refused', 'UND_ERR_ABORTED', CONFIG, 'http://proxy.example:3128', new Error('Request aborted')))
      .toBe('the proxy refused to connect to the site (via proxy http://proxy.example:3128) [UND_ERR_ABORTED]');
  });

  it("keeps the address guard's own message whole", () => {
    const err = new Error('refused to connect to fixture.test (127.0.0.1): not a public internet address (allow private addresses to permit it)');
    expect(failureMessage('private-address', 'ERR_PRIVATE_ADDRESS', CONFIG, undefined, err)).toBe(err.message);
  });
});

describe('duration', () => {
  it.each([
    [400, '400 ms'],
    [1_000, '1 s'],
    [1_500, '1.5 s'],
    [20_000, '20 s'],
    [300_000, '300 s'],
  ])('%d ms -> %s', (ms, text) => {
    expect(duration(ms)).toBe(text);
  });
});
