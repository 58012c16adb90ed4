// draft, send, mark and status end to end on a real workspace, a real SQLite file and a real SMTP
// server on loopback; a send killed midway and re-run delivers each message exactly once.
import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startMailSink, type MailSink } from '../../src/mail/sink.ts';
import { openStore, listEvents, listRequests, verifyEventChain } from '../../src/store/index.ts';
import { runCli, tempDir } from './helpers.ts';

const BIN = new URL('../../bin/takedown.js', import.meta.url).pathname;
const PLATFORMS = ['alpha', 'bravo', 'charlie', 'delta', 'echo'];

let dir: ReturnType<typeof tempDir>;
let sink: MailSink;

function provider(name: string, channel: string): string {
  return `id: ${name}
name: ${name[0]?.toUpperCase()}${name.slice(1)} Pics
kind: platform
hosts: [${name}.example]
channels:
${channel}
source: [test]
checked: 2026-11-21
`;
}

function emailChannel(name: string): string {
  return `  - id: legal
    kind: email
    address: legal@${name}.example
    bases: [take-it-down, policy-ncii]
    discloses_reporter_to: []
    source: test
    checked: 2026-11-21`;
}

const FORM_CHANNEL = `  - id: report-form
    kind: web-form
    url: https://forms.example/report
    bases: [policy-ncii]
    fields:
      - { label: Your email, answer: '{{ claimant.email }}' }
      - { label: Links, answer: '{{ urls | map: "url" | join: " " }}' }
    discloses_reporter_to: [uploader]
    disclosure_note: The uploader is told who reported.
    source: test
    checked: 2026-11-21`;

function caseFile(urls: string[], extra = ''): string {
  return `case:
  id: c-1
  subject:
    name: Jane Doe
    minor_at_creation: false
  claimant:
    role: representative
    name: A. Advocate
    email: advocate@helpline.example
    signature: /A. Advocate/
    confirms_good_faith: true
  jurisdictions: [US]
  facts:
    consent: none
    description: Private photos posted without consent.
${extra}urls:
${urls.map((u) => `  - ${u}`).join('\n')}
`;
}

function writeWorkspace(urls: string[], options: { smtp?: boolean } = {}): void {
  mkdirSync(join(dir.path, 'cases'), { recursive: true });
  mkdirSync(join(dir.path, 'providers'), { recursive: true });
  writeFileSync(
    join(dir.path, 'takedown.yaml'),
    options.smtp === false ? '' : `smtp:\n  host: 127.0.0.1\n  port: ${sink.port}\n  security: none\n`,
  );
  for (const name of PLATFORMS) writeFileSync(join(dir.path, 'providers', `${name}.yaml`), provider(name, emailChannel(name)));
  writeFileSync(join(dir.path, 'providers', 'formsite.yaml'), provider('formsite', FORM_CHANNEL));
  writeFileSync(join(dir.path, 'cases', 'c-1.yaml'), caseFile(urls));
}

const ALL_URLS = [...PLATFORMS.map((p) => `https://${p}.example/p/1`), 'https://alpha.example/p/2', 'https://formsite.example/x/1'];

async function cli(args: string[], extra: { answers?: boolean[]; env?: Record<string, string> } = {}) {
  return runCli([...args, '--workspace', dir.path], { cwd: dir.path, ...extra });
}

function requests() {
  const store = openStore(join(dir.path, '.takedown', 'takedown.db'));
  try {
    return listRequests(store);
  } finally {
    store.close();
  }
}

beforeEach(async () => {
  dir = tempDir();
  sink = await startMailSink();
});

afterEach(async () => {
  await sink.close();
  dir.remove();
});

describe('takedown draft', () => {
  it('drafts one notice per recipient and basis, writes .eml and packet files, and never duplicates on a re-run', async () => {
    writeWorkspace(ALL_URLS);
    const first = await cli(['draft', '--no-lookup']);
    expect(first.code, first.stderr).toBe(0);
    const rows = requests();
    const site = rows.filter((r) => r.rung === 'site');
    expect(site.map((r) => `${r.providerId} ${r.kind} ${r.targets.length}`)).toEqual([
      'alpha take-it-down 2',
      'bravo take-it-down 1',
      'charlie take-it-down 1',
      'delta take-it-down 1',
      'echo take-it-down 1',
      'formsite policy-ncii 1',
    ]);
    for (const r of rows) {
      expect(r.status).toBe('draft');
      expect(r.file).not.toBeNull();
      const file = join(dir.path, r.file ?? '');
      expect(existsSync(file), file).toBe(true);
      expect(statSync(file).mode & 0o777).toBe(0o600);
    }
    const eml = readFileSync(join(dir.path, site[0]?.file ?? ''), 'utf8');
    expect(eml).toMatch(/^To: legal@alpha\.example$/m);
    expect(eml).toContain('https://alpha.example/p/2');
    const packet = readFileSync(join(dir.path, site[5]?.file ?? ''), 'utf8');
    expect(packet).toContain('https://forms.example/report');
    expect(packet).toContain('advocate@helpline.example');
    expect(first.stdout).toMatch(/uploader/);

    const again = await cli(['draft', '--no-lookup']);
    expect(again.code, again.stderr).toBe(0);
    expect(requests()).toHaveLength(rows.length);
    expect(again.stdout).toMatch(/Case c-1: 0 new requests/);
  });

  it('replaces an unsent draft when a new URL for the same recipient is added', async () => {
    writeWorkspace(['https://alpha.example/p/1']);
    await cli(['draft', '--no-lookup']);
    writeFileSync(join(dir.path, 'cases', 'c-1.yaml'), caseFile(['https://alpha.example/p/1', 'https://alpha.example/p/9']));
    const r = await cli(['draft', '--no-lookup']);
    expect(r.code, r.stderr).toBe(0);
    const site = requests().filter((x) => x.rung === 'site');
    expect(site.map((x) => [x.status, x.targets.length])).toEqual([
      ['superseded', 1],
      ['draft', 2],
    ]);
    expect(site[0]?.supersededBy).toBe(site[1]?.id);
    expect(r.stdout).toMatch(/R-0001 replaced by R-\d{4} \(new URLs for the same recipient\)/);
  });

  it.each([
    ['signature: /A. Advocate/', /case\.claimant\.signature/],
    ['confirms_good_faith: true', /set case\.claimant\.confirms_good_faith: true/],
  ])('without %s it says what to fill in and records nothing', async (line, message) => {
    writeWorkspace(ALL_URLS);
    writeFileSync(join(dir.path, 'cases', 'c-1.yaml'), caseFile(ALL_URLS).replace(`    ${line}\n`, ''));
    const r = await cli(['draft', '--no-lookup']);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(message);
    expect(r.stderr).toMatch(/nothing was drafted/);
    expect(r.stderr).not.toMatch(/\n\s+at /);
    expect(existsSync(join(dir.path, 'notices'))).toBe(false);
    expect(requests()).toEqual([]);
  });

  it('writes nothing on --dry-run', async () => {
    writeWorkspace(ALL_URLS);
    const r = await cli(['draft', '--no-lookup', '--dry-run']);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/would be drafted \(dry run, nothing written\)/);
    expect(existsSync(join(dir.path, 'notices'))).toBe(false);
  });

  it('names an unknown case id with the known ones', async () => {
    writeWorkspace(ALL_URLS);
    const r = await cli(['draft', 'nope']);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/"nope" is neither a case file nor the id of a case .*\(cases: c-1\)/);
  });
});

describe('takedown send', () => {
  it('refuses to send without a confirmation, and sends nothing when the answer is no', async () => {
    writeWorkspace(ALL_URLS);
    await cli(['draft', '--no-lookup']);
    const scripted = await cli(['send']);
    expect(scripted.code).toBe(2);
    expect(scripted.stderr).toMatch(/nothing was sent: confirm at a terminal, or pass --yes/);
    const asked: string[] = [];
    const no = await runCli(['send', '--workspace', dir.path], { cwd: dir.path, answers: [false], asked });
    expect(no.code).toBe(0);
    expect(asked).toEqual(['Send them now?']);
    expect(no.stderr).toMatch(/About to send 5 notices/);
    expect(sink.messages).toHaveLength(0);
    expect(requests().every((r) => r.status === 'draft')).toBe(true);
  });

  it('sends each email request once, records its Message-ID and deadline, and skips web forms', async () => {
    writeWorkspace(ALL_URLS);
    await cli(['draft', '--no-lookup']);
    const r = await cli(['send'], { answers: [true] });
    expect(r.code, r.stderr).toBe(0);
    await sink.waitFor(5);
    expect(sink.messages.map((m) => m.envelope.to[0]).sort()).toEqual(PLATFORMS.map((p) => `legal@${p}.example`));
    const alpha = sink.messages.find((m) => m.envelope.to[0] === 'legal@alpha.example');
    expect(alpha?.text).toContain('https://alpha.example/p/1');
    expect(alpha?.text).toContain('https://alpha.example/p/2');
    expect(alpha?.headers['x-takedown-request']?.[0]).toMatch(/^R-\d{4}$/);
    const sent = requests().filter((x) => x.status === 'sent');
    expect(sent).toHaveLength(5);
    for (const row of sent) {
      const message = sink.messages.find((m) => m.envelope.to[0] === row.recipient);
      expect(message?.headers['message-id']?.[0]).toBe(row.messageId);
      // TAKE IT DOWN: 48 hours from receipt.
      expect(Date.parse(row.deadlineAt ?? '') - Date.parse(row.sentAt ?? '')).toBe(48 * 3600_000);
    }
    const again = await cli(['send', '--yes']);
    expect(again.code).toBe(0);
    expect(sink.messages).toHaveLength(5);
  });

  it('says clearly when SMTP is not configured, before asking anything', async () => {
    writeWorkspace(ALL_URLS, { smtp: false });
    await cli(['draft', '--no-lookup']);
    const asked: string[] = [];
    const r = await runCli(['send', '--workspace', dir.path], { cwd: dir.path, answers: [true], asked });
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/TAKEDOWN_SMTP_HOST|smtp\.host/);
    expect(asked).toEqual([]);
  });

  it('never prints the SMTP password, even when the server refuses it', async () => {
    await sink.close();
    sink = await startMailSink({ auth: { user: 'helpline', pass: 'right-password' } });
    writeWorkspace(ALL_URLS);
    writeFileSync(join(dir.path, 'takedown.yaml'), `smtp:\n  host: 127.0.0.1\n  port: ${sink.port}\n  security: none\n  user: helpline\n`);
    await cli(['draft', '--no-lookup']);
    const secret = 'Wr0ng-Secret-Pa55';
    const r = await cli(['send', '--yes'], { env: { TAKEDOWN_SMTP_PASSWORD: secret } });
    expect(r.code).toBe(1);
    expect(r.stdout + r.stderr).toMatch(/failed/);
    expect(r.stdout + r.stderr).not.toContain(secret);
    expect(r.stdout + r.stderr).not.toContain(Buffer.from(secret).toString('base64'));
    expect(requests().filter((x) => x.status === 'draft' && x.sendStartedAt === null).length).toBe(requests().filter((x) => x.status === 'draft').length);
    const store = openStore(join(dir.path, '.takedown', 'takedown.db'));
    try {
      expect(JSON.stringify(listEvents(store))).not.toContain(secret);
    } finally {
      store.close();
    }
  });

  it('delivers each message exactly once when a send is killed midway and run again', async () => {
    writeWorkspace(ALL_URLS);
    await cli(['draft', '--no-lookup']);
    const child = spawn(process.execPath, [BIN, 'send', '--yes', '--workspace', dir.path], { cwd: dir.path, stdio: 'ignore' });
    const exited = new Promise<void>((resolve) => child.on('exit', () => resolve()));
    await sink.waitFor(2, 30_000);
    child.kill('SIGKILL');
    await exited;
    const delivered = sink.messages.length;
    expect(delivered).toBeGreaterThanOrEqual(2);

    const rerun = await cli(['send', '--yes']);
    // A request cut off between "claimed" and "sent" is in doubt and is not sent again blindly.
    const inDoubt = requests().filter((x) => x.status === 'draft' && x.sendStartedAt !== null);
    expect(rerun.code).toBe(inDoubt.length > 0 ? 1 : 0);
    for (const row of inDoubt) {
      expect(rerun.stdout).toContain(`R-${String(row.id).padStart(4, '0')}: a send started at`);
      // The person checks the sent folder (here: the sink) and resends only what did not arrive.
      const arrived = sink.messages.some((m) => m.headers['message-id']?.[0] === row.messageId);
      const id = `R-${String(row.id).padStart(4, '0')}`;
      const follow = arrived ? await cli(['mark', id, 'filed']) : await cli(['send', id, '--resend', '--yes']);
      expect(follow.code, follow.stderr).toBe(0);
    }
    const counts = new Map<string, number>();
    for (const m of sink.messages) counts.set(m.envelope.to[0] ?? '', (counts.get(m.envelope.to[0] ?? '') ?? 0) + 1);
    expect([...counts.entries()].sort()).toEqual(PLATFORMS.map((p) => [`legal@${p}.example`, 1]));
    expect(requests().filter((x) => x.channelKind === 'email').every((x) => x.status === 'sent')).toBe(true);
    const store = openStore(join(dir.path, '.takedown', 'takedown.db'));
    try {
      expect(verifyEventChain(store)).toMatchObject({ ok: true });
    } finally {
      store.close();
    }
  }, 60_000);
});

describe('a case file that changed after the draft', () => {
  it('does not send a draft whose URL is now allow-listed, and the next draft withdraws it', async () => {
    writeWorkspace(['https://alpha.example/p/1', 'https://bravo.example/p/1']);
    await cli(['draft', '--no-lookup']);
    writeFileSync(
      join(dir.path, 'cases', 'c-1.yaml'),
      caseFile(['https://alpha.example/p/1', 'https://bravo.example/p/1'], '  allow: [https://bravo.example/p/1]\n'),
    );
    const sent = await cli(['send', '--yes']);
    expect(sent.code, sent.stderr).toBe(0);
    expect(sink.messages.map((m) => m.envelope.to[0])).toEqual(['legal@alpha.example']);
    expect(sent.stdout).toMatch(/https:\/\/bravo\.example\/p\/1, no longer in case c-1 or now on its allow-list; it is not sent/);
    const redraft = await cli(['draft', '--no-lookup']);
    expect(redraft.stdout).toMatch(/withdrawn \(never sent\): one of its URLs left the case file or is now allow-listed/);
    const bravo = requests().filter((r) => r.providerId === 'bravo');
    expect(bravo.map((r) => r.status)).toEqual(['superseded']);
  });

  it('does not ask again about a URL whose request was resolved until a later check sees it live', async () => {
    writeWorkspace(['https://alpha.example/p/1']);
    await cli(['draft', '--no-lookup']);
    await cli(['send', '--yes']);
    const alpha = requests().find((r) => r.providerId === 'alpha');
    const id = `R-${String(alpha?.id).padStart(4, '0')}`;
    expect((await cli(['mark', id, 'resolved'])).code).toBe(0);
    const again = await cli(['draft', '--no-lookup']);
    expect(again.code, again.stderr).toBe(0);
    expect(requests().filter((r) => r.providerId === 'alpha')).toHaveLength(1);
  });

  it('uses another basis the recipient accepts with --basis', async () => {
    writeWorkspace(['https://alpha.example/p/1']);
    const r = await cli(['draft', '--no-lookup', '--basis', 'policy-ncii']);
    expect(r.code, r.stderr).toBe(0);
    expect(requests().find((x) => x.providerId === 'alpha')?.kind).toBe('policy-ncii');
  });
});

describe('takedown demo', () => {
  it('refuses a folder that is not empty and was not made by a demo', async () => {
    writeWorkspace(ALL_URLS);
    const r = await runCli(['demo', '--dir', dir.path], { cwd: dir.path });
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/the folder is not empty and was not made by an earlier demo/);
    expect(readFileSync(join(dir.path, 'takedown.yaml'), 'utf8')).toContain(`port: ${sink.port}`);
  });
});

describe('takedown mark and status', () => {
  it('records a filed web form with its ticket, starts its clock, and shows it in status', async () => {
    writeWorkspace(ALL_URLS);
    await cli(['draft', '--no-lookup']);
    const form = requests().find((r) => r.providerId === 'formsite');
    const id = `R-${String(form?.id).padStart(4, '0')}`;
    const at = new Date(Math.floor(Date.now() / 1000) * 1000 + 1000);
    await new Promise((resolve) => setTimeout(resolve, 1100));
    const marked = await cli(['mark', id, 'filed', '--ref', 'TICKET-77', '--at', at.toISOString().replace('.000Z', 'Z')]);
    expect(marked.code, marked.stderr).toBe(0);
    const deadline = new Date(at.getTime() + 7 * 24 * 3600_000).toISOString();
    expect(marked.stdout).toContain(`${id} is now sent (ticket TICKET-77); deadline ${deadline}`);
    const early = await cli(['mark', id, 'filed']);
    expect(early.stderr).toMatch(/was already filed or sent on/);
    const status = await cli(['status']);
    expect(status.code).toBe(1);
    expect(status.stdout).toMatch(/Case c-1/);
    expect(status.stdout).toMatch(/URLs: +7 unchecked/);
    expect(status.stdout).toContain('TICKET-77');
    expect(status.stdout).toMatch(/review .*\.eml, then send it/);
    const json = await cli(['status', '--format', 'json']);
    const parsed = JSON.parse(json.stdout) as { caseId: string; needsHuman: boolean }[];
    expect(parsed[0]).toMatchObject({ caseId: 'c-1', needsHuman: true });
  });

  it.each([
    [['mark', 'R-0001', 'done'], /"done" is not something a request can be marked; use one of filed, acknowledged, resolved, refused, expired$/m],
    [['mark', 'R-9999', 'filed'], /no request R-9999/],
    [['mark', 'banana', 'filed'], /"banana" is not a request id/],
    [['mark', 'R-0001', 'resolved'], /R-0001 is draft; it cannot become resolved \(it can become sent, superseded\)/],
    [['mark', 'R-0001', 'filed', '--at', 'yesterday'], /--at "yesterday" is not a time/],
    [['send', 'R-0042'], /no request R-0042/],
  ])('%j exits 2 with a clear message', async (args, message) => {
    writeWorkspace(ALL_URLS);
    await cli(['draft', '--no-lookup']);
    const r = await cli(args);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(message);
    expect(r.stderr).not.toMatch(/\n\s+at /);
  });
});

describe('files', () => {
  it('keeps notices in private folders', async () => {
    writeWorkspace(ALL_URLS);
    await cli(['draft', '--no-lookup']);
    const folder = join(dir.path, 'notices', 'c-1');
    expect(statSync(folder).mode & 0o777).toBe(0o700);
    expect(readdirSync(folder).length).toBeGreaterThanOrEqual(6);
  });
});
