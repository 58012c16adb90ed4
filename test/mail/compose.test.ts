// composeMessage: the same input gives the same bytes; nothing can add a header line; Message-IDs.
import { describe, expect, it } from 'vitest';
import { HEADER_INVALID, composeMessage, isMailAddress, newMessageId } from '../../src/mail/compose.ts';
import type { OutgoingMessage } from '../../src/mail/compose.ts';
import { parseMessage } from '../../src/mail/parse-message.ts';
import { isUserError } from '../../src/core/errors.ts';

const MESSAGE: OutgoingMessage = {
  from: { name: 'Zoë Example', address: 'zoe@example.org' },
  to: ['abuse@host.example'],
  cc: ['legal@host.example'],
  replyTo: 'reply@example.org',
  subject: 'Removal request under § 223a — Zoë',
  text: 'Hello,\n\nPlease remove https://tube.example/v/123 (§ 223a, Zoë).\n' + 'A long line. '.repeat(20) + '\n',
  messageId: '<R-0001.0123456789abcdef@example.org>',
  date: new Date('2025-03-04T05:06:07Z'),
  headers: { 'X-Takedown-Request': 'R-0001' },
};

async function refusal(patch: Partial<OutgoingMessage>): Promise<unknown> {
  return composeMessage({ ...MESSAGE, ...patch }).then(
    () => undefined,
    (error: unknown) => error,
  );
}

describe('composeMessage', () => {
  it('gives the same bytes for the same input', async () => {
    const first = await composeMessage(MESSAGE);
    const second = await composeMessage(structuredClone(MESSAGE));
    expect(second.equals(first)).toBe(true);
  });

  it('writes CRLF line ends only, a single text/plain UTF-8 part and no boundary', async () => {
    const text = (await composeMessage(MESSAGE)).toString('latin1');
    expect(text.replace(/\r\n/g, '')).not.toMatch(/[\r\n]/);
    expect(text).toMatch(/^Content-Type: text\/plain; charset=utf-8\r$/m);
    expect(text).not.toMatch(/boundary|multipart/i);
    // 7-bit on the wire: every non-ASCII character is encoded.
    expect(text).toMatch(/^[\x00-\x7f]*$/);
  });

  it('carries the fixed headers', async () => {
    const parsed = parseMessage(await composeMessage(MESSAGE));
    expect(parsed.headers['message-id']).toEqual(['<R-0001.0123456789abcdef@example.org>']);
    expect(parsed.headers['date']).toEqual(['Tue, 04 Mar 2025 05:06:07 +0000']);
    expect(parsed.headers['x-takedown-request']).toEqual(['R-0001']);
    expect(parsed.headers['from']).toEqual(['Zoë Example <zoe@example.org>']);
    expect(parsed.headers['to']).toEqual(['abuse@host.example']);
    expect(parsed.headers['cc']).toEqual(['legal@host.example']);
    expect(parsed.headers['reply-to']).toEqual(['reply@example.org']);
    expect(parsed.headers['bcc']).toBeUndefined();
    expect(parsed.subject).toBe(MESSAGE.subject);
    expect(parsed.text).toBe(MESSAGE.text);
  });

  it('keeps one line-end convention whatever the text uses', async () => {
    const unix = await composeMessage({ ...MESSAGE, text: 'one\ntwo\n' });
    const windows = await composeMessage({ ...MESSAGE, text: 'one\r\ntwo\r\n' });
    expect(windows.equals(unix)).toBe(true);
  });

  it.each([
    ['subject with CRLF', { subject: 'Hello\r\nBcc: victim@example.com' }, 'subject must be one line'],
    ['subject with LF', { subject: 'Hello\nBcc: victim@example.com' }, 'subject must be one line'],
    ['subject with a control character', { subject: 'Hello\u0000' }, 'subject must not contain control characters'],
    ['sender name with CRLF', { from: { name: 'Zoë\r\nBcc: x@y.example', address: 'zoe@example.org' } }, 'sender name must be one line'],
    ['sender address with CRLF', { from: { address: 'zoe@example.org\r\nBcc: x@y.example' } }, 'sender address must be an email address'],
    ['recipient with a display name', { to: ['Abuse <abuse@host.example>'] }, 'recipient must be an email address'],
    ['recipient with CRLF', { to: ['abuse@host.example\r\nBcc: x@y.example'] }, 'recipient must be an email address'],
    ['recipient list with a comma', { to: ['abuse@host.example,x@y.example'] }, 'recipient must be an email address'],
    ['no recipients', { to: [] }, 'recipients must name at least one address'],
    ['copy recipient with LF', { cc: ['a@b.example\nX: y'] }, 'copy recipient must be an email address'],
    ['reply-to with CR', { replyTo: 'a@b.example\rX: y' }, 'reply-to address must be an email address'],
    ['extra header value with CRLF', { headers: { 'X-Takedown-Request': 'R-1\r\nBcc: x@y.example' } }, 'header X-Takedown-Request must be one line'],
    ['extra header that is not X-', { headers: { Bcc: 'x@y.example' } }, 'extra header name must start with X-'],
    ['extra header name with a colon', { headers: { 'X-A: b\r\nBcc': 'x' } }, 'extra header name must start with X-'],
    ['Message-ID without brackets', { messageId: 'R-1@example.org' }, 'Message-ID must look like <id@domain>'],
    ['Message-ID with CRLF', { messageId: '<a@b>\r\nBcc: x@y' }, 'Message-ID must look like <id@domain>'],
    ['invalid date', { date: new Date('nonsense') }, 'date must be a valid date'],
  ])('refuses a %s', async (_name, patch, words) => {
    const error = await refusal(patch as Partial<OutgoingMessage>);
    expect(isUserError(error)).toBe(true);
    expect(error).toMatchObject({ code: HEADER_INVALID });
    expect((error as Error).message).toContain(words);
    // The bad value is shown, escaped so the message stays on one line.
    expect((error as Error).message).not.toMatch(/[\r\n]/);
  });
});

describe('isMailAddress', () => {
  it.each([
    ['abuse@host.example', true],
    ['first.last+tag@sub.host.example', true],
    ['zoë@exämple.org', true],
    ['no-at-sign', false],
    ['two@at@signs.example', false],
    ['spa ce@host.example', false],
    ['<abuse@host.example>', false],
    ['@host.example', false],
    ['abuse@', false],
  ])('%s -> %s', (address, ok) => {
    expect(isMailAddress(address)).toBe(ok);
  });
});

describe('newMessageId', () => {
  it('is <request.random@domain>, different each time', () => {
    const first = newMessageId('R-0001', 'example.org');
    const second = newMessageId('R-0001', 'example.org');
    expect(first).toMatch(/^<R-0001\.[0-9a-f]{16}@example\.org>$/);
    expect(second).not.toBe(first);
  });

  it('keeps only safe characters of the request id and writes IDN domains as punycode', () => {
    expect(newMessageId('R 7/<x>', 'Exämple.ORG')).toMatch(/^<R-7-x\.[0-9a-f]{16}@xn--exmple-cua\.org>$/);
    expect(newMessageId('', 'example.org')).toMatch(/^<takedown\.[0-9a-f]{16}@example\.org>$/);
  });

  it('is accepted by composeMessage', async () => {
    await expect(composeMessage({ ...MESSAGE, messageId: newMessageId('R-0042', 'example.org') })).resolves.toBeInstanceOf(Buffer);
  });

  it.each(['', 'exa mple.org', 'a@b.org', 'example.org/x', 'example.org\r\nBcc: x'])('refuses the domain %j', (domain) => {
    expect(() => newMessageId('R-0001', domain)).toThrow(expect.objectContaining({ code: HEADER_INVALID }));
  });
});
