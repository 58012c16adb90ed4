// Finds the WARC records in a file's bytes without trusting their lengths: every "WARC/1.1" line
// at the start of the file or after a record's closing CRLFs is a candidate, so one damaged
// record does not hide the ones after it.
import { createHash } from 'node:crypto';

export interface FoundRecord {
  offset: number;
  /** Bytes of the WARC header block, its closing empty line included. */
  headerLength: number;
  /** Named fields, names as written (first value of each). */
  fields: Map<string, string>;
  id: string | null;
  type: string | null;
  /** Content-Length as written; null when missing or not a number. */
  contentLength: number | null;
}

const MAGIC = Buffer.from('WARC/1.1\r\n', 'latin1');
const SEPARATOR = Buffer.from('\r\n\r\n', 'latin1');
const MAX_HEADER_BYTES = 64 * 1024;

export function scanWarc(bytes: Buffer): FoundRecord[] {
  const found: FoundRecord[] = [];
  for (let at = bytes.indexOf(MAGIC); at !== -1; at = bytes.indexOf(MAGIC, at + 1)) {
    if (at !== 0 && !bytes.subarray(at - 4, at).equals(SEPARATOR)) continue;
    const record = parseHeaderAt(bytes, at);
    if (record !== null) found.push(record);
  }
  return found;
}

/** The WARC header block at `offset`, or null when none ends within 64 KiB. */
export function parseHeaderAt(bytes: Buffer, offset: number): FoundRecord | null {
  const limit = Math.min(bytes.length, offset + MAX_HEADER_BYTES);
  const end = bytes.subarray(0, limit).indexOf(SEPARATOR, offset);
  if (end === -1) return null;
  const lines = bytes.subarray(offset, end).toString('utf8').split('\r\n').slice(1);
  const fields = new Map<string, string>();
  for (const line of lines) {
    const colon = line.indexOf(':');
    if (colon <= 0) continue;
    const name = line.slice(0, colon).trim().toLowerCase();
    if (!fields.has(name)) fields.set(name, line.slice(colon + 1).trim());
  }
  const length = fields.get('content-length');
  return {
    offset,
    headerLength: end + 4 - offset,
    fields,
    id: fields.get('warc-record-id') ?? null,
    type: fields.get('warc-type') ?? null,
    contentLength: length !== undefined && /^\d+$/.test(length) ? Number(length) : null,
  };
}

export interface RecordDigestCheck {
  /** The block's sha256 matches its WARC-Block-Digest. */
  block: boolean | null;
  /** The payload's sha256 matches its WARC-Payload-Digest (request and response records). */
  payload: boolean | null;
}

/** Recomputes a record's own digests from its bytes (null: the field is absent or the record cut). */
export function checkRecordDigests(bytes: Buffer, record: FoundRecord): RecordDigestCheck {
  if (record.contentLength === null) return { block: null, payload: null };
  const start = record.offset + record.headerLength;
  if (start + record.contentLength > bytes.length) return { block: null, payload: null };
  const block = bytes.subarray(start, start + record.contentLength);
  const blockDigest = record.fields.get('warc-block-digest');
  const payloadDigest = record.fields.get('warc-payload-digest');
  const headEnd = block.indexOf(SEPARATOR);
  return {
    block: blockDigest === undefined ? null : labelled(block) === blockDigest,
    payload: payloadDigest === undefined || headEnd === -1 ? null : labelled(block.subarray(headEnd + 4)) === payloadDigest,
  };
}

function labelled(bytes: Uint8Array): string {
  return `sha256:${createHash('sha256').update(bytes).digest('hex')}`;
}
