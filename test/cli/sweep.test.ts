// `takedown sweep` end to end in process: the loopback fixture web whose pages a test switches,
// a real SQLite file, a real SMTP sink and webhook receiver, the demo RDAP server, and a fake
// clock that moves hours and days between sweeps.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createHmac } from 'node:crypto';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { listEvents, listRemovals, listRequests, verifyEventChain, workspaceId, type RequestRow } from '../../src/store/index.ts';
import { runCli } from './helpers.ts';
import { HOUR, setPage, startHarness, type Harness } from '../sweep/harness.ts';

let h: Harness;

beforeEach(async () => {
  h = await startHarness();
});
afterEach(async () => {
  await h.close();
});

function requests(): RequestRow[] {
  return h.store((s) => listRequests(s));
}

async function cli(args: string[]) {
  return runCli([...args, '--workspace', h.dir], { cwd: h.dir });
}

/** Emails the sweep sent to the lawyer (anything else in the sink would be a notice sent by mistake). */
function notificationMails() {
  return h.sink.messages.filter((m) => m.envelope.to.includes('lawyer@firm.example'));
}

/** Every change id delivered by the webhook (accepted deliveries only). */
function hookChangeIds(): string[] {
  return h.hook.received.filter((r) => r.status === 200).flatMap((r) => r.body.changes.map((c) => c.id));
}

function changeIds(): string[] {
  return h.store((s) => s.db.prepare('SELECT id FROM sweep_changes ORDER BY seq').all().map((r) => String(r['id'])));
}

/** A case with one live URL on Vids, drafted and sent by hand (`mark filed`: the request's clock starts now). */
async function sentRequest(path = '/v/1'): Promise<string> {
  const url = h.url(path);
  setPage(h, url, 'live');
  h.writeCase([url]);
  const first = await h.sweep();
  expect(first.code, first.stderr).toBe(1);
  expect(first.stdout).toMatch(/^LIVE\s+c-1\s+.*\/v\/1: live \(ok\) and no request is open/m);
  const drafted = await cli(['draft']);
  expect(drafted.code, drafted.stderr).toBe(0);
  const sent = await cli(['mark', 'R-0001', 'filed']);
  expect(sent.code, sent.stderr).toBe(0);
  return url;
}

describe('takedown sweep', () => {
  it('confirms a removal seen on two checks an hour apart, resolves its request with the time to removal, and notifies each change once', async () => {
    const url = await sentRequest();
    const siteRequest = requests().find((r) => r.rung === 'site');
    expect(siteRequest?.status).toBe('sent');

    // Not due yet: a live URL comes round every 20 hours.
    h.clock.advance(2);
    const early = await h.sweep();
    expect(early.code).toBe(0);
    expect(early.stdout.trim()).toMatch(/^sweep \d+: checked 0 of 1 URLs in [\d.]+ s; nothing changed$/);

    setPage(h, url, 'gone');
    h.clock.advance(19);
    const gone = await h.sweep();
    expect(gone.code, gone.stderr).toBe(0);
    expect(gone.stdout).toMatch(/^gone\s+c-1\s+.*\/v\/1: removed \(http-404\); it counts as removed once a later check confirms it$/m);
    expect(requests().find((r) => r.id === siteRequest?.id)?.status).toBe('sent');

    // Half an hour later it is not due again; an hour after the first gone check it is, and confirms.
    h.clock.advance(0.5);
    expect((await h.sweep()).stdout).toMatch(/checked 0 of 1 URLs .*nothing changed/);
    h.clock.advance(0.5);
    const confirmed = await h.sweep();
    expect(confirmed.code, confirmed.stderr).toBe(0);
    expect(confirmed.stdout).toMatch(/^removed\s+c-1\s+.*\/v\/1: removal confirmed \(gone since .*\); R-0001 resolved \(gone 2\d(\.\d)? h after it was sent\)/m);
    const after = requests();
    expect(after.find((r) => r.id === siteRequest?.id)?.status).toBe('resolved');
    // The search-engine drafts about the same URL were never sent: nothing is left to send them about.
    for (const r of after.filter((x) => x.rung === 'search')) expect(r.status).toBe('superseded');

    const removals = h.store((s) => listRemovals(s));
    expect(removals).toHaveLength(1);
    expect(removals[0]).toMatchObject({ requestId: siteRequest?.id, providerId: 'vids', kind: 'take-it-down', rung: 'site' });
    expect(removals[0]?.secondsToRemoval).toBeGreaterThan(20 * 3600);
    expect(removals[0]?.secondsToRemoval).toBeLessThan(22 * 3600);

    h.store((s) => {
      expect(verifyEventChain(s).ok).toBe(true);
      const resolved = listEvents(s).filter((e) => e.kind === 'request.resolved');
      expect(resolved.map((e) => e.actor)).toEqual(['sweep']);
      expect(listEvents(s).filter((e) => e.kind === 'target.confirmed')).toHaveLength(1);
      expect(listEvents(s).filter((e) => e.kind === 'sweep.heartbeat')).toHaveLength(5);
    });

    // Three sweeps found changes (live, gone, confirmed): one email and one webhook call each,
    // every change exactly once.
    expect(notificationMails().map((m) => m.subject)).toEqual([
      'takedown: 1 of 1 change needs you',
      'takedown: 1 change, none needs you',
      'takedown: 1 change, none needs you',
    ]);
    expect(notificationMails()[2]?.text).toContain('removal confirmed');
    expect(hookChangeIds()).toEqual(changeIds());
    expect(new Set(hookChangeIds()).size).toBe(3);
    // Quiet when nothing changed: no notification for the sweeps that found nothing.
    expect(h.hook.received).toHaveLength(3);
  });

  it('folds in what takedown check saw: a URL check saw gone is confirmed by the next sweep with --confirm', async () => {
    const url = await sentRequest();
    setPage(h, url, 'gone');
    const checked = await cli(['check']);
    expect(checked.code, checked.stderr).toBe(0);
    const confirmed = await h.sweep({ confirm: true });
    expect(confirmed.code, confirmed.stderr).toBe(0);
    expect(confirmed.stdout).toMatch(/^gone\s+c-1\s+.*\/v\/1: removed/m);
    expect(confirmed.stdout).toMatch(/^removed\s+c-1\s+.*\/v\/1: removal confirmed .*; R-0001 resolved/m);
    expect(requests().find((r) => r.id === 1)?.status).toBe('resolved');
  });

  it('never closes anything on blocked or unreachable checks, and reports a URL it cannot see for days', async () => {
    const url = await sentRequest();
    setPage(h, url, 'blocked');
    const codes: number[] = [];
    const outputs: string[] = [];
    // Back-off: due again 6, 12, 24 hours after each blocked check.
    for (const hours of [20, 6, 12, 24, 48]) {
      h.clock.advance(hours);
      const run = await h.sweep();
      codes.push(run.code);
      outputs.push(run.stdout);
    }
    expect(requests().find((r) => r.rung === 'site')?.status).toBe('sent');
    expect(h.store((s) => listRemovals(s))).toEqual([]);
    const unseen = outputs.join('\n').split('\n').filter((l) => l.startsWith('UNSEEN'));
    expect(unseen).toHaveLength(1);
    expect(unseen[0]).toMatch(/\/v\/1: cannot see this URL for \d+ days \(blocked: [\w-]+; \d checks, last seen .*\); it still counts as up$/);
    // Exit 1 twice: when the TAKE IT DOWN deadline (48 h) passed, and when the streak was reported.
    expect(outputs.join('\n').split('\n').filter((l) => l.startsWith('OVERDUE'))).toHaveLength(1);
    expect(codes.filter((c) => c === 1)).toHaveLength(2);
    expect(h.store((s) => s.db.prepare("SELECT phase FROM target_watch").get()?.['phase'])).toBe('live');

    // Unreachable after gone does not confirm either; only a second gone check does.
    setPage(h, url, 'gone');
    h.clock.advance(72);
    await h.sweep();
    setPage(h, url, 'unreachable');
    h.clock.advance(2);
    await h.sweep();
    expect(requests().find((r) => r.rung === 'site')?.status).toBe('sent');
    setPage(h, url, 'gone');
    h.clock.advance(12);
    const confirmed = await h.sweep();
    expect(confirmed.stdout).toMatch(/R-0001 resolved/);
  });

  it('reopens a confirmed removal that comes back, drafts a new notice without sending it, and exits 1', async () => {
    const url = await sentRequest();
    setPage(h, url, 'soft-gone');
    h.clock.advance(21);
    await h.sweep();
    h.clock.advance(1);
    expect((await h.sweep()).stdout).toMatch(/R-0001 resolved/);
    const sentBefore = h.sink.messages.filter((m) => m.envelope.to.includes('legal@vids.demo.test')).length;

    // Confirmed removals are checked weekly, never never.
    setPage(h, url, 'live');
    h.clock.advance(24);
    expect((await h.sweep()).stdout).toMatch(/checked 0 of 1 URLs/);
    h.clock.advance(7 * 24);
    const back = await h.sweep();
    expect(back.code, back.stderr).toBe(1);
    expect(back.stdout).toMatch(/^DRAFTED\s+c-1\s+R-\d{4} to Vids \(take-it-down, site rung\), not sent: review notices\/c-1\/R-\d{4}-vids-take-it-down\.eml, then: takedown send R-\d{4}$/m);
    const fresh = requests().filter((r) => r.rung === 'site' && r.status === 'draft');
    expect(fresh).toHaveLength(1);
    // The line names the draft made for it.
    const freshId = `R-${String(fresh[0]?.id).padStart(4, '0')}`;
    expect(back.stdout).toMatch(new RegExp(`^REAPPEARED\\s+c-1\\s+.*/v/1: removed \\(confirmed .*\\) and live again; a new notice is drafted, not sent: ${freshId}$`, 'm'));
    expect(existsSync(join(h.dir, fresh[0]?.file ?? 'none'))).toBe(true);
    // Drafted, never sent.
    expect(h.sink.messages.filter((m) => m.envelope.to.includes('legal@vids.demo.test'))).toHaveLength(sentBefore);
    expect(h.store((s) => s.db.prepare('SELECT reappearances FROM target_watch').get()?.['reappearances'])).toBe(1);

    // Nothing new the next day: the reappearance is told once, the draft made once.
    h.clock.advance(21);
    const again = await h.sweep();
    expect(again.code).toBe(0);
    expect(requests().filter((r) => r.rung === 'site' && r.status === 'draft')).toHaveLength(1);
    expect(new Set(hookChangeIds()).size).toBe(hookChangeIds().length);
  });

  it('says a reappeared URL is covered by a request still open for the case, and drafts nothing new for it', async () => {
    const [a, b] = [h.url('/v/1'), h.url('/v/2')];
    setPage(h, a, 'live');
    setPage(h, b, 'live');
    h.writeCase([a, b]);
    await h.sweep();
    expect((await cli(['draft'])).code).toBe(0);
    expect((await cli(['mark', 'R-0001', 'filed'])).code).toBe(0);
    expect(requests().find((r) => r.id === 1)?.targets).toHaveLength(2);
    // /v/1 is removed and confirmed; /v/2 stays up, so R-0001 stays open.
    setPage(h, a, 'gone');
    h.clock.advance(21);
    await h.sweep();
    h.clock.advance(1);
    expect((await h.sweep()).stdout).toMatch(/\/v\/1: removal confirmed/);
    expect(requests().find((r) => r.id === 1)?.status).toBe('sent');
    const before = requests().length;

    setPage(h, a, 'live');
    h.clock.advance(7 * 24 + 1);
    const back = await h.sweep();
    expect(back.code, back.stderr).toBe(1);
    expect(back.stdout).toMatch(/^REAPPEARED\s+c-1\s+.*\/v\/1: removed \(confirmed .*\) and live again; an open request already covers it: R-0001 \(sent\); no new notice was drafted$/m);
    expect(back.stdout).not.toMatch(/a new notice is drafted/);
    expect(requests()).toHaveLength(before);
    // The notification says the same.
    const told = h.hook.received.flatMap((r) => r.body.changes).find((c) => c.kind === 'reappeared') as { message?: string } | undefined;
    expect(told?.message).toMatch(/an open request already covers it: R-0001 \(sent\)/);
  });

  it('reports an overdue request once and drafts the next rung of the ladder (the registrar, found by RDAP), without sending', async () => {
    const url = h.url('/v/7', 'free.demo.test');
    setPage(h, url, 'live');
    h.writeCase([url]);
    await h.sweep();
    expect((await cli(['draft'])).code).toBe(0);
    const site = requests().find((r) => r.rung === 'site');
    expect(site?.channelKind).toBe('web-form');
    const marked = await cli(['mark', 'R-0001', 'filed', '--ref', 'T-1']);
    expect(marked.code, marked.stderr).toBe(0);
    const deadline = Date.parse(requests().find((r) => r.id === site?.id)?.deadlineAt ?? '');

    h.clock.set(deadline + HOUR);
    const late = await h.sweep();
    expect(late.code, late.stderr).toBe(1);
    expect(late.stdout).toMatch(/^OVERDUE\s+c-1\s+R-0001 to .*: its deadline passed on /m);
    // The host rung has no abuse contact (RDAP holds none for a loopback address): the registrar is next.
    expect(late.stdout).toMatch(/^DRAFTED\s+c-1\s+R-\d{4} to Demo Registrar, Inc\. \(registrar of demo\.test\) \(abuse-report, registrar rung\), not sent: review notices\/c-1\/R-\d{4}-generic-registrar-abuse-report\.eml, then: takedown send R-\d{4}$/m);
    expect(late.stdout).toMatch(/^escalated\s+c-1\s+R-0001: deadline passed; next rung: registrar \(R-\d{4}\)$/m);
    const after = requests();
    expect(after.find((r) => r.id === site?.id)?.status).toBe('escalated');
    const registrar = after.find((r) => r.rung === 'registrar');
    expect(registrar).toMatchObject({ status: 'draft', recipient: 'abuse@registrar.demo.test', channelKind: 'email' });
    expect(h.sink.messages.filter((m) => m.envelope.to.includes('abuse@registrar.demo.test'))).toEqual([]);

    h.clock.advance(1);
    const next = await h.sweep();
    expect(next.stdout).not.toMatch(/OVERDUE|DRAFTED/);
    expect(requests()).toHaveLength(after.length);
  });

  it('says once, needing a person, that no rung above a known platform could be drafted, and why', async () => {
    await sentRequest();
    const deadline = Date.parse(requests().find((r) => r.id === 1)?.deadlineAt ?? '');
    h.clock.set(deadline + HOUR);
    const late = await h.sweep();
    expect(late.code, late.stderr).toBe(1);
    expect(late.stdout).toMatch(/^OVERDUE\s+c-1\s+R-0001 to Vids: its deadline passed/m);
    expect(late.stdout).toMatch(
      /^LAST RUNG\s+c-1\s+R-0001 to Vids: its deadline passed and no further rung could be drafted \(every rung was tried or has no contact: site \(Vids\)\); follow it up quoting R-0001, then turn to a regulator or a court$/m,
    );
    expect(late.stdout).not.toMatch(/^DRAFTED/m);
    expect(requests().find((r) => r.id === 1)?.status).toBe('sent');
    expect(h.hook.received.flatMap((r) => r.body.changes.map((c) => c.kind))).toContain('last-rung');

    // Told once for this deadline: the next night has nothing new.
    h.clock.advance(21);
    const next = await h.sweep();
    expect(next.stdout).not.toMatch(/LAST RUNG|OVERDUE/);
    expect(h.store((st) => st.db.prepare("SELECT COUNT(*) AS n FROM sweep_changes WHERE kind = 'last-rung'").get()?.['n'])).toBe(1);
  });

  it('says that no rung above an unknown site could be drafted when RDAP knows no contact for its host or registrar', async () => {
    const url = h.url('/v/3', 'tube.example');
    setPage(h, url, 'live');
    h.writeCase([url]);
    await h.sweep();
    expect((await cli(['draft'])).code).toBe(0);
    const site = requests().find((r) => r.rung === 'site');
    expect(site?.providerId).toBe('generic-site');
    expect((await cli(['mark', 'R-0001', 'filed', '--ref', 'T-9'])).code).toBe(0);
    const deadline = Date.parse(requests().find((r) => r.id === site?.id)?.deadlineAt ?? '');

    h.clock.set(deadline + HOUR);
    const late = await h.sweep();
    expect(late.code, late.stderr).toBe(1);
    expect(late.stdout).toMatch(/^LAST RUNG\s+c-1\s+R-0001 to tube\.example \(site operator\): its deadline passed and no further rung could be drafted \(every rung was tried or has no contact: .*no abuse contact found for the host of tube\.example.*no registrar abuse contact found for tube\.example.*\); follow it up quoting T-9, then turn to a regulator or a court$/m);
    expect(late.stdout).not.toMatch(/^DRAFTED/m);
  });

  it('tells a change that could not be delivered at the next sweep, under the same batch id, and never twice', async () => {
    const url = h.url('/v/1');
    setPage(h, url, 'live');
    h.writeCase([url]);
    h.hook.failNext(1);
    const first = await h.sweep();
    expect(first.code).toBe(1);
    expect(first.stderr).toMatch(/notification by webhook http:\/\/127\.0\.0\.1:\d+ failed: the webhook answered 500: down for maintenance; 1 change\(s\) wait for the next sweep/);
    expect(notificationMails()).toHaveLength(1);

    h.clock.advance(1);
    const second = await h.sweep();
    expect(second.code).toBe(0);
    const calls = h.hook.received.map((r) => [r.status, r.idempotencyKey]);
    expect(calls.map((c) => c[0])).toEqual([500, 200]);
    // The workspace's own id first: another workspace's first batch is webhook:1 too.
    const workspace = h.store((st) => workspaceId(st));
    expect(calls[0]?.[1]).toMatch(new RegExp(`^${workspace}:webhook:\\d+$`));
    expect(notificationMails()[0]?.raw.toString('utf8')).toMatch(new RegExp(`^Message-ID: <takedown-sweep\\.${workspace}-email-\\d+@helpline\\.example>`, 'im'));
    expect(calls[1]?.[1]).toBe(calls[0]?.[1]);
    expect(hookChangeIds()).toEqual(changeIds());
    // The email went out the first time and is not repeated.
    expect(notificationMails()).toHaveLength(1);
  });

  it('signs webhook bodies when a secret is set', async () => {
    await h.close();
    h = await startHarness({ settings: '  webhook_secret_env: HOOK_SECRET\n' });
    const url = h.url('/v/1');
    setPage(h, url, 'live');
    h.writeCase([url]);
    await expect(h.sweep()).rejects.toThrow(/notify\.webhook_secret_env names HOOK_SECRET, which is not set in the environment/);
    // A sweep given the variable signs each body with it.
    const { runSweep } = await import('../../src/cli/commands/sweep.ts');
    const { testIo } = await import('../sweep/harness.ts');
    const { io } = testIo(h.dir);
    io.env.HOOK_SECRET = 's3cret';
    expect(await runSweep(io, [], { workspace: h.dir }, { clock: h.clock })).toBe(1);
    const [call] = h.hook.received;
    const body = JSON.stringify(call?.body);
    expect(call?.signature).toBe(`sha256=${createHmac('sha256', 's3cret').update(body).digest('hex')}`);
  });

  it('prints JSON, stays silent with --quiet when nothing changed, and writes nothing on --dry-run', async () => {
    const url = h.url('/v/1');
    setPage(h, url, 'live');
    h.writeCase([url]);
    const dry = await h.sweep({ dryRun: true });
    expect(dry.code).toBe(0);
    expect(dry.stdout).toMatch(/^dry run: 1 URL\(s\) due \(1 new\), 0 not due yet; nothing was checked, drafted or sent$/m);
    // A new workspace stays new: no database (nor its folder) is created by a dry run.
    expect(existsSync(join(h.dir, '.takedown', 'takedown.db'))).toBe(false);
    expect(existsSync(join(h.dir, '.takedown'))).toBe(false);

    const json = await h.sweep({ format: 'json' });
    const doc = JSON.parse(json.stdout) as { checked: number; needsHuman: boolean; changes: { kind: string; url: string; attention: boolean }[]; notifications: { channel: string; delivered: number }[] };
    expect(doc).toMatchObject({ checked: 1, needsHuman: true, changes: [{ kind: 'live', url, attention: true }] });
    expect(doc.notifications.map((n) => [n.channel, n.delivered])).toEqual([
      ['email', 1],
      ['webhook', 1],
    ]);

    // With a database, a dry run reads it and records nothing.
    const checks = () => h.store((st) => st.db.prepare('SELECT COUNT(*) AS n FROM checks').get()?.['n']);
    const before = checks();
    h.clock.advance(21);
    const dryAgain = await h.sweep({ dryRun: true });
    expect(dryAgain.stdout).toMatch(/^dry run: 1 URL\(s\) due \(1 live\), 0 not due yet/m);
    expect(checks()).toBe(before);

    const quiet = await h.sweep({ quiet: true });
    expect(quiet).toEqual({ code: 0, stdout: '', stderr: '' });
    const usage = await h.sweep({ all: true }, ['c-1']).catch((error: Error) => error);
    expect((usage as Error).message).toMatch(/name cases or give --all, not both/);
  });

  it('caps a run at --max-urls, the most overdue first, and the rest come next time', async () => {
    const urls = [1, 2, 3, 4, 5].map((i) => h.url(`/v/${i}`));
    for (const u of urls) setPage(h, u, 'gone');
    h.writeCase(urls);
    const first = await h.sweep({ maxUrls: 2 });
    expect(first.stdout).toMatch(/checked 2 of 5 URLs .*; 3 due URLs left for the next run \(cap\)/);
    const second = await h.sweep({ maxUrls: 10 });
    expect(second.stdout).toMatch(/checked 3 of 5 URLs/);
  });
});
