// The export manifest: every capture of a case with its URL, time, state, digests, place in its
// WARC file and place in the event chain, as JSON and as text a person can read. Pure.
import type { CaptureEventData, EventRow } from '../store/index.ts';
import type { EvidenceProblem } from './verify.ts';

export interface ManifestRecord {
  type: string;
  id: string;
  offset: number;
  length: number;
  sha256: string;
  block_digest: string;
  payload_digest: string | null;
}

export interface ManifestCapture {
  /** 1, 2, 3... in the order captured. */
  number: number;
  url: string;
  captured_at: string;
  state: string;
  reason: string;
  cause: string;
  target: number | null;
  run: number | null;
  check: number | null;
  /** Path inside the bundle. */
  file: string;
  records: ManifestRecord[];
  /** The capture's place in the event log's hash chain. */
  event: { seq: number; at: string; hash: string; prev_hash: string };
}

export interface Manifest {
  case: string;
  exported_at: string;
  software: string;
  event_log: {
    /** The case's events, all in events.jsonl. */
    case_events: number;
    chain_intact: boolean;
    /** The newest event of the whole log at export: compare with a copy kept elsewhere. */
    head: { seq: number; hash: string } | null;
  };
  files: Array<{ path: string; bytes: number; sha256: string }>;
  captures: ManifestCapture[];
  problems: EvidenceProblem[];
}

export interface ManifestInput {
  caseId: string;
  exportedAt: string;
  software: string;
  caseEvents: readonly EventRow[];
  captureEvents: ReadonlyArray<{ event: EventRow; data: CaptureEventData }>;
  chainIntact: boolean;
  head: { seq: number; hash: string } | null;
  files: Manifest['files'];
  problems: EvidenceProblem[];
  /** Where WARC files sit inside the bundle, e.g. "warc/". */
  warcFolder: string;
}

export function buildManifest(input: ManifestInput): Manifest {
  return {
    case: input.caseId,
    exported_at: input.exportedAt,
    software: input.software,
    event_log: { case_events: input.caseEvents.length, chain_intact: input.chainIntact, head: input.head },
    files: input.files,
    captures: input.captureEvents.map(({ event, data }, i) => ({
      number: i + 1,
      url: data.url,
      captured_at: data.captured_at,
      state: data.state,
      reason: data.reason,
      cause: data.cause,
      target: event.targetId,
      run: data.run,
      check: data.check,
      file: input.warcFolder + data.file,
      records: data.records.map((r) => ({
        type: r.type,
        id: r.id,
        offset: r.offset,
        length: r.length,
        sha256: r.sha256,
        block_digest: r.blockDigest,
        payload_digest: r.payloadDigest,
      })),
      event: { seq: event.seq, at: event.at, hash: event.hash, prev_hash: event.prevHash },
    })),
    problems: input.problems,
  };
}

const CAUSES: Record<string, string> = { first: 'first capture of this URL', change: 'the state changed', always: 'every check is captured' };

export function formatManifestText(m: Manifest): string {
  const lines = [
    `Evidence of case ${m.case}`,
    `Exported ${m.exported_at} by ${m.software}`,
    '',
    `Event log: ${m.event_log.chain_intact ? 'hash chain intact' : 'HASH CHAIN BROKEN (see problems)'}; ${m.event_log.case_events} event(s) of this case in events.jsonl`,
    m.event_log.head === null ? 'Head of the log: none' : `Head of the log at export: event ${m.event_log.head.seq}, hash ${m.event_log.head.hash}`,
    `Verification: ${m.problems.length === 0 ? 'every record intact, in place and in order' : `${m.problems.length} PROBLEM(S), listed at the end`}`,
    '',
    'Files',
    ...m.files.map((f) => `  ${f.path}  ${f.bytes} bytes  sha256 ${f.sha256}`),
    '',
    `Captures (${m.captures.length})`,
  ];
  for (const c of m.captures) {
    lines.push(
      '',
      `#${c.number}  ${c.captured_at}  ${c.state} (${c.reason})  ${CAUSES[c.cause] ?? c.cause}`,
      `    URL    ${c.url}`,
      `    file   ${c.file}`,
      `    chain  event ${c.event.seq} at ${c.event.at}, hash ${c.event.hash}`,
    );
    for (const r of c.records) {
      lines.push(`    ${r.type.padEnd(9)} offset ${r.offset}, ${r.length} bytes, record sha256 ${r.sha256}`);
      lines.push(`              ${r.id}`);
      lines.push(`              block ${r.block_digest}${r.payload_digest === null ? '' : `  payload ${r.payload_digest}`}`);
    }
  }
  if (m.problems.length > 0) {
    lines.push('', 'Problems');
    for (const p of m.problems) lines.push(`  ${p.kind}  ${p.file ?? 'event log'}${p.offset === null ? '' : ` @ ${p.offset}`}  ${p.recordId ?? ''}  ${p.message}`);
  }
  return `${lines.join('\n')}\n`;
}
