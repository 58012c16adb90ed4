// Writes captures into per-case WARC files and indexes them in the event log, crash-safely.
//
// Files: .takedown/evidence/<case>/run-<run>-<nnn>.warc, one series per run (so no two processes
// ever append to the same file), a new one past maxFileBytes. Order of writing, for each batch:
//   1. each capture's records are appended to its file in one write (page cache, no fsync yet);
//   2. sync(): every file written to is fsynced (and its folder, when the file is new);
//   3. index(): one 'evidence.captured' event and index rows per capture, in the caller's
//      transaction (check commits them with the checks of the same batch).
// The index is the commit record: bytes past the last indexed record of a file are a capture cut
// off between 1 and 3. A resumed run cuts such a tail off its own file before appending (and
// logs 'evidence.recovered' with the digest of what it cut); `evidence verify` reports tails in
// any other file. A record is never rewritten in place, so a crash cannot damage indexed records.
import { closeSync, fstatSync, fsyncSync, ftruncateSync, mkdirSync, openSync, readdirSync, readSync, statSync, writeSync, writevSync } from 'node:fs';
import { chmodSync, existsSync } from 'node:fs';
import { createHash } from 'node:crypto';
import { join } from 'node:path';
import type { CheckResult } from '../core/check-result.ts';
import { UserError } from '../core/errors.ts';
import type { HttpOutcome } from '../core/http-types.ts';
import {
  evidenceFileEnd,
  capturedTargetIds,
  recordCapture,
  recordEvidenceRecovery,
  warcinfoIdOf,
  type CaptureInput,
  type Store,
} from '../store/index.ts';
import type { EvidenceCase } from './body-policy.ts';
import { captureCause, type CaptureCause, type CaptureSetting } from './capture-policy.ts';
import { captureRecords } from './capture-records.ts';
import { newRecordId, type BuiltRecord } from './warc-record.ts';
import { warcinfoRecord } from './warcinfo.ts';

export const DEFAULT_MAX_FILE_BYTES = 100 * 1024 * 1024;

export interface EvidenceOptions {
  store: Store;
  /** The workspace's evidence folder (.takedown/evidence). */
  dir: string;
  /** The run the checks belong to: it names the files and finds each check's row. */
  runId: number;
  capture: CaptureSetting;
  /** Written into each warcinfo and metadata record, e.g. "takedown/0.1.0". */
  software: string;
  /** The event log's actor (default 'checker'). */
  actor?: string;
  /** Start a new file when a file would grow past this (default 100 MiB). */
  maxFileBytes?: number;
}

/** The URL as the store had it before this check was recorded. */
export interface EvidenceTarget {
  id: number;
  url: string;
  lastState: string | null;
}

/** One check: its conclusion and what came over the wire. */
export interface CheckExchange {
  result: CheckResult;
  outcome: HttpOutcome;
}

export interface CaptureDone {
  cause: CaptureCause;
  file: string;
  records: number;
}

interface OpenFile {
  caseId: string;
  name: string;
  path: string;
  seq: number;
  /** Where the next record goes: indexed records plus those written in this session. */
  end: number;
  /** Null until the file's warcinfo is written. */
  warcinfoId: string | null;
  /** Open for appending once the session first writes to it. */
  fd: number | null;
}

export interface EvidenceSession {
  readonly options: EvidenceOptions;
  /** fsyncs every file written since the last sync. Call outside a transaction, before index(). */
  sync(): void;
  /** Indexes every capture written so far. Call inside the transaction that records the checks. */
  index(): number;
  /** sync() then index() in a transaction of its own. */
  commit(): number;
  /** commit(); the session can no longer capture. */
  close(): void;
}

interface SessionState {
  files: Map<string, OpenFile>;
  dirty: Set<string>;
  newDirs: Set<string>;
  pending: CaptureInput[];
  /** Per case: its targets with a capture, read once from the store and kept up to date. */
  captured: Map<string, Set<number>>;
  closed: boolean;
}

const states = new WeakMap<EvidenceSession, SessionState>();
const SAFE_CASE_ID = /^[A-Za-z0-9][A-Za-z0-9._-]{0,99}$/;

export function openEvidence(options: EvidenceOptions): EvidenceSession {
  const state: SessionState = { files: new Map(), dirty: new Set(), newDirs: new Set(), pending: [], captured: new Map(), closed: false };
  const session: EvidenceSession = {
    options,
    sync: () => syncFiles(state),
    index: () => {
      const batch = state.pending;
      state.pending = [];
      for (const capture of batch) recordCapture(options.store, capture);
      return batch.length;
    },
    commit: () => {
      session.sync();
      return options.store.transaction(() => session.index());
    },
    close: () => {
      if (state.closed) return;
      try {
        session.commit();
      } finally {
        closeFiles(state);
        state.closed = true;
      }
    },
  };
  states.set(session, state);
  return session;
}

/**
 * The hook a check or a sweep calls for each result, before the result is recorded: decides
 * whether to capture (the setting, the URL's first capture, a change of state), then writes the
 * records. They are indexed by the session's next index() or commit(). Returns null when the
 * check is not captured.
 */
export function captureEvidence(
  session: EvidenceSession,
  evidenceCase: EvidenceCase,
  target: EvidenceTarget,
  exchange: CheckExchange,
): CaptureDone | null {
  const state = stateOf(session);
  const { options } = session;
  if (options.capture === 'never') return null;
  const captured = capturedIn(state, options.store, evidenceCase.id).has(target.id);
  const cause = captureCause(options.capture, { captured, previousState: target.lastState, state: exchange.result.state });
  if (cause === null) return null;

  let file = fileFor(session, state, evidenceCase.id);
  let built = buildCapture(session, file, evidenceCase, target, exchange, cause);
  let size = built.reduce((sum, r) => sum + r.index.length, 0);
  const max = options.maxFileBytes ?? DEFAULT_MAX_FILE_BYTES;
  if (file.end > 0 && file.end + size > max) {
    file = startFile(session, state, evidenceCase.id, file.seq + 1);
    // Built again: the new file's first capture starts with its warcinfo record.
    built = buildCapture(session, file, evidenceCase, target, exchange, cause);
    size = built.reduce((sum, r) => sum + r.index.length, 0);
  }

  let offset = file.end;
  const records = built.map((record) => {
    const entry = { ...record.index, offset };
    offset += record.index.length;
    return entry;
  });
  append(file, built.flatMap((r) => r.parts), size);
  state.dirty.add(file.path);
  const warcinfo = built[0]?.index.type === 'warcinfo' ? built[0].index.id : null;
  if (warcinfo !== null) file.warcinfoId = warcinfo;
  state.pending.push({
    actor: options.actor ?? 'checker',
    caseId: evidenceCase.id,
    targetId: target.id,
    runId: options.runId,
    url: target.url,
    capturedAt: exchange.result.checkedAt,
    state: exchange.result.state,
    reason: exchange.result.reason,
    cause,
    file: file.name,
    records,
  });
  capturedIn(state, options.store, evidenceCase.id).add(target.id);
  return { cause, file: file.name, records: records.length };
}

function capturedIn(state: SessionState, store: Store, caseId: string): Set<number> {
  let set = state.captured.get(caseId);
  if (set === undefined) {
    set = capturedTargetIds(store, caseId);
    state.captured.set(caseId, set);
  }
  return set;
}

function stateOf(session: EvidenceSession): SessionState {
  const state = states.get(session);
  if (state === undefined) throw new Error('evidence: not a session made by openEvidence');
  if (state.closed) throw new Error('evidence: the session is closed');
  return state;
}

function buildCapture(
  session: EvidenceSession,
  file: OpenFile,
  evidenceCase: EvidenceCase,
  target: EvidenceTarget,
  exchange: CheckExchange,
  cause: CaptureCause,
): BuiltRecord[] {
  const { software } = session.options;
  const warcinfo =
    file.warcinfoId === null
      ? warcinfoRecord({ id: newRecordId(), date: exchange.result.checkedAt, filename: file.name, software, caseId: evidenceCase.id })
      : null;
  const records = captureRecords({
    evidenceCase,
    url: target.url,
    result: exchange.result,
    outcome: exchange.outcome,
    cause,
    previousState: target.lastState,
    warcinfoId: warcinfo?.index.id ?? (file.warcinfoId as string),
    software,
  });
  return warcinfo === null ? records : [warcinfo, ...records];
}

export function runFileName(runId: number, seq: number): string {
  return `run-${runId}-${String(seq).padStart(3, '0')}.warc`;
}

/** The case's folder under the evidence folder; case ids are file-name safe by the case schema. */
export function caseEvidenceDir(dir: string, caseId: string): string {
  if (!SAFE_CASE_ID.test(caseId)) throw new Error(`evidence: case id ${JSON.stringify(caseId)} cannot name a folder`);
  return join(dir, caseId);
}

/** This run's newest file for the case, made ready for appending; a new one when there is none. */
function fileFor(session: EvidenceSession, state: SessionState, caseId: string): OpenFile {
  const open = state.files.get(caseId);
  if (open !== undefined) return open;
  const { store, runId } = session.options;
  const caseDir = caseEvidenceDir(session.options.dir, caseId);
  privateDir(session.options.dir, state);
  privateDir(caseDir, state);
  const pattern = new RegExp(`^run-${runId}-(\\d{3,})\\.warc$`);
  const seqs = readdirSync(caseDir).flatMap((name) => {
    const m = pattern.exec(name);
    return m === null ? [] : [Number(m[1])];
  });
  if (seqs.length === 0) return startFile(session, state, caseId, 1);
  const seq = Math.max(...seqs);
  const name = runFileName(runId, seq);
  const path = join(caseDir, name);
  const end = evidenceFileEnd(store, caseId, name);
  const size = statSync(path).size;
  // A file shorter than its index lost records: leave it as it is for verify to report.
  if (size < end) return startFile(session, state, caseId, seq + 1);
  if (size > end) cutTail(session, caseId, name, path, end, size);
  const file: OpenFile = { caseId, name, path, seq, end, warcinfoId: end === 0 ? null : warcinfoIdOf(store, caseId, name), fd: null };
  state.files.set(caseId, file);
  return file;
}

function startFile(session: EvidenceSession, state: SessionState, caseId: string, seq: number): OpenFile {
  const caseDir = caseEvidenceDir(session.options.dir, caseId);
  privateDir(caseDir, state);
  const name = runFileName(session.options.runId, seq);
  const path = join(caseDir, name);
  if (existsSync(path)) return startFile(session, state, caseId, seq + 1);
  const fd = openSync(path, 'wx', 0o600);
  state.newDirs.add(caseDir);
  // The series moves on: the case's previous file is complete.
  const previous = state.files.get(caseId);
  if (previous !== undefined && previous.fd !== null) {
    closeSync(previous.fd);
    previous.fd = null;
  }
  const file: OpenFile = { caseId, name, path, seq, end: 0, warcinfoId: null, fd };
  state.files.set(caseId, file);
  return file;
}

/** Removes an unindexed tail (a capture cut off by a crash), logging its size and digest first. */
function cutTail(session: EvidenceSession, caseId: string, name: string, path: string, end: number, size: number): void {
  const fd = openSync(path, 'r+');
  try {
    const hash = createHash('sha256');
    const chunk = Buffer.alloc(1 << 16);
    for (let at = end; at < size; ) {
      const n = readSync(fd, chunk, 0, Math.min(chunk.length, size - at), at);
      if (n === 0) break;
      hash.update(chunk.subarray(0, n));
      at += n;
    }
    const { store } = session.options;
    store.transaction(() => recordEvidenceRecovery(store, caseId, { file: name, offset: end, bytes: size - end, sha256: hash.digest('hex') }));
    ftruncateSync(fd, end);
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
}

function append(file: OpenFile, parts: readonly Uint8Array[], size: number): void {
  // The file stays open for the session (closed by close(), or when the series moves on to a
  // new file): one open and close per capture cost more than the write.
  file.fd ??= openSync(file.path, 'a', 0o600);
  const before = fstatSync(file.fd).size;
  if (before !== file.end) {
    throw new UserError(
      'EVIDENCE_CHANGED',
      `evidence: ${file.path} is ${before} bytes, expected ${file.end}: something else wrote to it (another takedown process on the same run?); nothing was appended`,
    );
  }
  // One write of the whole capture (its pieces gathered by the kernel, not copied together here),
  // so that a killed process leaves all of it or none; a short write goes on where it stopped.
  const done = writevSync(file.fd, parts as Uint8Array[]);
  if (done < size) {
    const rest = Buffer.concat(parts as Uint8Array[], size).subarray(done);
    for (let at = 0; at < rest.length; ) at += writeSync(file.fd, rest, at, rest.length - at);
  }
  file.end += size;
}

function closeFiles(state: SessionState): void {
  for (const file of state.files.values()) {
    if (file.fd === null) continue;
    closeSync(file.fd);
    file.fd = null;
  }
}

function syncFiles(state: SessionState): void {
  for (const path of state.dirty) fsyncPath(path);
  state.dirty.clear();
  // A new file's name is durable only once its folder is synced.
  for (const dir of state.newDirs) fsyncPath(dir, true);
  state.newDirs.clear();
}

function fsyncPath(path: string, isDir = false): void {
  let fd: number;
  try {
    fd = openSync(path, 'r');
  } catch (error) {
    if (isDir) return;
    throw error;
  }
  try {
    fsyncSync(fd);
  } catch (error) {
    // Some systems cannot fsync a folder (EISDIR, EINVAL); the files themselves are synced.
    if (!isDir) throw error;
  } finally {
    closeSync(fd);
  }
}

/** A 0700 folder; an existing one is narrowed, as state stays private (DESIGN.md section 2). */
function privateDir(path: string, state: SessionState): void {
  if (!existsSync(path)) {
    mkdirSync(path, { recursive: true, mode: 0o700 });
    state.newDirs.add(join(path, '..'));
  }
  if ((statSync(path).mode & 0o077) !== 0) chmodSync(path, 0o700);
}
