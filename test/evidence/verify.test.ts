// Tampering with the evidence on disk or in the log, byte by byte: verify catches each change
// and says where it is; an intact workspace verifies clean. Also the recovery of a capture cut
// off by a crash.
import { readFileSync, rmSync, truncateSync, writeFileSync, appendFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { captureEvidence, openEvidence, verifyEvidence, type EvidenceProblem } from '../../src/evidence/index.ts';
import { EVIDENCE_RECOVERED, getTarget, listCaptures, listEvents, type EvidenceRecordEntry } from '../../src/store/index.ts';
import { ADULT, checkAndCapture, exchange, world, type World } from './helpers.ts';

const URLS = ['https://site.example/a', 'https://site.example/b', 'https://site.example/c'];
let w: World;
let file: string;
let path: string;
let records: EvidenceRecordEntry[];

beforeEach(() => {
  w = world(URLS);
  checkAndCapture(w, URLS[0] as string, exchange(URLS[0] as string, 'live', { body: '<title>A</title><p>first page</p>' }));
  checkAndCapture(w, URLS[1] as string, exchange(URLS[1] as string, 'live', { body: '<title>B</title><p>second page, a little longer</p>' }));
  checkAndCapture(w, URLS[2] as string, exchange(URLS[2] as string, 'removed', { status: 404, body: '<title>Gone</title>' }));
  const captures = listCaptures(w.store, 'c1');
  file = captures[0]?.file ?? '';
  path = join(w.evidenceDir, 'c1', file);
  records = captures.flatMap((c) => c.records);
});
afterEach(() => w.close());

function verify(): EvidenceProblem[] {
  return verifyEvidence(w.store, w.evidenceDir, ['c1']).problems;
}

/** The n-th record of a type (0-based) in file order. */
function record(type: string, n = 0): EvidenceRecordEntry {
  const found = records.filter((r) => r.type === type)[n];
  if (found === undefined) throw new Error(`no ${type} record ${n}`);
  return found;
}

function kinds(problems: EvidenceProblem[]): string[] {
  return problems.map((p) => p.kind);
}

describe('evidence verify', () => {
  it('finds nothing wrong in evidence as written', () => {
    const report = verifyEvidence(w.store, w.evidenceDir, ['c1']);
    expect(report.problems).toEqual([]);
    expect(report.cases[0]).toMatchObject({ caseId: 'c1', captures: 3, records: 10 });
  });

  it('catches one flipped byte in a body, naming the file, the offset and the record', () => {
    const target = record('response', 1);
    const bytes = readFileSync(path);
    const at = bytes.indexOf('second page', target.offset);
    bytes[at] = bytes[at]! ^ 0x01;
    writeFileSync(path, bytes);
    const problems = verify();
    expect(kinds(problems)).toEqual(['altered']);
    expect(problems[0]).toMatchObject({ file, offset: target.offset, recordId: target.id, recordType: 'response' });
    expect(problems[0]?.message).toMatch(/WARC-Block-Digest/);
  });

  it('catches one flipped byte in a WARC header (the date), which no digest in the file covers', () => {
    const target = record('response', 0);
    const bytes = readFileSync(path);
    const at = bytes.indexOf('WARC-Date: 2026', target.offset) + 'WARC-Date: 20'.length;
    bytes[at] = '3'.charCodeAt(0);
    writeFileSync(path, bytes);
    const problems = verify();
    expect(kinds(problems)).toEqual(['altered']);
    expect(problems[0]).toMatchObject({ file, offset: target.offset, recordId: target.id });
  });

  it.each([
    ['the first line', 0],
    ['the record id', 'WARC-Record-ID: <urn:uuid:'.length + 40],
    ['the Content-Length', -1],
  ])('catches a flipped byte in %s of a record', (_name, where) => {
    const target = record('request', 1);
    const bytes = readFileSync(path);
    const at = where === -1 ? bytes.indexOf('Content-Length: ', target.offset) + 'Content-Length: '.length : target.offset + (where as number);
    bytes[at] = bytes[at]! ^ 0x04;
    writeFileSync(path, bytes);
    const problems = verify();
    expect(problems.map((p) => [p.kind, p.offset, p.recordId])).toEqual([['altered', target.offset, target.id]]);
  });

  it('catches a removed record: missing, at the offset it was written', () => {
    const target = record('request', 1);
    const bytes = readFileSync(path);
    writeFileSync(path, Buffer.concat([bytes.subarray(0, target.offset), bytes.subarray(target.offset + target.length)]));
    const problems = verify();
    expect(problems.map((p) => [p.kind, p.file, p.offset, p.recordId])).toEqual([['missing', file, target.offset, target.id]]);
  });

  it('catches two records swapped: reordered, with where each was found', () => {
    const first = record('response', 1);
    const second = record('metadata', 1);
    const bytes = readFileSync(path);
    const swapped = Buffer.concat([
      bytes.subarray(0, first.offset),
      bytes.subarray(second.offset, second.offset + second.length),
      bytes.subarray(first.offset, first.offset + first.length),
      bytes.subarray(second.offset + second.length),
    ]);
    writeFileSync(path, swapped);
    const problems = verify();
    expect(kinds(problems)).toEqual(['reordered']);
    expect(problems[0]).toMatchObject({ file, recordId: first.id, offset: first.offset + second.length });
    expect(problems[0]?.message).toContain(`written at offset ${first.offset}`);
  });

  it('catches a truncated file: the record cut and every record after it', () => {
    const cut = record('response', 2);
    truncateSync(path, cut.offset + 100);
    const problems = verify();
    const after = records.filter((r) => r.offset >= cut.offset);
    expect(problems.map((p) => [p.kind, p.offset, p.recordId])).toEqual(after.map((r) => ['truncated', r.offset, r.id]));
    expect(problems[0]?.message).toContain(`the file ends at byte ${cut.offset + 100}`);
  });

  it('catches bytes added after the last record, and a WARC file the index does not know', () => {
    appendFileSync(path, 'WARC/1.1\r\nWARC-Type: resource\r\nContent-Length: 3\r\n\r\nabc\r\n\r\n');
    writeFileSync(join(w.evidenceDir, 'c1', 'run-999-001.warc'), 'WARC/1.1\r\n');
    const problems = verify();
    const end = records.at(-1)!.offset + records.at(-1)!.length;
    expect(problems.map((p) => [p.kind, p.file, p.offset])).toEqual([
      ['unindexed', file, end],
      ['unindexed', 'run-999-001.warc', 0],
    ]);
  });

  it('catches a deleted WARC file', () => {
    rmSync(path);
    expect(verify().map((p) => [p.kind, p.file])).toEqual([['missing', file]]);
  });

  it("catches an event row's data edited through SQL: the hash chain breaks at that event", () => {
    const captured = listEvents(w.store, { caseId: 'c1' }).filter((e) => e.kind === 'evidence.captured');
    const seq = captured[1]!.seq;
    w.store.db.exec('DROP TRIGGER events_no_update');
    w.store.db.prepare(`UPDATE events SET data = replace(data, '"state":"live"', '"state":"removed"') WHERE seq = ?`).run(seq);
    const problems = verify();
    expect(problems.map((p) => [p.kind, p.eventSeq, p.caseId])).toEqual([['chain', seq, 'c1']]);
    expect(problems[0]?.message).toMatch(new RegExp(`^event ${seq}: the hash does not match`));
  });

  it('catches the index table edited apart from the log', () => {
    const target = record('response', 0);
    w.store.db.prepare('UPDATE evidence_records SET record_sha256 = ? WHERE record_id = ?').run('0'.repeat(64), target.id);
    expect(verify().map((p) => [p.kind, p.recordId])).toEqual([['index', target.id]]);
  });
});

describe('a capture cut off by a crash', () => {
  it('leaves an unindexed tail that verify reports and the resumed run removes, logging what it cut', () => {
    const url = URLS[0] as string;
    const target = getTarget(w.store, w.targets.get(url)!)!;
    // Written but never indexed: the process died before its batch committed.
    captureEvidence(w.session, ADULT, target, exchange(url, 'removed', { status: 404, body: 'gone' }));
    const size = readFileSync(path).length;
    const end = records.at(-1)!.offset + records.at(-1)!.length;
    expect(verify().map((p) => [p.kind, p.offset])).toEqual([['unindexed', end]]);

    // The resumed run opens its file again: the tail goes, then its own capture is appended.
    const resumed = openEvidence({ store: w.store, dir: w.evidenceDir, runId: w.runId, capture: 'change', software: 'takedown/test' });
    w.session = resumed;
    checkAndCapture(w, url, exchange(url, 'removed', { status: 404, body: 'gone' }));
    expect(verify()).toEqual([]);
    const recovered = listEvents(w.store, { caseId: 'c1' }).filter((e) => e.kind === EVIDENCE_RECOVERED);
    expect(recovered.map((e) => e.data)).toEqual([{ file, offset: end, bytes: size - end, sha256: expect.stringMatching(/^[0-9a-f]{64}$/) }]);
    expect(listCaptures(w.store, 'c1')).toHaveLength(4);
  });
});
