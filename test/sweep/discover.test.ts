// `takedown sweep` looks for new copies in the cases' watch places: on the loopback fixture web, a
// forum listing whose links name the person; each candidate is told once by email and webhook,
// without the words that matched; the places are read at most once in sweep.every.discover; the
// sweep exits 1 while candidates wait for review; --no-discover and --dry-run read nothing.
import { afterEach, describe, expect, it } from 'vitest';
import type { ServerResponse } from 'node:http';
import { listEvents, recordCandidates } from '../../src/store/index.ts';
import { runCli } from '../cli/helpers.ts';
import { setPage, startHarness, type Harness } from './harness.ts';

let h: Harness | undefined;
afterEach(async () => {
  await h?.close();
  h = undefined;
});

const FORUM = 'forum.example';
// The forum is read without the one-second pause between requests a site gets by default.
const FAST_FORUM = `  hosts:\n    ${FORUM}: { interval_ms: 0 }`;

function page(res: ServerResponse, body: string, status = 200): void {
  res.writeHead(status, { 'content-type': 'text/html; charset=utf-8' }).end(`<!doctype html><html><head><title>Forum</title></head><body>${body}</body></html>`);
}

/** A forum listing (the watch place) with two links that name the person and two that do not. */
function forum(harness: Harness): { place: string; own: string } {
  const own = harness.url('/v/1');
  harness.web.route(
    '/latest',
    (_req, res) =>
      page(
        res,
        `<h1>Latest</h1><ul>
          <li><a href="/t/1">New pics of JANE DOE!</a></li>
          <li><a href="/t/2">Cars and trucks</a></li>
          <li><a href="${harness.url('/v/55', 'tube.example')}">full video</a> featuring jane_doe</li>
          <li><a href="${own}">Jane Doe beach video</a></li>
        </ul>`,
      ),
    { host: FORUM },
  );
  harness.web.route('/t/*', (_req, res) => page(res, '<p>A thread.</p>'), { host: FORUM });
  return { place: harness.url('/latest', FORUM), own };
}

function forumRequests(harness: Harness): number {
  return harness.web.requests.filter((r) => r.host === FORUM).length;
}

/** Every change of kind `candidate` the webhook accepted, by id. */
function toldCandidates(harness: Harness): string[] {
  return harness.hook.received.filter((r) => r.status === 200).flatMap((r) => r.body.changes.filter((c) => c.kind === 'candidate').map((c) => c.id));
}

describe('takedown sweep: new copies in the watch places', () => {
  it('proposes links that name the person, tells each candidate once without the words that matched, and exits 1 until they are reviewed', async () => {
    h = await startHarness({ check: FAST_FORUM });
    const harness = h;
    const { place, own } = forum(harness);
    setPage(harness, own, 'live');
    harness.writeCase([own], 'c-1', { keywords: ['Jane Doe'], watch: [place] });

    const dry = await harness.sweep({ dryRun: true });
    expect(dry.stdout).toMatch(/^dry run: 1 URL\(s\) due \(1 new\), 0 not due yet; watch places of 1 of 1 case\(s\) due to be read; nothing was checked, drafted or sent$/m);
    expect(forumRequests(harness)).toBe(0);

    const first = await harness.sweep();
    expect(first.code, first.stderr).toBe(1);
    const lines = first.stdout.split('\n').filter((l) => l.startsWith('CANDIDATE'));
    expect(lines).toHaveLength(2);
    expect(lines[0]).toBe(
      `CANDIDATE   c-1  ${harness.url('/t/1', FORUM)}: possibly a new copy (C-0001: a case keyword in the link text), linked from ${place}; nothing is sent for it: takedown review accept C-0001, or reject C-0001`,
    );
    expect(lines[1]).toContain(`${harness.url('/v/55', 'tube.example')}: possibly a new copy (C-0002: a case keyword in the text around the link)`);
    expect(first.stdout).toMatch(/^sweep 1: checked 1 of 1 URLs .*; watch places of 1 case read \(\d+ pages\), 2 new candidates; 3 changes, 3 need you$/m);
    expect(first.stdout).toMatch(/^2 candidates to review \(possible new copies; nothing is sent for them\): takedown review$/m);
    expect(first.stderr).toBe('');

    // Told once by webhook and email, and neither names the person (the keyword, the link text).
    expect(toldCandidates(harness)).toEqual(['candidate:1', 'candidate:2']);
    const mails = harness.sink.messages.filter((m) => m.envelope.to.includes('lawyer@firm.example'));
    expect(mails).toHaveLength(1);
    expect(mails[0]?.text).toMatch(/^CANDIDATE\s+c-1\s+.*\/t\/1: possibly a new copy/m);
    const told = JSON.stringify(harness.hook.received) + mails.map((m) => m.text).join('\n');
    expect(told).not.toMatch(/jane|JANE/i);
    harness.store((s) => {
      const runs = listEvents(s).filter((e) => e.kind === 'discovery.run');
      expect(runs.map((e) => [e.actor, e.caseId])).toEqual([['sweep', 'c-1']]);
      const heartbeat = listEvents(s).find((e) => e.kind === 'sweep.heartbeat');
      expect(heartbeat?.data).toMatchObject({ discovery: { cases: ['c-1'], notDue: 0, found: 2, errors: 0 }, pendingCandidates: 2 });
      // Never its own URL: the case's URLs are not candidates.
      expect(s.db.prepare('SELECT url FROM candidates ORDER BY id').all().map((r) => r['url'])).toEqual([harness.url('/t/1', FORUM), harness.url('/v/55', 'tube.example')]);
    });

    // An hour later (a sweep that runs hourly): the places are not read again, nothing is told
    // again, and the sweep still exits 1: the candidates wait on a person.
    const read = forumRequests(harness);
    harness.clock.advance(1);
    const later = await harness.sweep();
    expect(later.code).toBe(1);
    expect(later.stdout).toMatch(/^sweep 2: checked 0 of 1 URLs in [\d.]+ s; nothing changed$/m);
    expect(later.stdout).toMatch(/^2 candidates to review/m);
    expect(forumRequests(harness)).toBe(read);
    expect(await harness.sweep({ quiet: true })).toEqual({ code: 1, stdout: '', stderr: '' });
    const json = JSON.parse((await harness.sweep({ format: 'json' })).stdout) as { needsHuman: boolean; pendingCandidates: number; discovery: { read: unknown[]; notDue: string[] } };
    expect(json).toMatchObject({ needsHuman: true, pendingCandidates: 2, discovery: { read: [], notDue: ['c-1'] } });

    // The next night: --no-discover reads nothing; without it the places are read again, and
    // the same links are seen again, not proposed again.
    harness.clock.advance(20);
    const without = await harness.sweep({ discover: false });
    expect(without.stdout).not.toMatch(/watch places/);
    expect(forumRequests(harness)).toBe(read);
    harness.clock.advance(1);
    const again = await harness.sweep();
    expect(again.stdout).toMatch(/watch places of 1 case read \(\d+ pages\), no new candidates; nothing changed$/m);
    expect(forumRequests(harness)).toBeGreaterThan(read);
    expect(toldCandidates(harness)).toEqual(['candidate:1', 'candidate:2']);

    // Reviewed: nothing waits on a person any more.
    const rejected = await runCli(['review', 'reject', 'C-0001', 'C-0002', '--workspace', harness.dir], { cwd: harness.dir });
    expect(rejected.code, rejected.stderr).toBe(0);
    harness.clock.advance(1);
    const done = await harness.sweep();
    expect(done.code, done.stdout).toBe(0);
    expect(done.stdout).not.toMatch(/candidates? to review/);
  });

  it('reads the places again after sweep.every.discover, and tells a candidate that a cut-off sweep recorded but never told', async () => {
    h = await startHarness({ check: FAST_FORUM, settings: 'sweep:\n  every:\n    discover: 2h\n' });
    const harness = h;
    const { place, own } = forum(harness);
    setPage(harness, own, 'gone');
    harness.writeCase([own], 'c-1', { keywords: ['Jane Doe'], watch: [place] });
    expect((await harness.sweep()).code).toBe(1);
    const read = forumRequests(harness);
    harness.clock.advance(1);
    await harness.sweep();
    expect(forumRequests(harness)).toBe(read);
    harness.clock.advance(1);
    await harness.sweep();
    expect(forumRequests(harness)).toBeGreaterThan(read);

    // As if a sweep had died between discovery recording a candidate and telling it.
    harness.store((s) => recordCandidates(s, 'c-1', [{ url: harness.url('/t/9', FORUM), kind: 'page', foundOn: place, watchUrl: place, reasons: [{ kind: 'keyword', keyword: 'Jane Doe', field: 'title', snippet: 'Jane Doe' }] }], 'sweep'));
    harness.clock.advance(0.5);
    const next = await harness.sweep();
    expect(next.code).toBe(1);
    expect(next.stdout).toMatch(/^CANDIDATE\s+c-1\s+.*\/t\/9: possibly a new copy \(C-0003: a case keyword in the link’s title\)/m);
    expect(toldCandidates(harness)).toEqual(['candidate:1', 'candidate:2', 'candidate:3']);
  });

  it('says which watch places could not be read (even with --quiet), and paces a site at one request a second by default', async () => {
    h = await startHarness({ check: FAST_FORUM });
    const harness = h;
    const { place, own } = forum(harness);
    setPage(harness, own, 'live');
    harness.web.route('/down', (_req, res) => page(res, '<p>Maintenance</p>', 503), { host: FORUM });
    // A site without an override: two pages of it are a second apart at least.
    const times: number[] = [];
    harness.web.route(
      '/board',
      (_req, res) => {
        times.push(Date.now());
        page(res, '<a href="/board/2">Page two</a>');
      },
      { host: 'board.example' },
    );
    harness.web.route(
      '/board/2',
      (_req, res) => {
        times.push(Date.now());
        page(res, '<a href="/gone">Jane Doe</a>');
      },
      { host: 'board.example' },
    );
    const down = harness.url('/down', FORUM);
    harness.writeCase([own], 'c-1', { keywords: ['Jane Doe'], watch: [place, down, harness.url('/board', 'board.example')] });

    const run = await harness.sweep({ quiet: true });
    expect(run.code).toBe(1);
    expect(run.stderr).toBe(`takedown: c-1: cannot read the watch place ${down}: HTTP 503\n`);
    expect(run.stdout).toMatch(/watch places of 1 case read \(\d+ pages\), 3 new candidates, 1 address not read;/);
    expect(times).toHaveLength(2);
    expect((times[1] ?? 0) - (times[0] ?? 0)).toBeGreaterThanOrEqual(950);
  });

  it("does not read the watch places of a case without keywords or fingerprints, and says why", async () => {
    h = await startHarness({ check: FAST_FORUM });
    const harness = h;
    const { place, own } = forum(harness);
    setPage(harness, own, 'gone');
    harness.writeCase([own], 'c-1', { watch: [place] });
    const run = await harness.sweep();
    expect(run.code).toBe(0);
    expect(run.stderr).toBe('takedown: c-1: no keywords and no fingerprints: nothing to look for\n');
    expect(forumRequests(harness)).toBe(0);
  });
});
