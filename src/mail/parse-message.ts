// Reads back what composeMessage writes: unfolded headers, RFC 2047 words, a quoted-printable or base64 text body.
// Enough to check recipients, subject and text in tests and the demo; not a general MIME parser (no multipart).

export interface ParsedMessage {
  /** Header fields by lower-case name, in order; values unfolded, trimmed and RFC 2047-decoded. */
  headers: Record<string, string[]>;
  subject?: string;
  /** The body decoded to text, with `\n` line ends. */
  text: string;
}

const ENCODED_WORD = /=\?([^?\s]+)\?([QqBb])\?([^?\s]*)\?=/g;

function decodeBytes(bytes: Buffer, charset: string): string {
  try {
    return new TextDecoder(charset).decode(bytes);
  } catch {
    // An unknown charset label: UTF-8 shows most of the text rather than none of it.
    return bytes.toString('utf8');
  }
}

/** `=41=C3=AB` (and `_` for a space in header words) -> bytes; other characters are taken as they are. */
function decodeQuoted(text: string, underscoreIsSpace: boolean): Buffer {
  const bytes: number[] = [];
  for (let i = 0; i < text.length; i++) {
    const char = text[i] ?? '';
    const hex = char === '=' ? text.slice(i + 1, i + 3) : '';
    if (/^[0-9A-Fa-f]{2}$/.test(hex)) {
      bytes.push(Number.parseInt(hex, 16));
      i += 2;
    } else if (char === '_' && underscoreIsSpace) {
      bytes.push(0x20);
    } else {
      bytes.push(...Buffer.from(char, 'latin1'));
    }
  }
  return Buffer.from(bytes);
}

/** Decodes RFC 2047 encoded words; adjacent words in one charset are joined first, so a character split across two survives. */
export function decodeEncodedWords(value: string): string {
  // Whitespace between two encoded words is not part of the text (RFC 2047 section 6.2).
  const joined = value.replace(/(\?=)\s+(?==\?)/g, '$1');
  let out = '';
  let last = 0;
  let pending: { charset: string; parts: Buffer[] } | undefined;
  const flush = (): void => {
    if (pending !== undefined) out += decodeBytes(Buffer.concat(pending.parts), pending.charset);
    pending = undefined;
  };
  for (const match of joined.matchAll(ENCODED_WORD)) {
    const [word, label = '', encoding = '', data = ''] = match;
    if (match.index > last) {
      flush();
      out += joined.slice(last, match.index);
    }
    // RFC 2231 allows a language after the charset: UTF-8*en.
    const charset = (label.split('*')[0] ?? label).toLowerCase();
    const bytes = encoding.toUpperCase() === 'B' ? Buffer.from(data, 'base64') : decodeQuoted(data, true);
    if (pending !== undefined && pending.charset !== charset) flush();
    pending ??= { charset, parts: [] };
    pending.parts.push(bytes);
    last = match.index + word.length;
  }
  flush();
  return out + joined.slice(last);
}

function splitHead(raw: Buffer): { head: string; body: Buffer } {
  const crlf = raw.indexOf('\r\n\r\n');
  const lf = raw.indexOf('\n\n');
  if (crlf !== -1 && (lf === -1 || crlf < lf)) return { head: raw.subarray(0, crlf).toString('utf8'), body: raw.subarray(crlf + 4) };
  if (lf !== -1) return { head: raw.subarray(0, lf).toString('utf8'), body: raw.subarray(lf + 2) };
  return { head: raw.toString('utf8'), body: Buffer.alloc(0) };
}

export function parseHeaders(head: string): Record<string, string[]> {
  const headers: Record<string, string[]> = {};
  // Unfolding: a line break followed by a space or tab continues the previous field (RFC 5322 section 2.2.3).
  for (const line of head.replace(/\r?\n(?=[ \t])/g, '').split(/\r?\n/)) {
    const colon = line.indexOf(':');
    if (colon <= 0) continue;
    const name = line.slice(0, colon).trim().toLowerCase();
    (headers[name] ??= []).push(decodeEncodedWords(line.slice(colon + 1).trim()));
  }
  return headers;
}

function decodeBody(body: Buffer, transferEncoding: string, charset: string): string {
  let bytes = body;
  if (transferEncoding === 'base64') bytes = Buffer.from(body.toString('latin1').replace(/\s+/g, ''), 'base64');
  if (transferEncoding === 'quoted-printable') bytes = decodeQuoted(body.toString('latin1').replace(/=\r?\n/g, ''), false);
  return decodeBytes(bytes, charset).replace(/\r\n/g, '\n');
}

export function parseMessage(raw: Buffer): ParsedMessage {
  const { head, body } = splitHead(raw);
  const headers = parseHeaders(head);
  const transferEncoding = (headers['content-transfer-encoding']?.[0] ?? '7bit').toLowerCase();
  const charset = /charset\s*=\s*"?([^";\s]+)"?/i.exec(headers['content-type']?.[0] ?? '')?.[1] ?? 'utf-8';
  const subject = headers['subject']?.[0];
  const text = decodeBody(body, transferEncoding, charset);
  return subject === undefined ? { headers, text } : { headers, subject, text };
}
