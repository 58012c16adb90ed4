// A sweep killed with SIGKILL in the middle resumes without duplicate or lost rows, its changes
// are notified exactly once and its evidence verifies; a second sweep while one runs exits with a
// clear message, or waits for it with --wait.
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { afterEach, expect, it } from 'vitest';
import { runEvidence } from '../../src/cli/commands/evidence.ts';
import { openStore, listEvents, verifyEventChain, type Store } from '../../src/store/index.ts';
import { setPage, startHarness, testIo, type Harness } from './harness.ts';

let h: Harness | undefined;
afterEach(async () => {
  await h?.close();
  h = undefined;
});

function count(store: Store, query: string, ...params: (string | number)[]): number {
  return Number(store.db.prepare(query).get(...params)?.['n']);
}

/** `takedown evidence verify --format json` over the workspace. */
async function verifyEvidence(harness: Harness): Promise<{ code: number; problems: { kind: string; message: string }[] }> {
  const { io, output } = testIo(harness.dir);
  const code = await runEvidence(io, 'verify', [], { workspace: harness.dir, format: 'json' });
  return { code, problems: (JSON.parse(output().stdout) as { problems: { kind: string; message: string }[] }).problems };
}

/** The integrity of a sweep run: no duplicate checks, every check folded into its URL's watch state, one change per event. */
function integrity(store: Store, runId: number) {
  expect(store.db.prepare('PRAGMA integrity_check').get()?.['integrity_check']).toBe('ok');
  expect(store.db.prepare('PRAGMA foreign_key_check').all()).toEqual([]);
  expect(store.db.prepare('SELECT run_id, target_id, COUNT(*) AS n FROM checks GROUP BY run_id, target_id HAVING COUNT(*) > 1').all()).toEqual([]);
  // Every check was folded in the transaction that recorded it.
  expect(
    count(store, `SELECT COUNT(*) AS n FROM targets t JOIN (SELECT target_id, MAX(id) AS last FROM checks GROUP BY target_id) c ON c.target_id = t.id
                  LEFT JOIN target_watch w ON w.target_id = t.id WHERE w.through_check_id IS NULL OR w.through_check_id <> c.last`),
  ).toBe(0);
  // One 'live' change per URL first seen live, never two; two outbox rows (email, webhook) per change.
  expect(store.db.prepare("SELECT target_id, COUNT(*) AS n FROM sweep_changes GROUP BY kind, target_id HAVING COUNT(*) > 1").all()).toEqual([]);
  const live = count(store, "SELECT COUNT(*) AS n FROM checks WHERE run_id = ? AND state = 'live'", runId);
  expect(count(store, "SELECT COUNT(*) AS n FROM sweep_changes WHERE kind = 'live'")).toBe(live);
  expect(count(store, 'SELECT COUNT(*) AS n FROM notifications')).toBe(2 * count(store, 'SELECT COUNT(*) AS n FROM sweep_changes'));
  expect(verifyEventChain(store).ok).toBe(true);
  return count(store, 'SELECT COUNT(*) AS n FROM checks WHERE run_id = ?', runId);
}

it('resumes a sweep killed with SIGKILL without duplicate or lost rows, and notifies each change once', async () => {
  h = await startHarness({ delayMs: 15 });
  const harness = h;
  const urls = Array.from({ length: 300 }, (_v, i) => harness.url(`/v/${i}`, i % 2 === 0 ? 'a.demo.test' : 'b.demo.test'));
  urls.forEach((u, i) => setPage(harness, u, i % 3 === 0 ? 'gone' : 'live'));
  harness.writeCase(urls);
  const db = join(harness.dir, '.takedown', 'takedown.db');
  const at = harness.clock.now().toISOString();

  const child = spawn(process.execPath, [join(import.meta.dirname, 'sweep-child.ts'), harness.dir, at], { stdio: ['ignore', 'pipe', 'pipe'] });
  let childErr = '';
  child.stderr.on('data', (d: Buffer) => (childErr += d.toString()));
  const exited = new Promise<NodeJS.Signals | null>((resolve) => child.on('exit', (_code, signal) => resolve(signal)));
  let busy: Awaited<ReturnType<Harness['sweep']>> | undefined;
  for (;;) {
    await new Promise((r) => setTimeout(r, 40));
    const recorded = (() => {
      try {
        const store = openStore(db, { readonly: true });
        try {
          return count(store, 'SELECT COUNT(*) AS n FROM checks');
        } finally {
          store.close();
        }
      } catch {
        return 0;
      }
    })();
    // While the child sweeps, another sweep of the same workspace refuses to start.
    if (recorded > 0 && busy === undefined) busy = await harness.sweep();
    if (recorded >= 60) break;
  }
  child.kill('SIGKILL');
  expect(await exited, childErr).toBe('SIGKILL');
  expect(busy?.code).toBe(1);
  expect(busy?.stderr).toMatch(new RegExp(`another sweep is running in this workspace \\(sweep 1\\): process ${child.pid} on .*This one checked nothing\\. Run it again later, or with --wait SECONDS`));

  const before = harness.store((store) => {
    const partial = integrity(store, 1);
    expect(partial).toBeGreaterThanOrEqual(60);
    expect(partial).toBeLessThan(300);
    expect(count(store, 'SELECT COUNT(*) AS n FROM notifications WHERE delivered_at IS NOT NULL')).toBe(0);
    return { ids: store.db.prepare('SELECT id FROM checks ORDER BY id').all().map((r) => Number(r['id'])), partial };
  });
  // The killed sweep's evidence: every indexed record intact; captures written but not yet
  // indexed when it died, if any, are a tail that verify names as such.
  const killed = await verifyEvidence(harness);
  for (const p of killed.problems) {
    expect(p.kind).toBe('unindexed');
    expect(p.message).toMatch(/a capture cut off by a crash/);
  }

  // The same command again: the dead sweep's lock is replaced, its run resumed.
  const resumed = await harness.sweep();
  expect(resumed.code, resumed.stderr).toBe(1);
  expect(resumed.stderr).toContain(`resuming sweep 1: ${before.partial} URL(s) were already checked`);
  expect(resumed.stdout).toMatch(/^sweep 1 \(resumed\): checked 300 of 300 URLs .*200 live, 100 removed; 200 changes, 200 need you$/m);

  harness.store((store) => {
    expect(integrity(store, 1)).toBe(300);
    const after = new Set(store.db.prepare('SELECT id FROM checks').all().map((r) => Number(r['id'])));
    for (const id of before.ids) expect(after.has(id)).toBe(true);
    expect(count(store, 'SELECT COUNT(*) AS n FROM runs WHERE finished_at IS NULL')).toBe(0);
    expect(count(store, 'SELECT COUNT(*) AS n FROM sweep_lock')).toBe(0);
    const replaced = listEvents(store).filter((e) => e.kind === 'sweep.lock-replaced');
    expect(replaced).toHaveLength(1);
    expect((replaced[0]?.data as { why: string }).why).toMatch(new RegExp(`^process ${child.pid} on .+ is no longer running$`));
    expect(listEvents(store).filter((e) => e.kind === 'sweep.heartbeat')).toHaveLength(1);
    // One first capture per URL, each naming its check; a tail the dead sweep left was cut off
    // by the resumed run (and logged) before it appended to the same file.
    expect(count(store, 'SELECT COUNT(DISTINCT target_id) AS n FROM evidence_captures WHERE check_id IS NOT NULL')).toBe(300);
    expect(count(store, 'SELECT COUNT(*) AS n FROM evidence_captures')).toBe(300);
    const recovered = listEvents(store).filter((e) => e.kind === 'evidence.recovered');
    expect(recovered.length).toBe(killed.problems.length === 0 ? 0 : 1);
  });
  expect(await verifyEvidence(harness)).toEqual({ code: 0, problems: [] });

  // Each change reached the webhook and the mailbox once.
  const ids = harness.store((s) => s.db.prepare('SELECT id FROM sweep_changes ORDER BY seq').all().map((r) => String(r['id'])));
  const delivered = harness.hook.received.flatMap((r) => r.body.changes.map((c) => c.id));
  expect(delivered.sort()).toEqual([...ids].sort());
  const mails = harness.sink.messages.filter((m) => m.envelope.to.includes('lawyer@firm.example'));
  const mailed = mails.flatMap((m) => [...m.text.matchAll(/^LIVE\s+c-1\s+(\S+):/gm)].map((x) => x[1]));
  expect(new Set(mailed).size).toBe(mailed.length);
  expect(mailed).toHaveLength(200);
});

it('lets one sweep run at a time: a second one says so and exits 1, or waits with --wait', async () => {
  h = await startHarness({ delayMs: 150 });
  const harness = h;
  const urls = Array.from({ length: 8 }, (_v, i) => harness.url(`/v/${i}`));
  for (const u of urls) setPage(harness, u, 'gone');
  harness.writeCase(urls);
  const first = harness.sweep();
  // Until the first one holds the lock.
  while (harness.store((s) => count(s, 'SELECT COUNT(*) AS n FROM sweep_lock')) === 0) await new Promise((r) => setTimeout(r, 10));
  const second = await harness.sweep();
  expect(second.code).toBe(1);
  expect(second.stderr).toMatch(/^takedown: another sweep is running in this workspace .*process \d+ on .*This one checked nothing/);
  expect(second.stdout).toBe('');
  const waiting = await harness.sweep({ wait: 30 });
  const done = await first;
  expect(done.code, done.stderr).toBe(0);
  expect(done.stdout).toMatch(/checked 8 of 8 URLs/);
  expect(waiting.code, waiting.stderr).toBe(0);
  expect(waiting.stdout).toMatch(/checked 0 of 8 URLs .*nothing changed/);
  harness.store((s) => expect(count(s, 'SELECT COUNT(*) AS n FROM checks')).toBe(8));
});
