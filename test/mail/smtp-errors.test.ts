// Failure mapping by code and reply code, and scrubbing, on error shapes nodemailer produces.
// (The same failures are produced for real against loopback servers in smtp.test.ts.)
import { describe, expect, it } from 'vitest';
import { UserError } from '../../src/core/errors.ts';
import { scrub, secretsOf, smtpFailure } from '../../src/mail/smtp-errors.ts';
import type { FailureContext } from '../../src/mail/smtp-errors.ts';

const PASSWORD = 'p4ss-wörd';
const CTX: FailureContext = {
  server: 'smtp.example.org:587',
  security: 'starttls',
  port: 587,
  passwordEnv: 'TAKEDOWN_SMTP_PASSWORD',
  timeouts: { connectionMs: 20_000, greetingMs: 15_000, socketMs: 60_000 },
  secrets: secretsOf('zoe', PASSWORD),
};

function fail(fields: Record<string, unknown>): Error {
  return Object.assign(new Error('nodemailer text that must not be used'), fields);
}

describe('smtpFailure', () => {
  it.each([
    ['EAUTH', { code: 'EAUTH', response: '535 5.7.8 bad', responseCode: 535 }, 'SMTP_AUTH_FAILED', 'smtp.example.org:587 refused the login (535 5.7.8 bad)'],
    ['ETIMEDOUT connect', { code: 'ETIMEDOUT', timeoutType: 'CONNECT_TIMEOUT' }, 'SMTP_CONNECT_TIMEOUT', 'did not set up a connection within 20 s'],
    ['ETIMEDOUT greeting', { code: 'ETIMEDOUT', timeoutType: 'GREETING_TIMEOUT' }, 'SMTP_CONNECT_TIMEOUT', 'did not greet within 15 s'],
    ['ETIMEDOUT socket', { code: 'ETIMEDOUT', timeoutType: 'SOCKET_TIMEOUT' }, 'SMTP_TIMEOUT', 'stopped answering for 60 s'],
    ['ETIMEDOUT upgrade', { code: 'ETIMEDOUT', timeoutType: 'UPGRADE_TIMEOUT' }, 'SMTP_CONNECT_TIMEOUT', 'did not finish the TLS handshake'],
    ['EDNS', { code: 'EDNS', originalCode: 'ENOTFOUND' }, 'SMTP_HOST_NOT_FOUND', "the mail server's name smtp.example.org was not found [ENOTFOUND]"],
    ['ESOCKET refused', { code: 'ESOCKET', originalCode: 'ECONNREFUSED' }, 'SMTP_CONNECTION_REFUSED', 'refused the connection'],
    ['ESOCKET unreachable', { code: 'ESOCKET', originalCode: 'EHOSTUNREACH' }, 'SMTP_CONNECTION_REFUSED', '[EHOSTUNREACH]'],
    ['ESOCKET certificate', { code: 'ESOCKET', originalCode: 'CERT_HAS_EXPIRED' }, 'SMTP_TLS_FAILED', 'its certificate has expired'],
    ['ESOCKET name mismatch', { code: 'ESOCKET', originalCode: 'ERR_TLS_CERT_ALTNAME_INVALID' }, 'SMTP_TLS_FAILED', 'its certificate is for another host name'],
    ['ESOCKET reset', { code: 'ESOCKET', originalCode: 'ECONNRESET' }, 'SMTP_CONNECTION_LOST', 'the connection to smtp.example.org:587 broke off [ECONNRESET]'],
    ['ECONNECTION', { code: 'ECONNECTION', response: '421 going down', responseCode: 421 }, 'SMTP_CONNECTION_LOST', 'broke off (421 going down)'],
    ['ETLS refused', { code: 'ETLS', response: '454 TLS not available', responseCode: 454, command: 'STARTTLS' }, 'SMTP_TLS_FAILED', 'would not start TLS (454 TLS not available)'],
    ['MAIL FROM 530', { code: 'EENVELOPE', command: 'MAIL FROM', response: '530 Authentication required', responseCode: 530 }, 'SMTP_AUTH_REQUIRED', 'requires a login'],
    ['MAIL FROM 553', { code: 'EENVELOPE', command: 'MAIL FROM', response: '553 not yours', responseCode: 553 }, 'SMTP_SENDER_REJECTED', 'refused the sender address (553 not yours)'],
    [
      'RCPT TO 450',
      { code: 'EENVELOPE', command: 'RCPT TO', response: '450 try later', responseCode: 450, rejected: ['a@b.example'] },
      'SMTP_RECIPIENT_REJECTED',
      'refused a@b.example (450 try later); the refusal is temporary, try again later',
    ],
    ['DATA', { code: 'EENVELOPE', command: 'DATA', response: '554 spam', responseCode: 554 }, 'SMTP_MESSAGE_REJECTED', 'refused the message (554 spam)'],
    ['EMESSAGE', { code: 'EMESSAGE', response: '552 too big', responseCode: 552 }, 'SMTP_MESSAGE_REJECTED', 'refused the message (552 too big)'],
    ['EPROTOCOL', { code: 'EPROTOCOL', response: 'HTTP/1.1 400 Bad Request' }, 'SMTP_PROTOCOL_ERROR', 'gave an answer that is not SMTP'],
  ])('%s', (_name, fields, code, words) => {
    const mapped = smtpFailure(fail(fields), CTX);
    expect(mapped).toBeInstanceOf(UserError);
    expect(mapped).toMatchObject({ code });
    expect(mapped.message).toContain(words);
    expect(mapped.message).not.toContain('nodemailer text');
  });

  it('returns anything else as the bug it is, scrubbed', () => {
    const bug = new TypeError(`cannot read x of undefined near ${PASSWORD}`);
    const mapped = smtpFailure(bug, CTX);
    expect(mapped).toBe(bug);
    expect(mapped.message).toBe('cannot read x of undefined near [hidden]');
    expect(mapped.stack).not.toContain(PASSWORD);
  });

  it('scrubs server replies in every mapped message', () => {
    const token = Buffer.from(`\u0000zoe\u0000${PASSWORD}`).toString('base64');
    const mapped = smtpFailure(fail({ code: 'EAUTH', response: `535 no: AUTH PLAIN ${token} / ${PASSWORD}`, responseCode: 535 }), CTX);
    expect(mapped.message).toContain('535 no: AUTH PLAIN [hidden] / [hidden]');
  });
});

describe('scrub', () => {
  it.each([
    ['the password itself', `pw=${PASSWORD}`, 'pw=[hidden]'],
    ['its base64 (AUTH LOGIN)', `334 ${Buffer.from(PASSWORD).toString('base64')}`, '334 [hidden]'],
    ['the AUTH PLAIN token on its own', Buffer.from(`\u0000zoe\u0000${PASSWORD}`).toString('base64'), '[hidden]'],
    ['an AUTH line', 'C: AUTH LOGIN em9l', 'C: AUTH LOGIN [hidden]'],
    ['text without secrets', '250 ok', '250 ok'],
  ])('%s', (_name, text, expected) => {
    expect(scrub(text, CTX.secrets)).toBe(expected);
  });

  it('has nothing to hide without a password', () => {
    expect(secretsOf('zoe', undefined)).toEqual([]);
  });
});
