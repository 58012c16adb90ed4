// Builds the bytes of a notice email (RFC 5322, text/plain UTF-8): the same input always gives the same bytes.
import { randomBytes } from 'node:crypto';
import MailComposer from 'nodemailer/lib/mail-composer';
import { UserError } from '../core/errors.ts';

export interface MailAddress {
  name?: string;
  address: string;
}

/** Everything a notice email carries. `date` and `messageId` are fixed by the caller so a draft can be rebuilt byte for byte. */
export interface OutgoingMessage {
  from: MailAddress;
  to: readonly string[];
  cc?: readonly string[];
  replyTo?: string;
  subject: string;
  text: string;
  /** `<...@domain>`, usually from newMessageId. */
  messageId: string;
  date: Date;
  /** Extra `X-` headers, e.g. `{ 'X-Takedown-Request': 'R-0001' }`. */
  headers?: Readonly<Record<string, string>>;
}

export const HEADER_INVALID = 'MAIL_HEADER_INVALID';

// A bare addr-spec: no spaces, brackets, quotes, commas or control characters, one @ with text on both sides.
const ADDRESS = /^[^\s<>()",;:\\@\x00-\x1f\x7f]+@[^\s<>()",;:\\@\x00-\x1f\x7f]+$/;
const LINE_BREAK = /[\r\n]/;
const CONTROL = /[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]/;
const X_HEADER = /^X-[A-Za-z0-9][A-Za-z0-9-]*$/;
const MESSAGE_ID = /^<[^\s<>@]+@[A-Za-z0-9.-]+>$/;

function refuse(field: string, value: unknown, expected: string): never {
  throw new UserError(HEADER_INVALID, `the email's ${field} ${expected} (got ${JSON.stringify(value)})`);
}

// nodemailer would fold or quote a line break, but a line break in a header is never meant: refuse it
// rather than send something other than what the user confirmed.
function checkText(field: string, value: string): void {
  if (LINE_BREAK.test(value)) refuse(field, value, 'must be one line');
  if (CONTROL.test(value)) refuse(field, value, 'must not contain control characters');
}

/** A bare address like abuse@host.example (no display name, no brackets, nothing that could break a header). */
export function isMailAddress(value: string): boolean {
  return ADDRESS.test(value);
}

function checkAddress(field: string, value: string): void {
  if (!isMailAddress(value)) refuse(field, value, 'must be an email address like abuse@host.example');
}

/** Throws the UserError composeMessage would throw for this message; nothing is built. */
export function checkMessage(message: OutgoingMessage): void {
  checkAddress('sender address', message.from.address);
  if (message.from.name !== undefined) checkText('sender name', message.from.name);
  if (message.to.length === 0) refuse('recipients', message.to, 'must name at least one address');
  for (const to of message.to) checkAddress('recipient', to);
  for (const cc of message.cc ?? []) checkAddress('copy recipient', cc);
  if (message.replyTo !== undefined) checkAddress('reply-to address', message.replyTo);
  checkText('subject', message.subject);
  if (!MESSAGE_ID.test(message.messageId)) refuse('Message-ID', message.messageId, 'must look like <id@domain>');
  if (Number.isNaN(message.date.getTime())) refuse('date', String(message.date), 'must be a valid date');
  for (const [name, value] of Object.entries(message.headers ?? {})) {
    if (!X_HEADER.test(name)) refuse('extra header name', name, 'must start with X- and hold only letters, digits and dashes');
    checkText(`header ${name}`, value);
  }
}

/** The message as it goes on the wire and into the draft .eml: CRLF line ends, no multipart, so no random boundary. */
export async function composeMessage(message: OutgoingMessage): Promise<Buffer> {
  checkMessage(message);
  const composer = new MailComposer({
    from: message.from.name === undefined ? message.from.address : { name: message.from.name, address: message.from.address },
    to: [...message.to],
    ...(message.cc !== undefined && message.cc.length > 0 ? { cc: [...message.cc] } : {}),
    ...(message.replyTo !== undefined ? { replyTo: message.replyTo } : {}),
    subject: message.subject,
    // One line-end convention in, so the encoder's choice (7bit or quoted-printable) depends only on the text.
    text: message.text.replace(/\r\n?/g, '\n'),
    messageId: message.messageId,
    date: message.date,
    headers: { ...message.headers },
    newline: 'win',
    // The text is ours and never a path or URL; nodemailer must not read files or fetch on our behalf.
    disableFileAccess: true,
    disableUrlAccess: true,
  });
  return composer.compile().build();
}

/**
 * A new Message-ID for a request: `<R-0001.<16 hex>@domain>`. Random, so a re-drafted notice is a new
 * message; the caller stores it with the draft. The domain is the sender's (IDN as punycode).
 */
export function newMessageId(requestId: string, domain: string): string {
  const host = hostOf(domain);
  if (host === undefined) refuse('Message-ID domain', domain, 'must be a domain name like example.org');
  const local = requestId.replace(/[^A-Za-z0-9-]+/g, '-').replace(/^-+|-+$/g, '') || 'takedown';
  return `<${local}.${randomBytes(8).toString('hex')}@${host}>`;
}

function hostOf(domain: string): string | undefined {
  if (!/^[^\s/@:?#\\[\]]+$/.test(domain)) return undefined;
  try {
    const host = new URL(`http://${domain}/`).hostname;
    return /^[a-z0-9.-]+$/.test(host) ? host : undefined;
  } catch {
    return undefined;
  }
}
