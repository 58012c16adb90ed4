// One WARC 1.1 record as bytes, with the SHA-256 digests that let anyone check it later.
import { createHash, randomUUID } from 'node:crypto';

export type WarcType = 'warcinfo' | 'request' | 'response' | 'metadata';

export interface WarcRecordSpec {
  type: WarcType;
  /** WARC-Record-ID with its angle brackets (see newRecordId). */
  id: string;
  /** ISO-8601 UTC time (WARC 1.1 allows the milliseconds). */
  date: string;
  /** WARC-Target-URI, written without angle brackets as WARC 1.1 says. */
  targetUri?: string;
  /** Further named fields in the order given (WARC-Concurrent-To, WARC-IP-Address, ...). */
  fields?: ReadonlyArray<readonly [string, string]>;
  contentType: string;
  block: Uint8Array;
  /**
   * Where the payload starts inside the block: after the HTTP head for request and response
   * records. Null: the record has no payload digest (warcinfo, metadata).
   */
  payloadStart: number | null;
}

/** What the index keeps about a record, besides where it was written. */
export interface WarcRecordIndex {
  type: WarcType;
  id: string;
  length: number;
  sha256: string;
  blockDigest: string;
  payloadDigest: string | null;
}

export interface BuiltRecord {
  bytes: Buffer;
  index: WarcRecordIndex;
}

const CRLF = '\r\n';
const END = Buffer.from('\r\n\r\n', 'latin1');

/** sha256 of the bytes as a WARC labelled digest, "sha256:<hex>" (the form warcio writes and checks). */
export function warcDigest(bytes: Uint8Array): string {
  return `sha256:${sha256Hex(bytes)}`;
}

export function sha256Hex(bytes: Uint8Array): string {
  return createHash('sha256').update(bytes).digest('hex');
}

export function newRecordId(): string {
  return `<urn:uuid:${randomUUID()}>`;
}

export function buildRecord(spec: WarcRecordSpec): BuiltRecord {
  const blockDigest = warcDigest(spec.block);
  const payloadDigest = spec.payloadStart === null ? null : warcDigest(spec.block.subarray(spec.payloadStart));
  const fields: Array<readonly [string, string]> = [
    ['WARC-Type', spec.type],
    ['WARC-Record-ID', spec.id],
    ['WARC-Date', spec.date],
    ...(spec.targetUri === undefined ? [] : [['WARC-Target-URI', spec.targetUri] as const]),
    ...(spec.fields ?? []),
    ['Content-Type', spec.contentType],
    ['WARC-Block-Digest', blockDigest],
    ...(payloadDigest === null ? [] : [['WARC-Payload-Digest', payloadDigest] as const]),
    ['Content-Length', String(spec.block.byteLength)],
  ];
  const head = `WARC/1.1${CRLF}${fields.map(([name, value]) => `${name}: ${fieldValue(name, value)}${CRLF}`).join('')}${CRLF}`;
  const bytes = Buffer.concat([Buffer.from(head, 'utf8'), spec.block, END]);
  return {
    bytes,
    index: { type: spec.type, id: spec.id, length: bytes.byteLength, sha256: sha256Hex(bytes), blockDigest, payloadDigest },
  };
}

/** A line break inside a value would start a forged field; URLs and ids never hold one. */
function fieldValue(name: string, value: string): string {
  if (/[\r\n]/.test(value)) throw new Error(`warc: the ${name} value holds a line break: ${JSON.stringify(value)}`);
  return value;
}
