// `takedown review`, called through runReview (registered in program.ts by hand): the list of
// pending candidates, accept (the case file gains the URL and nothing else changes), reject
// (remembered), exit codes, and bad ids that change nothing.
import { readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { UserError } from '../../src/core/errors.ts';
import type { CliIo } from '../../src/cli/io.ts';
import { runReview, type ReviewOptions } from '../../src/cli/commands/review.ts';
import { EXIT } from '../../src/cli/exit-codes.ts';
import { validateCaseText } from '../../src/case-file/validate.ts';
import { getCandidate, listEvents, listRequests, listTargets, openStore, recordCandidates, upsertCase, verifyEventChain } from '../../src/store/index.ts';
import { runCli, tempDir } from './helpers.ts';

let ws: ReturnType<typeof tempDir>;
let caseFile: string;
let original: string;

const THREAD = 'https://forum.example/t/1-beach';
const THUMB = 'https://img.example/th/3.jpg';
const OWN = 'https://janedoe.example/gallery';
const WATCH = 'https://forum.example/search?q=jane+doe';

beforeEach(async () => {
  ws = tempDir('takedown-review-');
  expect((await runCli(['init', ws.path], { cwd: ws.path })).code).toBe(EXIT.ok);
  caseFile = join(ws.path, 'cases', 'example.yaml');
  original = readFileSync(caseFile, 'utf8');
  const store = openStore(join(ws.path, '.takedown', 'takedown.db'));
  try {
    upsertCase(store, { id: 'example-001', file: caseFile, minor: false });
    recordCandidates(
      store,
      'example-001',
      [
        { url: THREAD, kind: 'page', foundOn: WATCH, watchUrl: WATCH, reasons: [{ kind: 'keyword', keyword: 'Jane Doe', field: 'text', snippet: 'New pics of JANE DOE' }] },
        { url: THUMB, kind: 'image', foundOn: 'https://forum.example/t/3', watchUrl: WATCH, reasons: [{ kind: 'picture', fingerprint: 1, label: 'beach', distance: 14, exact: false, variant: 'original' }] },
        // Allow-listed since it was found (the allow-list covers janedoe.example).
        { url: OWN, kind: 'page', foundOn: WATCH, watchUrl: WATCH, reasons: [{ kind: 'keyword', keyword: 'Jane Doe', field: 'title', snippet: 'Jane Doe' }] },
      ],
      'discovery',
    );
  } finally {
    store.close();
  }
});

afterEach(() => ws.remove());

function io(): { io: CliIo; out: () => string; err: () => string } {
  let stdout = '';
  let stderr = '';
  return {
    io: {
      stdout: { write: (s: string) => (stdout += s), isTTY: false },
      stderr: { write: (s: string) => (stderr += s), isTTY: false },
      env: { NO_COLOR: '1' },
      cwd: ws.path,
      onInterrupt: () => () => undefined,
      confirm: async () => null,
    },
    out: () => stdout,
    err: () => stderr,
  };
}

async function review(args: string[], options: ReviewOptions = {}): Promise<{ code: number; stdout: string; stderr: string }> {
  const run = io();
  const code = await runReview(run.io, args, options);
  return { code, stdout: run.out(), stderr: run.err() };
}

/** A refusal: main() prints the message and exits 2 for a UserError. */
async function refusal(args: string[], options: ReviewOptions = {}): Promise<UserError> {
  const error = await review(args, options).catch((e: unknown) => e);
  expect(error).toBeInstanceOf(UserError);
  return error as UserError;
}

function withStore<T>(fn: (store: ReturnType<typeof openStore>) => T): T {
  const store = openStore(join(ws.path, '.takedown', 'takedown.db'));
  try {
    return fn(store);
  } finally {
    store.close();
  }
}

describe('takedown review', () => {
  it('lists the pending candidates with why and where they were found, and exits 1', async () => {
    const run = await review([]);
    expect(run.code).toBe(EXIT.attention);
    expect(run.stdout).toContain(`C-0001  example-001  ${THREAD}\n    why: keyword "Jane Doe" in the link text: "New pics of JANE DOE"\n    found on ${WATCH}; first seen `);
    expect(run.stdout).toContain(`C-0002  example-001  [image] ${THUMB}\n    why: picture: 14 bits from fingerprint #1 (beach)\n    found on https://forum.example/t/3 (from ${WATCH})`);
    expect(run.stderr).toMatch(/^3 candidates to review/);
    expect((await review(['list', 'example-001'])).stdout).toBe(run.stdout);
  });

  it('refuses a case that is not in the workspace, naming the cases that are (a typo is not "no candidates")', async () => {
    const error = await refusal(['nope']);
    expect(error.code).toBe('NO_SUCH_CASE');
    expect(error.message).toBe(`no case "nope" in ${ws.path} (cases: example-001)`);
    expect((await runCli(['review', 'nope', '--workspace', ws.path], { cwd: ws.path })).code).toBe(EXIT.usage);
    // A case with a file but nothing recorded yet is known: it simply has no candidates.
    writeFileSync(join(ws.path, 'cases', 'other.yaml'), original.replace(/id: example-001/, 'id: other-case'));
    const other = await review(['other-case']);
    expect(other).toMatchObject({ code: EXIT.ok, stdout: '' });
  });

  it('lists as JSON', async () => {
    const run = await review([], { format: 'json' });
    const doc = JSON.parse(run.stdout) as { pending: { id: string; url: string; why: string[] }[] };
    expect(doc.pending.map((c) => c.id)).toEqual(['C-0001', 'C-0002', 'C-0003']);
    expect(doc.pending[0]?.why).toEqual(['keyword "Jane Doe" in the link text: "New pics of JANE DOE"']);
  });

  it('accept adds the URL to urls: and changes no other line of the case file', async () => {
    const mode = statSync(caseFile).mode & 0o777;
    const run = await review(['accept', 'C-0001']);
    expect(run.code).toBe(EXIT.attention); // two still pending
    expect(run.stdout).toBe(`C-0001 accepted: ${THREAD} added to urls: in ${caseFile}\n`);
    const text = readFileSync(caseFile, 'utf8');
    const anchor = '    note: Re-upload found by the client\n';
    expect(text).toBe(original.replace(anchor, `${anchor}  - url: ${THREAD}\n    note: found on ${WATCH} (candidate C-0001)\n`));
    expect(statSync(caseFile).mode & 0o777).toBe(mode);
    const check = validateCaseText(text, caseFile);
    expect(check.case?.targets.map((t) => t.url)).toContain(THREAD);
    withStore((store) => {
      expect(getCandidate(store, 1)).toMatchObject({ status: 'accepted' });
      expect(listTargets(store, 'example-001').map((t) => t.url)).toContain(THREAD);
      // Nothing is drafted or sent for it until draft and send are run.
      expect(listRequests(store, {})).toEqual([]);
      const accepted = listEvents(store, { caseId: 'example-001' }).find((e) => e.kind === 'candidate.accepted');
      expect(accepted?.data).toMatchObject({ candidate: 1, url: THREAD, from: 'pending', file: caseFile, addedToFile: true });
      expect(verifyEventChain(store).ok).toBe(true);
    });
    // Accepting again changes nothing.
    const again = await review(['accept', 'C-1']);
    expect(again.stdout).toBe(`C-0001 was already accepted: ${THREAD}\n`);
    expect(readFileSync(caseFile, 'utf8')).toBe(text);
  });

  it('accept with --note writes that note into the case file', async () => {
    await review(['accept', 'C-0002'], { note: 'thumbnail of the beach photo' });
    expect(readFileSync(caseFile, 'utf8')).toContain(`  - url: ${THUMB}\n    note: thumbnail of the beach photo\n`);
  });

  it('reject remembers the candidate; with none left pending the exit code is 0', async () => {
    const run = await review(['reject', 'C-0002', 'C-0003'], { note: 'not her' });
    expect(run.stdout).toBe(`C-0002 rejected: ${THUMB} (never proposed again)\nC-0003 rejected: ${OWN} (never proposed again)\n`);
    expect(run.code).toBe(EXIT.attention);
    expect((await review(['reject', 'C-0001'])).code).toBe(EXIT.ok);
    expect((await review([])).code).toBe(EXIT.ok);
    expect(readFileSync(caseFile, 'utf8')).toBe(original);
    withStore((store) => {
      expect(getCandidate(store, 2)).toMatchObject({ status: 'rejected', note: 'not her' });
      const kinds = listEvents(store, { caseId: 'example-001' }).map((e) => e.kind);
      expect(kinds.filter((k) => k === 'candidate.rejected')).toHaveLength(3);
      // Found again later, it stays rejected.
      const again = recordCandidates(store, 'example-001', [{ url: THUMB, kind: 'image', foundOn: WATCH, watchUrl: WATCH, reasons: [] }], 'discovery');
      expect(again.added).toEqual([]);
      expect(getCandidate(store, 2)?.status).toBe('rejected');
    });
  });

  it('a rejected candidate can still be accepted, and saying it was rejected before; an accepted one cannot be rejected', async () => {
    await review(['reject', 'C-0001'], { note: 'not her' });
    const decided = withStore((store) => getCandidate(store, 1)?.decidedAt ?? '');
    const accepted = await review(['accept', 'C-0001']);
    expect(accepted.stdout).toBe(`C-0001 accepted: ${THREAD} added to urls: in ${caseFile} (it was rejected before on ${decided.slice(0, 16).replace('T', ' ')} UTC: not her)\n`);
    const error = await refusal(['reject', 'C-0001']);
    expect(error.code).toBe('CANDIDATE_ACCEPTED');
    expect(error.message).toContain("is in the case file's urls:; take it out there instead");
  });

  it('refuses bad ids, unknown ids and allow-listed URLs, and changes nothing', async () => {
    expect((await refusal(['accept', 'xyz', 'R-0001'])).message).toBe('"xyz", "R-0001" are not candidate ids (they look like C-0001; takedown review lists them)');
    const unknown = await refusal(['accept', 'C-0001', 'C-0099']);
    expect(unknown.code).toBe('NO_SUCH_CANDIDATE');
    expect(unknown.message).toBe('no candidate C-0099 in this workspace (pending: C-0001, C-0002, C-0003); nothing was changed');
    const allowed = await refusal(['accept', 'C-0001', 'C-0003']);
    expect(allowed.code).toBe('CANDIDATE_ALLOWED');
    expect(allowed.message).toContain("https://janedoe.example/gallery is on case example-001's allow-list (https://janedoe.example/)");
    expect((await refusal(['accept'])).code).toBe('USAGE');
    expect((await refusal([], { note: 'x' })).code).toBe('USAGE');
    expect((await refusal(['reject', 'C-1'], { note: 'two\nlines' })).code).toBe('BAD_NOTE');
    expect(readFileSync(caseFile, 'utf8')).toBe(original);
    withStore((store) => expect(getCandidate(store, 1)?.status).toBe('pending'));
  });

  it('--dry-run says what would change and changes nothing', async () => {
    const run = await review(['accept', 'C-0001'], { dryRun: true });
    expect(run.stdout).toBe(`C-0001 would be accepted: ${THREAD} added to urls: in ${caseFile}\n`);
    expect((await review(['reject', 'C-0002'], { dryRun: true })).stdout).toBe(`C-0002 would be rejected: ${THUMB} (never proposed again)\n`);
    expect(readFileSync(caseFile, 'utf8')).toBe(original);
    withStore((store) => {
      expect(getCandidate(store, 1)?.status).toBe('pending');
      expect(getCandidate(store, 2)?.status).toBe('pending');
    });
  });

  it('refuses to accept into a case file that no longer validates', async () => {
    writeFileSync(caseFile, original.replace('minor_at_creation: false', 'minor_at_creation: maybe'));
    expect((await refusal(['accept', 'C-0001'])).code).toBe('CASE_INVALID');
  });

  it('says there is nothing to review in a new workspace', async () => {
    ws.remove();
    ws = tempDir('takedown-review-empty-');
    expect((await runCli(['init', ws.path], { cwd: ws.path })).code).toBe(EXIT.ok);
    const run = await review([]);
    expect(run.code).toBe(EXIT.ok);
    expect(run.stderr).toBe('no candidates to review\n');
    const none = await refusal(['accept', 'C-0001']);
    expect(none.code).toBe('NO_SUCH_CANDIDATE');
    expect(none.message).toBe(`no candidates in ${ws.path} yet: takedown sweep finds them in the watch: places of the case files (at most once every sweep.every.discover)`);
  });
});
