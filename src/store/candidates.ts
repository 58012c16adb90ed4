// The review queue of discovery: possible new copies of a case, pending until a human accepts or
// rejects them. Every change is an event; a rejected URL is remembered and never proposed again.
import { urlKey } from '../core/url-key.ts';
import type { Store } from './db.ts';
import { sql } from './db.ts';
import { canonicalJson } from './canonical-json.ts';
import { appendEvent } from './events.ts';
import { int, json, text, textOrNull } from './columns.ts';
import type { Row } from './columns.ts';

export const CANDIDATE_STATUSES = ['pending', 'accepted', 'rejected'] as const;
export type CandidateStatus = (typeof CANDIDATE_STATUSES)[number];

/** Mirrors PageLink['kind'] in src/discovery/page-links.ts (the store does not import discovery). */
export type CandidateKind = 'page' | 'image' | 'media';

export interface CandidateRow {
  id: number;
  caseId: string;
  /** The address as found (fragment dropped). */
  url: string;
  urlKey: string;
  kind: CandidateKind;
  /** The page the link was on. */
  foundOn: string;
  /** The watch place (case file `watch:`) whose crawl reached that page. */
  watchUrl: string;
  firstSeenAt: string;
  lastSeenAt: string;
  /** Discovery runs that found it. */
  seenCount: number;
  /** Why it was proposed, as discovery recorded it (see CandidateReason in src/discovery/reasons.ts). */
  reasons: Record<string, unknown>[];
  status: CandidateStatus;
  decidedAt: string | null;
  note: string | null;
}

export interface CandidateInput {
  url: string;
  kind: CandidateKind;
  foundOn: string;
  watchUrl: string;
  reasons: Record<string, unknown>[];
}

const COLUMNS =
  'id, case_id, url, url_key, kind, found_on, watch_url, first_seen_at, last_seen_at, seen_count, reasons, status, decided_at, note';

/** The URL keys the case already has candidates for, with their status. */
export function knownCandidates(store: Store, caseId: string): Map<string, CandidateStatus> {
  const rows = sql(store, 'SELECT url_key, status FROM candidates WHERE case_id = ?').all(caseId);
  return new Map(rows.map((row) => [text(row, 'url_key'), text(row, 'status') as CandidateStatus]));
}

/**
 * Records what one discovery run found for a case, in one transaction. A new URL becomes a
 * pending candidate with a 'candidate.found' event. A known one, whatever its status, gets its
 * last sighting (and, while pending, the latest reasons when there are any) and is returned in
 * `seenAgain`: a rejected candidate stays rejected. Each URL is counted once per call.
 */
export function recordCandidates(
  store: Store,
  caseId: string,
  inputs: readonly CandidateInput[],
  actor: string,
): { added: CandidateRow[]; seenAgain: CandidateRow[] } {
  return store.transaction(() => {
    const now = store.clock.now().toISOString();
    const added: CandidateRow[] = [];
    const seenAgain: CandidateRow[] = [];
    const done = new Set<string>();
    for (const input of inputs) {
      const key = urlKey(input.url);
      if (done.has(key)) continue;
      done.add(key);
      const existing = sql(store, `SELECT ${COLUMNS} FROM candidates WHERE case_id = ? AND url_key = ?`).get(caseId, key);
      if (existing !== undefined) {
        const row = toCandidateRow(existing);
        sql(
          store,
          `UPDATE candidates SET last_seen_at = ?, seen_count = seen_count + 1,
             reasons = CASE WHEN status = 'pending' AND ? = 1 THEN ? ELSE reasons END
           WHERE id = ?`,
        ).run(now, input.reasons.length > 0 ? 1 : 0, canonicalJson(input.reasons), row.id);
        seenAgain.push(getCandidate(store, row.id) ?? row);
        continue;
      }
      const inserted = sql(
        store,
        `INSERT INTO candidates (case_id, url, url_key, kind, found_on, watch_url, first_seen_at, last_seen_at, seen_count, reasons, status)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, 1, ?, 'pending') RETURNING ${COLUMNS}`,
      ).get(caseId, input.url, key, input.kind, input.foundOn, input.watchUrl, now, now, canonicalJson(input.reasons));
      if (inserted === undefined) throw new Error('store: inserting a candidate returned no row');
      const row = toCandidateRow(inserted);
      appendEvent(store, {
        actor,
        kind: 'candidate.found',
        caseId,
        data: { candidate: row.id, url: row.url, kind: row.kind, foundOn: row.foundOn, watch: row.watchUrl, reasons: row.reasons },
      });
      added.push(row);
    }
    return { added, seenAgain };
  });
}

export function getCandidate(store: Store, id: number): CandidateRow | null {
  const row = sql(store, `SELECT ${COLUMNS} FROM candidates WHERE id = ?`).get(id);
  return row === undefined ? null : toCandidateRow(row);
}

/** Candidates by id, of the given cases (all when none are named), with the given status (any when unset). */
export function listCandidates(store: Store, filter: { caseIds?: readonly string[]; status?: CandidateStatus } = {}): CandidateRow[] {
  const rows =
    filter.status === undefined
      ? sql(store, `SELECT ${COLUMNS} FROM candidates ORDER BY id`).all()
      : sql(store, `SELECT ${COLUMNS} FROM candidates WHERE status = ? ORDER BY id`).all(filter.status);
  const cases = filter.caseIds === undefined ? undefined : new Set(filter.caseIds);
  return rows.map(toCandidateRow).filter((r) => cases === undefined || cases.has(r.caseId));
}

export function countPendingCandidates(store: Store, caseIds?: readonly string[]): number {
  if (caseIds === undefined) {
    const row = sql(store, `SELECT COUNT(*) AS n FROM candidates WHERE status = 'pending'`).get();
    return row === undefined ? 0 : int(row, 'n');
  }
  let total = 0;
  const count = sql(store, `SELECT COUNT(*) AS n FROM candidates WHERE status = 'pending' AND case_id = ?`);
  for (const caseId of new Set(caseIds)) {
    const row = count.get(caseId);
    total += row === undefined ? 0 : int(row, 'n');
  }
  return total;
}

/**
 * Accepts or rejects a candidate, with a 'candidate.accepted' or 'candidate.rejected' event. A
 * decision may be changed only from rejected to accepted (a human changing their mind); an
 * accepted candidate is in the case file and is taken out there, not here.
 */
export function decideCandidate(
  store: Store,
  id: number,
  decision: Exclude<CandidateStatus, 'pending'>,
  options: { actor: string; note?: string; data?: Record<string, unknown> },
): CandidateRow {
  return store.transaction(() => {
    const row = getCandidate(store, id);
    if (row === null) throw new Error(`store: no candidate ${id}`);
    if (row.status === 'accepted' && decision === 'rejected') {
      throw new Error(`store: candidate ${id} was accepted; it cannot be rejected`);
    }
    if (row.status === decision) return row;
    const now = store.clock.now().toISOString();
    const note = options.note ?? null;
    sql(store, 'UPDATE candidates SET status = ?, decided_at = ?, note = COALESCE(?, note) WHERE id = ?').run(decision, now, note, id);
    appendEvent(store, {
      actor: options.actor,
      kind: `candidate.${decision}`,
      caseId: row.caseId,
      data: { candidate: id, url: row.url, from: row.status, ...(note === null ? {} : { note }), ...options.data },
    });
    return getCandidate(store, id) ?? row;
  });
}

/** When discovery last read the case's watch places (its last 'discovery.run' event), or null: lets a sweep that runs often look for new copies less often. */
export function lastDiscoveryAt(store: Store, caseId: string): string | null {
  // A run cut short (Ctrl-C) did not read every place: it does not count, so the next sweep reads them.
  const rows = sql(store, `SELECT at, data FROM events WHERE case_id = ? AND kind = 'discovery.run' ORDER BY seq DESC LIMIT 20`).all(caseId);
  for (const row of rows) {
    const data = JSON.parse(text(row, 'data')) as { aborted?: unknown };
    if (data.aborted !== true) return text(row, 'at');
  }
  return null;
}

function toCandidateRow(row: Row): CandidateRow {
  return {
    id: int(row, 'id'),
    caseId: text(row, 'case_id'),
    url: text(row, 'url'),
    urlKey: text(row, 'url_key'),
    kind: text(row, 'kind') as CandidateKind,
    foundOn: text(row, 'found_on'),
    watchUrl: text(row, 'watch_url'),
    firstSeenAt: text(row, 'first_seen_at'),
    lastSeenAt: text(row, 'last_seen_at'),
    seenCount: int(row, 'seen_count'),
    reasons: json(row, 'reasons') as Record<string, unknown>[],
    status: text(row, 'status') as CandidateStatus,
    decidedAt: textOrNull(row, 'decided_at'),
    note: textOrNull(row, 'note'),
  };
}
