// What of a response body may be written to disk: HTML and other text, never media unless the
// case opted in, never for minors (DESIGN.md section 2). Pure: decides on the bytes in memory.
import { isMediaType } from '../http/headers.ts';
import { bodyEncoding } from '../http/read-body.ts';
import type { HttpResponse } from '../core/http-types.ts';
import { bodySha256 } from '../core/body-digest.ts';

/** Why a body is not in the record. */
export type BodyOmission =
  /** The check did not read it (media in a case that may not fetch media). */
  | 'not-read'
  /** Content-Type image/*, video/* or audio/*. */
  | 'media-type'
  /** The bytes are an image or video whatever the Content-Type says. */
  | 'media-bytes'
  /** Not a text type (PDF, archive, octet-stream...): it may wrap media. */
  | 'not-text';

export interface EvidenceCase {
  id: string;
  /** A person under 18 when the content was made: media is never stored, opt-in or not. */
  minor: boolean;
  /** The case opted in to storing media bytes (case file `store_media: true`). */
  storeMedia: boolean;
}

export interface StoredBody {
  /** The payload written to the response record. */
  bytes: Uint8Array;
  /** The content coding the HTTP client undid (gzip, deflate, br); the payload is the decoded body. */
  decodedFrom: string | null;
  /** The body cap cut the body (or the compressed data was damaged): the payload is incomplete. */
  truncated: boolean;
  omitted: BodyOmission | null;
  /** Inline media (data: URIs) whose bytes were taken out of the text. */
  redactedInlineMedia: number;
  /** sha256 (hex) and size of the body as the check read it, before anything was taken out. */
  readSha256: string | null;
  readBytes: number;
}

const TEXT_TYPES = new Set([
  'application/xhtml+xml',
  'application/xml',
  'application/json',
  'application/ld+json',
  'application/javascript',
  'application/ecmascript',
  'application/rss+xml',
  'application/atom+xml',
]);

/** True for text/*, the listed application types and +xml / +json; image/svg+xml is media. */
export function isTextType(contentType: string | undefined): boolean {
  const type = baseType(contentType);
  if (type === '' || isMediaType(type)) return false;
  return type.startsWith('text/') || TEXT_TYPES.has(type) || type.endsWith('+xml') || type.endsWith('+json');
}

function baseType(contentType: string | undefined): string {
  return (contentType ?? '').split(';')[0]?.trim().toLowerCase() ?? '';
}

export function storedBody(evidenceCase: EvidenceCase, response: HttpResponse): StoredBody {
  const contentType = response.headers['content-type'];
  const base = {
    decodedFrom: response.bodySkipped ? null : (bodyEncoding(response.headers['content-encoding']) ?? null),
    truncated: response.truncated,
    redactedInlineMedia: 0,
    readSha256: response.bodySkipped ? null : bodySha256(response.body),
    readBytes: response.body.byteLength,
  };
  const omit = (why: BodyOmission): StoredBody => ({ ...base, bytes: new Uint8Array(0), omitted: why });
  if (response.bodySkipped) return omit('not-read');
  if (evidenceCase.storeMedia && !evidenceCase.minor) return { ...base, bytes: response.body, omitted: null };
  if (isMediaType(contentType)) return omit('media-type');
  if (containsMedia(response.body)) return omit('media-bytes');
  // No Content-Type: kept when it reads as text (no NUL bytes), as browsers sniff it.
  const text = contentType === undefined ? !response.body.subarray(0, 4096).includes(0) : isTextType(contentType);
  if (!text) return omit('not-text');
  const redacted = redactInlineMedia(response.body);
  return { ...base, bytes: redacted.bytes, omitted: null, redactedInlineMedia: redacted.count };
}

const PNG = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
const JPEG = Buffer.from([0xff, 0xd8, 0xff]);

/**
 * Image or video bytes at the start (by their signatures), or a PNG or JPEG signature anywhere:
 * those byte runs cannot occur in UTF-8 text, so text that holds one has media pasted into it.
 */
export function containsMedia(body: Uint8Array): boolean {
  const bytes = Buffer.from(body.buffer, body.byteOffset, body.byteLength);
  if (bytes.includes(PNG) || bytes.includes(JPEG)) return true;
  const ascii = (from: number, to: number): string => bytes.subarray(from, to).toString('latin1');
  const head = ascii(0, 4);
  if (ascii(0, 6) === 'GIF87a' || ascii(0, 6) === 'GIF89a') return true;
  if (head === 'RIFF' && ['WEBP', 'AVI ', 'WAVE'].includes(ascii(8, 12))) return true;
  // ISO base media (MP4, MOV, HEIC, AVIF): a box of type "ftyp" first.
  if (ascii(4, 8) === 'ftyp') return true;
  // Matroska / WebM, Ogg, BMP, TIFF, FLV.
  if (bytes.subarray(0, 4).equals(Buffer.from([0x1a, 0x45, 0xdf, 0xa3]))) return true;
  if (head === 'OggS') return true;
  if (ascii(0, 2) === 'BM' && bytes.length > 14 && bytes.readUInt32LE(2) === bytes.length) return true;
  if (head === 'II*\u0000' || head === 'MM\u0000*' || ascii(0, 3) === 'FLV') return true;
  return false;
}

/** True when "data:" (any case) occurs: most pages have none, and a byte search is far cheaper than the pattern. */
function mayHoldDataUri(body: Uint8Array): boolean {
  const bytes = Buffer.from(body.buffer, body.byteOffset, body.byteLength);
  for (let at = bytes.indexOf(0x3a, 4); at !== -1; at = bytes.indexOf(0x3a, at + 1)) {
    // d a t a, each with its upper case (ASCII letters differ by 0x20).
    if ((bytes[at - 4]! | 0x20) === 0x64 && (bytes[at - 3]! | 0x20) === 0x61 && (bytes[at - 2]! | 0x20) === 0x74 && (bytes[at - 1]! | 0x20) === 0x61) return true;
  }
  return false;
}

// data:image/...,<payload> in HTML or CSS. The payload stops at a quote, bracket or anything
// that base64, base64url or percent-encoding cannot hold; whitespace inside it is taken too.
const INLINE_MEDIA = /(data:(?:image|video|audio)\/[^,"'<>()\s]{0,200},)[A-Za-z0-9+/=%_.~\s-]*/gi;

/**
 * Takes the bytes out of inline media (`data:image/jpeg;base64,...` becomes
 * `data:image/jpeg;base64,`): base64 of an image is the image. The rest of the text is kept.
 */
export function redactInlineMedia(body: Uint8Array): { bytes: Uint8Array; count: number } {
  if (!mayHoldDataUri(body)) return { bytes: body, count: 0 };
  // latin1 maps each byte to one character and back, so the other bytes come out unchanged.
  const text = Buffer.from(body.buffer, body.byteOffset, body.byteLength).toString('latin1');
  let count = 0;
  const replaced = text.replace(INLINE_MEDIA, (_match, prefix: string) => {
    count++;
    return prefix;
  });
  return count === 0 ? { bytes: body, count } : { bytes: Buffer.from(replaced, 'latin1'), count };
}
