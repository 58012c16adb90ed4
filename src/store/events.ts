// The append-only event log: each row carries the hash of the one before it, so any edit shows.
import { createHash } from 'node:crypto';
import type { Store } from './db.ts';
import { sql } from './db.ts';
import { canonicalJson } from './canonical-json.ts';
import { int, intOrNull, json, text, textOrNull } from './columns.ts';
import type { Row } from './columns.ts';

export interface EventRow {
  seq: number;
  /** ISO-8601 UTC time the event was recorded. */
  at: string;
  /** Who caused it: 'checker', 'case-file', a user name, ... */
  actor: string;
  /** Dotted kind, e.g. 'target.state'. */
  kind: string;
  caseId: string | null;
  targetId: number | null;
  data: unknown;
  prevHash: string;
  hash: string;
}

export interface EventInput {
  actor: string;
  kind: string;
  caseId?: string | null;
  targetId?: number | null;
  data: unknown;
}

export type ChainVerdict = { ok: true; count: number } | { ok: false; seq: number; problem: string };

export const GENESIS_HASH = '0'.repeat(64);

const COLUMNS = 'seq, at, actor, kind, case_id, target_id, data, prev_hash, hash';

/**
 * Appends one event. Runs inside the caller's transaction when there is one (as a savepoint),
 * so the event commits or rolls back with the change it describes.
 */
export function appendEvent(store: Store, input: EventInput): EventRow {
  return store.transaction(() => {
    const last = sql(store, 'SELECT seq, hash FROM events ORDER BY seq DESC LIMIT 1').get();
    // `data` is stored as canonical JSON and read back, so the row returned is what verify sees.
    const dataText = canonicalJson(input.data);
    const event: EventRow = {
      seq: last === undefined ? 1 : int(last, 'seq') + 1,
      at: store.clock.now().toISOString(),
      actor: input.actor,
      kind: input.kind,
      caseId: input.caseId ?? null,
      targetId: input.targetId ?? null,
      data: JSON.parse(dataText) as unknown,
      prevHash: last === undefined ? GENESIS_HASH : text(last, 'hash'),
      hash: '',
    };
    event.hash = hashWithData(event, dataText);
    sql(store, `INSERT INTO events (${COLUMNS}) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`).run(
      event.seq,
      event.at,
      event.actor,
      event.kind,
      event.caseId,
      event.targetId,
      dataText,
      event.prevHash,
      event.hash,
    );
    return event;
  });
}

/** sha256 (hex) of the canonical JSON of every field but the hash itself. */
export function eventHash(event: Omit<EventRow, 'hash'>): string {
  const body = canonicalJson({
    seq: event.seq,
    at: event.at,
    actor: event.actor,
    kind: event.kind,
    case_id: event.caseId,
    target_id: event.targetId,
    data: event.data,
    prev_hash: event.prevHash,
  });
  return createHash('sha256').update(body, 'utf8').digest('hex');
}

/**
 * eventHash for an event whose data is already serialised (canonically): the same text eventHash
 * makes, with the data spliced in rather than serialised again. The keys are in sorted order.
 */
function hashWithData(event: Omit<EventRow, 'hash'>, dataText: string): string {
  const body =
    `{"actor":${JSON.stringify(event.actor)},"at":${JSON.stringify(event.at)},"case_id":${JSON.stringify(event.caseId)},` +
    `"data":${dataText},"kind":${JSON.stringify(event.kind)},"prev_hash":${JSON.stringify(event.prevHash)},` +
    `"seq":${JSON.stringify(event.seq)},"target_id":${JSON.stringify(event.targetId)}}`;
  return createHash('sha256').update(body, 'utf8').digest('hex');
}

/**
 * Recomputes every hash and link, streaming the rows. Reports the first row that fails.
 * Rows cut off the end of the log cannot be detected from the log alone; keep the last hash
 * elsewhere (a report, a notice) to prove that.
 */
export function verifyEventChain(store: Store): ChainVerdict {
  let previous: { seq: number; hash: string } | null = null;
  let count = 0;
  for (const row of sql(store, `SELECT ${COLUMNS} FROM events ORDER BY seq`).iterate()) {
    const seq = int(row, 'seq');
    const expectedSeq: number = previous === null ? 1 : previous.seq + 1;
    if (seq !== expectedSeq) {
      return { ok: false, seq, problem: `seq ${seq} follows ${expectedSeq - 1}: events are missing` };
    }
    let event: EventRow;
    try {
      event = toEventRow(row);
    } catch (error) {
      return { ok: false, seq, problem: `the row cannot be read: ${(error as Error).message}` };
    }
    const expectedPrev = previous === null ? GENESIS_HASH : previous.hash;
    if (event.prevHash !== expectedPrev) {
      return { ok: false, seq, problem: `prev_hash does not match the hash of event ${seq - 1}` };
    }
    if (eventHash(event) !== event.hash) {
      return { ok: false, seq, problem: 'the hash does not match the row: it was altered after it was written' };
    }
    previous = { seq, hash: event.hash };
    count += 1;
  }
  return { ok: true, count };
}

export function listEvents(store: Store, filter: { caseId?: string; targetId?: number } = {}): EventRow[] {
  if (filter.targetId !== undefined) {
    return sql(store, `SELECT ${COLUMNS} FROM events WHERE target_id = ? ORDER BY seq`)
      .all(filter.targetId)
      .map(toEventRow);
  }
  if (filter.caseId !== undefined) {
    return sql(store, `SELECT ${COLUMNS} FROM events WHERE case_id = ? ORDER BY seq`)
      .all(filter.caseId)
      .map(toEventRow);
  }
  return sql(store, `SELECT ${COLUMNS} FROM events ORDER BY seq`).all().map(toEventRow);
}

function toEventRow(row: Row): EventRow {
  return {
    seq: int(row, 'seq'),
    at: text(row, 'at'),
    actor: text(row, 'actor'),
    kind: text(row, 'kind'),
    caseId: textOrNull(row, 'case_id'),
    targetId: intOrNull(row, 'target_id'),
    data: json(row, 'data'),
    prevHash: text(row, 'prev_hash'),
    hash: text(row, 'hash'),
  };
}
