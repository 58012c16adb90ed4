// `evidence verify`: re-reads every WARC record of a case and the event log, and reports every
// record that was altered, lost, cut off, moved out of order or added, with its file and offset.
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import {
  EVIDENCE_CAPTURED,
  listCaptures,
  listEvents,
  verifyEventChain,
  type CaptureEventData,
  type ChainVerdict,
  type EvidenceRecordEntry,
  type EventRow,
  type Store,
} from '../store/index.ts';
import { checkFile, type ExpectedRecord, type FileProblem } from './check-file.ts';
import { caseEvidenceDir } from './writer.ts';

export interface EvidenceProblem extends FileProblem {
  caseId: string | null;
  /** The WARC file's name in the case's evidence folder; null for the event log. */
  file: string | null;
}

export interface CaseVerdict {
  caseId: string;
  captures: number;
  records: number;
  files: Array<{ name: string; bytes: number | null; records: number }>;
  problems: EvidenceProblem[];
}

export interface VerifyReport {
  chain: ChainVerdict;
  cases: CaseVerdict[];
  /** Every problem: the chain's first, then each case's in file and offset order. */
  problems: EvidenceProblem[];
}

export function verifyEvidence(store: Store, dir: string, caseIds: readonly string[]): VerifyReport {
  const chain = verifyEventChain(store);
  const chainProblems: EvidenceProblem[] = chain.ok
    ? []
    : [{ kind: 'chain', caseId: caseOfEvent(store, chain.seq), file: null, offset: null, recordId: null, recordType: null, eventSeq: chain.seq, message: `event ${chain.seq}: ${chain.problem}` }];
  const cases = caseIds.map((id) => verifyCase(store, dir, id));
  return { chain, cases, problems: [...chainProblems, ...cases.flatMap((c) => c.problems)] };
}

function caseOfEvent(store: Store, seq: number): string | null {
  return listEvents(store).find((e) => e.seq === seq)?.caseId ?? null;
}

export function verifyCase(store: Store, dir: string, caseId: string): CaseVerdict {
  const problems: EvidenceProblem[] = [];
  const logged = loggedRecords(listEvents(store, { caseId }), caseId, problems);
  compareWithTable(store, caseId, logged, problems);

  const byFile = new Map<string, ExpectedRecord[]>();
  for (const r of logged) byFile.set(r.file, [...(byFile.get(r.file) ?? []), r]);
  const caseDir = caseEvidenceDir(dir, caseId);
  const onDisk = existsSync(caseDir) ? readdirSync(caseDir).filter((n) => n.endsWith('.warc')).sort() : [];
  const files: CaseVerdict['files'] = [];

  for (const [name, expected] of [...byFile].sort(([a], [b]) => a.localeCompare(b, 'en', { numeric: true }))) {
    const path = join(caseDir, name);
    if (!existsSync(path)) {
      files.push({ name, bytes: null, records: expected.length });
      problems.push({ kind: 'missing', caseId, file: name, offset: null, recordId: null, recordType: null, eventSeq: expected[0]?.eventSeq ?? null, message: `the file is missing (${expected.length} indexed record(s))` });
      continue;
    }
    const bytes = readFileSync(path);
    files.push({ name, bytes: bytes.length, records: expected.length });
    for (const p of checkFile(bytes, expected)) problems.push({ ...p, caseId, file: name });
  }
  for (const name of onDisk.filter((n) => !byFile.has(n))) {
    problems.push({ kind: 'unindexed', caseId, file: name, offset: 0, recordId: null, recordType: null, eventSeq: null, message: 'the file is not in the index (a capture cut off by a crash before its first record was indexed leaves such a file; anything else was added)' });
  }
  const captures = new Set(logged.map((r) => r.eventSeq)).size;
  return { caseId, captures, records: logged.length, files, problems };
}

interface LoggedRecord extends ExpectedRecord {
  file: string;
  blockDigest: string;
  payloadDigest: string | null;
}

/** The records the event log says were written, in the order written. */
function loggedRecords(events: readonly EventRow[], caseId: string, problems: EvidenceProblem[]): LoggedRecord[] {
  const out: LoggedRecord[] = [];
  for (const event of events) {
    if (event.kind !== EVIDENCE_CAPTURED) continue;
    const data = captureData(event.data);
    if (data === null) {
      problems.push({ kind: 'index', caseId, file: null, offset: null, recordId: null, recordType: null, eventSeq: event.seq, message: `event ${event.seq} is not a readable capture index` });
      continue;
    }
    for (const r of data.records) out.push({ ...r, file: data.file, eventSeq: event.seq });
  }
  return out;
}

/** The index table is derived from the log; a difference means one of them was edited. */
function compareWithTable(store: Store, caseId: string, logged: readonly LoggedRecord[], problems: EvidenceProblem[]): void {
  const rows = new Map<string, EvidenceRecordEntry & { file: string }>();
  for (const capture of listCaptures(store, caseId)) for (const r of capture.records) rows.set(r.id, { ...r, file: capture.file });
  const indexProblem = (r: { id: string; type: string; offset: number }, file: string, seq: number | null, message: string): void => {
    problems.push({ kind: 'index', caseId, file, offset: r.offset, recordId: r.id, recordType: r.type, eventSeq: seq, message });
  };
  for (const r of logged) {
    const row = rows.get(r.id);
    rows.delete(r.id);
    if (row === undefined) {
      indexProblem(r, r.file, r.eventSeq, `the record logged by event ${r.eventSeq} has no row in the evidence index table`);
      continue;
    }
    const same = row.file === r.file && row.offset === r.offset && row.length === r.length && row.sha256 === r.sha256 && row.blockDigest === r.blockDigest && row.payloadDigest === r.payloadDigest;
    if (!same) indexProblem(r, r.file, r.eventSeq, `the evidence index table disagrees with event ${r.eventSeq} about this record`);
  }
  for (const row of rows.values()) indexProblem(row, row.file, null, 'the evidence index table lists a record that no event logged');
}

function captureData(data: unknown): CaptureEventData | null {
  if (typeof data !== 'object' || data === null) return null;
  const d = data as Partial<CaptureEventData>;
  if (typeof d.file !== 'string' || !Array.isArray(d.records)) return null;
  const valid = d.records.every(
    (r: unknown) =>
      typeof r === 'object' && r !== null &&
      typeof (r as EvidenceRecordEntry).id === 'string' &&
      typeof (r as EvidenceRecordEntry).sha256 === 'string' &&
      Number.isInteger((r as EvidenceRecordEntry).offset) &&
      Number.isInteger((r as EvidenceRecordEntry).length),
  );
  return valid ? (d as CaptureEventData) : null;
}
