// Compares one WARC file with its index: every indexed record must be where it was written,
// byte for byte, in the order written, and nothing may lie between or after them.
import { createHash } from 'node:crypto';
import { checkRecordDigests, parseHeaderAt, scanWarc, type FoundRecord } from './warc-scan.ts';

export const PROBLEM_KINDS = ['altered', 'missing', 'truncated', 'reordered', 'unindexed', 'chain', 'index'] as const;
/**
 * altered: a record's bytes differ from what was written; missing: an indexed record (or file)
 * is gone; truncated: the file ends inside or before an indexed record; reordered: records are
 * out of the order written; unindexed: bytes or files the index does not know; chain: the event
 * log's hash chain is broken; index: the index table disagrees with the event log.
 */
export type ProblemKind = (typeof PROBLEM_KINDS)[number];

export interface ExpectedRecord {
  type: string;
  id: string;
  offset: number;
  length: number;
  sha256: string;
  /** The 'evidence.captured' event that indexed it. */
  eventSeq: number;
}

export interface FileProblem {
  kind: ProblemKind;
  offset: number | null;
  recordId: string | null;
  recordType: string | null;
  eventSeq: number | null;
  message: string;
}

interface Located {
  expected: ExpectedRecord;
  rank: number;
  at: number;
}

export function checkFile(bytes: Buffer, expected: readonly ExpectedRecord[]): FileProblem[] {
  const problems: FileProblem[] = [];
  const found = scanWarc(bytes);
  const byId = new Map<string, FoundRecord[]>();
  for (const record of found) if (record.id !== null) byId.set(record.id, [...(byId.get(record.id) ?? []), record]);
  const located: Located[] = [];
  const covered: Array<[number, number]> = [];
  const problem = (kind: ProblemKind, e: ExpectedRecord, offset: number, message: string): void => {
    problems.push({ kind, offset, recordId: e.id, recordType: e.type, eventSeq: e.eventSeq, message });
  };

  expected.forEach((e, rank) => {
    const candidates = byId.get(e.id) ?? [];
    const match = candidates.find((c) => c.offset === e.offset) ?? candidates[0];
    if (match !== undefined) {
      located.push({ expected: e, rank, at: match.offset });
      covered.push([match.offset, Math.min(bytes.length, match.offset + e.length)]);
      if (match.offset + e.length > bytes.length) {
        problem('truncated', e, match.offset, `the file ends at byte ${bytes.length}, inside this record (${e.length} bytes from ${match.offset})`);
        return;
      }
      const actual = bytes.subarray(match.offset, match.offset + e.length);
      if (sha256(actual) !== e.sha256) problem('altered', e, match.offset, alteredDetail(bytes, match));
      return;
    }
    if (e.offset >= bytes.length) {
      problem('truncated', e, e.offset, `the file ends at byte ${bytes.length}, before this record`);
      return;
    }
    if (e.offset + e.length > bytes.length) {
      covered.push([e.offset, bytes.length]);
      problem('truncated', e, e.offset, `the file ends at byte ${bytes.length}, inside this record (${e.length} bytes from ${e.offset}), and its header no longer reads`);
      return;
    }
    const there = parseHeaderAt(bytes, e.offset);
    if (there !== null && there.id === e.id) {
      covered.push([e.offset, e.offset + e.length]);
      problem('altered', e, e.offset, 'the bytes differ from those written: the record\'s first line (WARC/1.1) was changed');
      return;
    }
    const thereId = there?.id ?? null;
    const otherRecord = thereId !== null && expected.some((x) => x.id === thereId);
    if (otherRecord || !looksLikeRecordStart(bytes, e.offset)) {
      problem('missing', e, e.offset, 'the record is not in the file');
      return;
    }
    covered.push([e.offset, e.offset + e.length]);
    problem('altered', e, e.offset, 'the record at this offset no longer reads as this record: its WARC-Record-ID or header was changed');
  });

  // Reordered: walking the file in order, a record indexed before one already passed.
  let last: Located | null = null;
  for (const l of [...located].sort((a, b) => a.at - b.at)) {
    if (last !== null && l.rank < last.rank) {
      problem('reordered', l.expected, l.at, `found at offset ${l.at}, after ${last.expected.id} which was written after it; it was written at offset ${l.expected.offset}`);
    }
    if (last === null || l.rank > last.rank) last = l;
  }

  for (const [start, end] of gaps(covered, bytes.length)) {
    const record = found.find((f) => f.offset >= start && f.offset < end);
    const what = record?.id ? `, among them record ${record.id} (${record.type ?? 'no type'}) at offset ${record.offset}` : '';
    problems.push({
      kind: 'unindexed',
      offset: start,
      recordId: record?.id ?? null,
      recordType: record?.type ?? null,
      eventSeq: null,
      message: `${end - start} byte(s) from offset ${start} are not in the index${what} (a capture cut off by a crash leaves such a tail; anything else was added)`,
    });
  }
  return problems.sort((a, b) => (a.offset ?? 0) - (b.offset ?? 0));
}

function alteredDetail(bytes: Buffer, record: FoundRecord): string {
  const digests = checkRecordDigests(bytes, record);
  if (digests.block === false) return 'the bytes differ from those written: the block no longer matches its WARC-Block-Digest';
  if (digests.payload === false) return 'the bytes differ from those written: the payload no longer matches its WARC-Payload-Digest';
  if (digests.block === null) return 'the bytes differ from those written: the header (its Content-Length or digest) was changed';
  return 'the bytes differ from those written: a WARC header field was changed (or the record rewritten with new digests)';
}

function looksLikeRecordStart(bytes: Buffer, offset: number): boolean {
  return bytes.subarray(offset, offset + 5).toString('latin1') === 'WARC/';
}

/** Ranges of [0, size) that no interval covers. */
function gaps(intervals: Array<[number, number]>, size: number): Array<[number, number]> {
  const out: Array<[number, number]> = [];
  let at = 0;
  for (const [start, end] of [...intervals].sort((a, b) => a[0] - b[0])) {
    if (start > at) out.push([at, start]);
    at = Math.max(at, end);
  }
  if (at < size) out.push([at, size]);
  return out;
}

function sha256(bytes: Uint8Array): string {
  return createHash('sha256').update(bytes).digest('hex');
}
