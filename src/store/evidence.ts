// The evidence index: each capture (the WARC records written for one check) as a row and as an
// 'evidence.captured' event in the hash-chained log. The event is the record of truth.
import type { Store } from './db.ts';
import { sql } from './db.ts';
import { appendEvent } from './events.ts';
import type { EventRow } from './events.ts';
import { int, intOrNull, text, textOrNull } from './columns.ts';
import type { Row } from './columns.ts';

export const EVIDENCE_CAPTURED = 'evidence.captured';
export const EVIDENCE_RECOVERED = 'evidence.recovered';

/** Why a check was captured: the URL's first capture, a new state, or the `always` setting. */
export type CaptureCause = 'first' | 'change' | 'always';

export type WarcRecordType = 'warcinfo' | 'request' | 'response' | 'metadata';

/** One WARC record: where it lies and what it must hash to. Stored as is in the event's data. */
export interface EvidenceRecordEntry {
  type: WarcRecordType;
  /** WARC-Record-ID, with its angle brackets. */
  id: string;
  /** Byte offset of the record's first byte ("WARC/1.1") in the file. */
  offset: number;
  /** Bytes from the offset to the end of the two CRLFs that close the record. */
  length: number;
  /** sha256 (hex) of those bytes: headers, block and closing CRLFs. */
  sha256: string;
  /** WARC-Block-Digest as written, e.g. "sha256:ab12...". */
  blockDigest: string;
  /** WARC-Payload-Digest as written; null when the record has none. */
  payloadDigest: string | null;
}

export interface CaptureInput {
  actor: string;
  caseId: string;
  targetId: number | null;
  /** The run the check belongs to; with targetId it finds the check row. */
  runId: number | null;
  url: string;
  capturedAt: string;
  state: string;
  reason: string;
  cause: CaptureCause;
  /** The WARC file's name inside the case's evidence folder. */
  file: string;
  /** In file order. */
  records: EvidenceRecordEntry[];
}

export interface CaptureRow extends Omit<CaptureInput, 'actor'> {
  id: number;
  checkId: number | null;
  eventSeq: number;
}

/** The data of an 'evidence.captured' event. */
export interface CaptureEventData {
  url: string;
  captured_at: string;
  state: string;
  reason: string;
  cause: CaptureCause;
  run: number | null;
  check: number | null;
  file: string;
  records: EvidenceRecordEntry[];
}

/** The data of an 'evidence.recovered' event: an unindexed tail cut off a file before appending to it. */
export interface RecoveryEventData {
  file: string;
  offset: number;
  bytes: number;
  sha256: string;
}

const CAPTURE_COLUMNS = 'id, case_id, target_id, check_id, run_id, url, captured_at, state, reason, cause, file, event_seq';
const RECORD_COLUMNS = 'capture_id, file, byte_offset, byte_length, type, record_id, record_sha256, block_digest, payload_digest';

/**
 * Indexes one capture in one transaction: the event first (its seq goes into the row), then the
 * capture and its records. The check is found by (run, target), so it must be recorded already
 * or in the same transaction; when it is not, check stays null.
 */
export function recordCapture(store: Store, input: CaptureInput): CaptureRow {
  return store.transaction(() => {
    const checkId = input.runId !== null && input.targetId !== null ? checkIdFor(store, input.runId, input.targetId) : null;
    const data: CaptureEventData = {
      url: input.url,
      captured_at: input.capturedAt,
      state: input.state,
      reason: input.reason,
      cause: input.cause,
      run: input.runId,
      check: checkId,
      file: input.file,
      records: input.records,
    };
    const event = appendEvent(store, { actor: input.actor, kind: EVIDENCE_CAPTURED, caseId: input.caseId, targetId: input.targetId, data });
    const row = sql(
      store,
      `INSERT INTO evidence_captures (${CAPTURE_COLUMNS.split(', ').slice(1).join(', ')})
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id`,
    ).get(input.caseId, input.targetId, checkId, input.runId, input.url, input.capturedAt, input.state, input.reason, input.cause, input.file, event.seq);
    if (row === undefined) throw new Error('store: INSERT ... RETURNING gave no row');
    const id = int(row, 'id');
    const insert = sql(store, `INSERT INTO evidence_records (case_id, ${RECORD_COLUMNS}) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`);
    for (const r of input.records) {
      insert.run(input.caseId, id, input.file, r.offset, r.length, r.type, r.id, r.sha256, r.blockDigest, r.payloadDigest);
    }
    const { actor: _actor, ...rest } = input;
    return { ...rest, id, checkId, eventSeq: event.seq };
  });
}

/** Logs that an unindexed tail (a capture cut off before it was indexed) was removed from a file. */
export function recordEvidenceRecovery(store: Store, caseId: string, data: RecoveryEventData): EventRow {
  return appendEvent(store, { actor: 'evidence', kind: EVIDENCE_RECOVERED, caseId, data });
}

/** The check row of (run, target), or null when it is not recorded. */
export function checkIdFor(store: Store, runId: number, targetId: number): number | null {
  const row = sql(store, 'SELECT id FROM checks WHERE run_id = ? AND target_id = ?').get(runId, targetId);
  return row === undefined ? null : int(row, 'id');
}

/** The case's targets that have at least one capture. */
export function capturedTargetIds(store: Store, caseId: string): Set<number> {
  const rows = sql(store, 'SELECT DISTINCT target_id FROM evidence_captures WHERE case_id = ? AND target_id IS NOT NULL').all(caseId);
  return new Set(rows.map((row) => int(row, 'target_id')));
}

/** Where the indexed records of a file end: appending goes there, and anything past it is unindexed. */
export function evidenceFileEnd(store: Store, caseId: string, file: string): number {
  const row = sql(
    store,
    'SELECT MAX(byte_offset + byte_length) AS end FROM evidence_records WHERE case_id = ? AND file = ?',
  ).get(caseId, file);
  return row === undefined ? 0 : (intOrNull(row, 'end') ?? 0);
}

/** Cases that have evidence, by id. */
export function evidenceCaseIds(store: Store): string[] {
  return sql(store, 'SELECT DISTINCT case_id FROM evidence_captures ORDER BY case_id')
    .all()
    .map((row) => text(row, 'case_id'));
}

/** The case's captures, oldest first, each with its records in file order. */
export function listCaptures(store: Store, caseId: string): CaptureRow[] {
  const captures = sql(store, `SELECT ${CAPTURE_COLUMNS} FROM evidence_captures WHERE case_id = ? ORDER BY id`).all(caseId);
  return withRecords(store, captures, caseId);
}

/** One target's captures, oldest first (for reports: evidence references per URL). */
export function capturesForTarget(store: Store, targetId: number): CaptureRow[] {
  const captures = sql(store, `SELECT ${CAPTURE_COLUMNS} FROM evidence_captures WHERE target_id = ? ORDER BY id`).all(targetId);
  const caseId = captures[0] === undefined ? null : text(captures[0], 'case_id');
  return caseId === null ? [] : withRecords(store, captures, caseId);
}

function withRecords(store: Store, captures: Row[], caseId: string): CaptureRow[] {
  const byCapture = new Map<number, EvidenceRecordEntry[]>();
  for (const row of sql(store, `SELECT ${RECORD_COLUMNS} FROM evidence_records WHERE case_id = ? ORDER BY id`).iterate(caseId)) {
    const id = int(row, 'capture_id');
    const list = byCapture.get(id) ?? [];
    list.push(toRecordEntry(row));
    byCapture.set(id, list);
  }
  return captures.map((row) => {
    const id = int(row, 'id');
    return {
      id,
      caseId: text(row, 'case_id'),
      targetId: intOrNull(row, 'target_id'),
      checkId: intOrNull(row, 'check_id'),
      runId: intOrNull(row, 'run_id'),
      url: text(row, 'url'),
      capturedAt: text(row, 'captured_at'),
      state: text(row, 'state'),
      reason: text(row, 'reason'),
      cause: text(row, 'cause') as CaptureCause,
      file: text(row, 'file'),
      eventSeq: int(row, 'event_seq'),
      records: byCapture.get(id) ?? [],
    };
  });
}

function toRecordEntry(row: Row): EvidenceRecordEntry {
  return {
    type: text(row, 'type') as WarcRecordType,
    id: text(row, 'record_id'),
    offset: int(row, 'byte_offset'),
    length: int(row, 'byte_length'),
    sha256: text(row, 'record_sha256'),
    blockDigest: text(row, 'block_digest'),
    payloadDigest: textOrNull(row, 'payload_digest'),
  };
}

/** The WARC-Record-ID of the warcinfo record that opens a file, null when none is indexed. */
export function warcinfoIdOf(store: Store, caseId: string, file: string): string | null {
  const row = sql(
    store,
    `SELECT record_id FROM evidence_records WHERE case_id = ? AND file = ? AND type = 'warcinfo' ORDER BY byte_offset LIMIT 1`,
  ).get(caseId, file);
  return row === undefined ? null : text(row, 'record_id');
}
