// classifyError: failure kind by error code, cause chain and AggregateError, never by message.
import { describe, expect, it } from 'vitest';
import { classifyError } from '../../src/http/classify-error.ts';

function coded(code: string, message = 'whatever the text says'): Error {
  return Object.assign(new Error(message), { code });
}

function named(name: string): Error {
  const err = new Error('x');
  err.name = name;
  return err;
}

describe('classifyError', () => {
  it.each([
    ['ENOTFOUND', 'dns'],
    ['EAI_AGAIN', 'dns'],
    ['EAI_NONAME', 'dns'],
    ['ECONNREFUSED', 'refused'],
    ['EHOSTUNREACH', 'refused'],
    ['ENETUNREACH', 'refused'],
    ['ECONNRESET', 'reset'],
    ['EPIPE', 'reset'],
    ['UND_ERR_SOCKET', 'reset'],
    ['UND_ERR_CONNECT_TIMEOUT', 'timeout'],
    ['UND_ERR_HEADERS_TIMEOUT', 'timeout'],
    ['UND_ERR_BODY_TIMEOUT', 'timeout'],
    ['ETIMEDOUT', 'timeout'],
    ['ERR_TOTAL_TIMEOUT', 'timeout'],
    ['CERT_HAS_EXPIRED', 'tls'],
    ['CERT_NOT_YET_VALID', 'tls'],
    ['ERR_TLS_CERT_ALTNAME_INVALID', 'tls'],
    ['ERR_SSL_WRONG_VERSION_NUMBER', 'tls'],
    ['DEPTH_ZERO_SELF_SIGNED_CERT', 'tls'],
    ['SELF_SIGNED_CERT_IN_CHAIN', 'tls'],
    ['UNABLE_TO_VERIFY_LEAF_SIGNATURE', 'tls'],
    ['UNABLE_TO_GET_ISSUER_CERT_LOCALLY', 'tls'],
    ['EPROTO', 'tls'],
    ['UND_ERR_PRX_TLS', 'tls'],
    ['HPE_INVALID_HEADER_TOKEN', 'protocol'],
    ['HPE_INVALID_CONSTANT', 'protocol'],
    ['UND_ERR_INVALID_ARG', 'protocol'],
    ['UND_ERR_HEADERS_OVERFLOW', 'protocol'],
    ['UND_ERR_RES_CONTENT_LENGTH_MISMATCH', 'protocol'],
    ['ERR_PRIVATE_ADDRESS', 'private-address'],
    ['UND_ERR_ABORTED', 'aborted'],
    ['ABORT_ERR', 'aborted'],
    ['UND_ERR_DESTROYED', 'aborted'],
    ['SOMETHING_NEW', 'protocol'],
  ])('%s -> %s', (code, kind) => {
    expect(classifyError(coded(code))).toEqual({ kind, code });
  });

  it('ignores message text', () => {
    expect(classifyError(coded('ECONNREFUSED', 'getaddrinfo ENOTFOUND timeout certificate'))).toEqual({
      kind: 'refused',
      code: 'ECONNREFUSED',
    });
  });

  it.each([
    ['a code on the cause', Object.assign(new Error('fetch failed'), { cause: coded('ECONNRESET') }), 'reset', 'ECONNRESET'],
    ['an AggregateError from Happy Eyeballs', new AggregateError([coded('ECONNREFUSED'), coded('ECONNREFUSED')]), 'refused', 'ECONNREFUSED'],
    ['an unknown outer code over a known cause', Object.assign(coded('UND_ERR'), { cause: coded('ETIMEDOUT') }), 'timeout', 'ETIMEDOUT'],
  ])('looks through %s', (_label, err, kind, code) => {
    expect(classifyError(err)).toEqual({ kind, code });
  });

  it.each([
    [named('TimeoutError'), { kind: 'timeout' }],
    [named('AbortError'), { kind: 'aborted' }],
    [named('HTTPParserError'), { kind: 'protocol' }],
    [new DOMException('signal timed out', 'TimeoutError'), { kind: 'timeout' }],
    [new Error('no code at all'), { kind: 'protocol' }],
    ['a string', { kind: 'protocol' }],
    [undefined, { kind: 'protocol' }],
  ])('classifies %s without a code by its name', (err, expected) => {
    expect(classifyError(err)).toEqual(expected);
  });
});
