// The small parser the sink uses: unfolding, RFC 2047 words, quoted-printable and base64 bodies.
import { describe, expect, it } from 'vitest';
import { decodeEncodedWords, parseHeaders, parseMessage } from '../../src/mail/parse-message.ts';

function crlf(lines: string[]): Buffer {
  return Buffer.from(lines.join('\r\n'), 'latin1');
}

describe('decodeEncodedWords', () => {
  it.each([
    ['plain text', 'plain text'],
    ['=?UTF-8?Q?Zo=C3=AB?=', 'Zoë'],
    ['=?utf-8?q?=C2=A7_223a?=', '§ 223a'],
    ['=?UTF-8?B?Wm/Dqw==?=', 'Zoë'],
    ['=?ISO-8859-1?Q?Zo=EB?=', 'Zoë'],
    ['=?UTF-8*en?Q?Zo=C3=AB?=', 'Zoë'],
    // Whitespace between two encoded words is dropped; between a word and text it stays.
    ['=?UTF-8?Q?Removal_?= =?UTF-8?Q?notice?=', 'Removal notice'],
    ['Re: =?UTF-8?Q?Zo=C3=AB?= again', 'Re: Zoë again'],
    // A character split across two words (bytes C3 | AB) survives.
    ['=?UTF-8?Q?Zo=C3?=\r\n =?UTF-8?Q?=AB?=', 'Zoë'],
    ['=?UTF-8?B?w6s=?= =?ISO-8859-1?Q?=EB?=', 'ëë'],
    ['=?unknown-charset?Q?abc?=', 'abc'],
  ])('%j -> %j', (input, expected) => {
    expect(decodeEncodedWords(input)).toBe(expected);
  });
});

describe('parseHeaders', () => {
  it('unfolds continuation lines, lower-cases names and keeps repeats in order', () => {
    const headers = parseHeaders('Subject: a long\r\n  subject\r\nReceived: one\r\nreceived: two\r\nX-Empty:\r\nnot a header');
    expect(headers).toEqual({ subject: ['a long  subject'], received: ['one', 'two'], 'x-empty': [''] });
  });
});

describe('parseMessage', () => {
  it('decodes a quoted-printable body with soft line breaks', () => {
    const raw = crlf([
      'Subject: =?UTF-8?Q?=C2=A7_223a?=',
      'Content-Type: text/plain; charset=utf-8',
      'Content-Transfer-Encoding: quoted-printable',
      '',
      'Zo=C3=AB wrote a very long line that was wra=',
      'pped. 1+1=3D2',
      '',
    ]);
    expect(parseMessage(raw)).toEqual({
      headers: expect.any(Object),
      subject: '§ 223a',
      text: 'Zoë wrote a very long line that was wrapped. 1+1=2\n',
    });
  });

  it('decodes a base64 body in the declared charset', () => {
    const body = Buffer.from('Zoë § 223a\r\n', 'latin1').toString('base64');
    const raw = crlf(['Content-Type: text/plain; charset="iso-8859-1"', 'Content-Transfer-Encoding: BASE64', '', body.slice(0, 8), body.slice(8), '']);
    expect(parseMessage(raw).text).toBe('Zoë § 223a\n');
  });

  it('reads a 7bit body and a message without a subject', () => {
    const parsed = parseMessage(crlf(['To: a@b.example', '', 'hello', 'there']));
    expect(parsed).toEqual({ headers: { to: ['a@b.example'] }, text: 'hello\nthere' });
  });

  it('reads LF-only messages and header-only messages', () => {
    expect(parseMessage(Buffer.from('Subject: x\n\nbody\n')).text).toBe('body\n');
    expect(parseMessage(Buffer.from('Subject: x'))).toMatchObject({ subject: 'x', text: '' });
  });
});
