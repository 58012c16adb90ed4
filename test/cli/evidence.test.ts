// Evidence end to end: `takedown check` on the loopback fixture web captures WARC evidence as the
// settings say; `evidence verify` and `evidence export` (through runEvidence) prove and hand it
// over; and no image or video bytes land anywhere in the workspace unless the case opted in.
import { execFileSync, spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import sharp from 'sharp';
import { WARCParser } from 'warcio';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { runEvidence } from '../../src/cli/commands/evidence.ts';
import type { CliIo } from '../../src/cli/io.ts';
import { captureEvidence, openEvidence } from '../../src/evidence/index.ts';
import { appendEvent, decideCandidate, getTarget, listCaptures, listEvents, openStore, recordCandidates, type CaptureRow } from '../../src/store/index.ts';
import { startFixtureWeb, type FixtureWeb } from '../fixture-web/server.ts';
import { runCli, tempDir } from './helpers.ts';

let web: FixtureWeb;
let dir: ReturnType<typeof tempDir>;
let png: Buffer;
let jpeg: Buffer;
/** What the page at /changing answers: flipped by tests to make a URL change state. */
let changingStatus = 200;

beforeAll(async () => {
  web = await startFixtureWeb();
  // Noise, so that any run of their bytes is their own.
  const pixels = randomBytes(48 * 48 * 3);
  png = await sharp(pixels, { raw: { width: 48, height: 48, channels: 3 } }).png().toBuffer();
  jpeg = await sharp(pixels, { raw: { width: 48, height: 48, channels: 3 } }).jpeg({ quality: 95 }).toBuffer();
  const img = (type: string, bytes: Buffer) => (_req: unknown, res: import('node:http').ServerResponse) => {
    res.writeHead(200, { 'content-type': type, 'content-length': bytes.length }).end(bytes);
  };
  web.route('/img/photo.png', img('image/png', png));
  web.route('/img/photo.jpg', img('image/jpeg', jpeg));
  web.route('/img/mislabeled', img('text/html', png));
  web.route('/img/octet', img('application/octet-stream', jpeg));
  web.route('/img/untyped', (_req, res) => {
    res.writeHead(200).end(jpeg);
  });
  web.route('/gallery', (_req, res) => {
    const inline = `data:image/png;base64,${png.toString('base64')}`;
    const wrapped = `data:image/jpeg;base64,${jpeg.toString('base64').replace(/(.{76})/g, '$1\n')}`;
    const tiles = Array.from({ length: 20 }, (_, i) => `<img src="/img/photo.${i % 2 ? 'jpg' : 'png'}?n=${i}">`).join('\n');
    res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' }).end(
      `<!doctype html><title>Gallery</title><style>.hero{background:url(${wrapped})}</style>` +
        `<h1>Album</h1>${tiles}<img src="${inline}" alt="inline"><p>More photos of this album</p>`,
    );
  });
  web.route('/slow', async (_req, res) => {
    await new Promise((r) => setTimeout(r, 1200));
    res.writeHead(200, { 'content-type': 'text/html' }).end('<title>Slow</title><p>still here</p>');
  });
  web.route('/changing', (_req, res) => {
    if (changingStatus === 200) res.writeHead(200, { 'content-type': 'text/html' }).end('<title>Video 42</title><p>Watch now, 3 comments</p>');
    else res.writeHead(404, { 'content-type': 'text/html' }).end('<title>Not found</title>');
  });
});
afterAll(() => web.close());
beforeEach(() => {
  dir = tempDir();
  changingStatus = 200;
});
afterEach(() => dir.remove());

function workspace(paths: string[], options: { capture?: string; storeMedia?: boolean } = {}): string {
  const settings = ['check:', '  allow_private: true', '  interval_ms: 0', '  retries: 0', '  timeout_s: 3', '  resolve:', '    site.example: 127.0.0.1'];
  if (options.capture) settings.push('evidence:', `  capture: ${options.capture}`);
  writeFileSync(join(dir.path, 'takedown.yaml'), `${settings.join('\n')}\n`);
  mkdirSync(join(dir.path, 'cases'), { recursive: true });
  writeFileSync(
    join(dir.path, 'cases', 'c1.yaml'),
    [
      'case:', '  id: c1', '  subject: { minor_at_creation: false }', '  claimant: { role: subject }', '  jurisdictions: [US]', '  facts: { consent: none }',
      ...(options.storeMedia ? ['  store_media: true'] : []),
      'urls:', ...paths.map((p) => `  - ${web.url(p, 'site.example')}`), '',
    ].join('\n'),
  );
  return dir.path;
}

function io(cwd: string): { io: CliIo; stdout: () => string } {
  let stdout = '';
  return {
    io: {
      stdout: { write: (s: string) => (stdout += s), isTTY: false },
      stderr: { write: () => true, isTTY: false },
      env: { NO_COLOR: '1' },
      cwd,
      onInterrupt: () => () => undefined,
      confirm: async () => null,
    },
    stdout: () => stdout,
  };
}

function captures(ws: string): CaptureRow[] {
  const store = openStore(join(ws, '.takedown', 'takedown.db'));
  try {
    return listCaptures(store, 'c1');
  } finally {
    store.close();
  }
}

async function check(ws: string): Promise<void> {
  const run = await runCli(['check', '--quiet'], { cwd: ws });
  expect(run.stderr).toBe('');
  expect([0, 1]).toContain(run.code);
}

function evidenceFile(ws: string, name: string): string {
  return join(ws, '.takedown', 'evidence', 'c1', name);
}

function allFiles(root: string): string[] {
  return readdirSync(root, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? allFiles(join(root, e.name)) : [join(root, e.name)]));
}

describe('capture during takedown check', () => {
  it('by default captures a URL on its first check and when its state changes, and the records parse with digests that check', async () => {
    const ws = workspace(['/changing', '/404']);
    await check(ws);
    // Results arrive in any order: compare by path.
    const seen = (): string[][] => captures(ws).map((c) => [new URL(c.url).pathname, c.state, c.cause]).sort((a, b) => String(a).localeCompare(String(b)));
    expect(seen()).toEqual([['/404', 'removed', 'first'], ['/changing', 'live', 'first']]);
    await check(ws);
    expect(captures(ws)).toHaveLength(2);
    changingStatus = 404;
    await check(ws);
    const all = captures(ws);
    expect(seen()).toEqual([['/404', 'removed', 'first'], ['/changing', 'live', 'first'], ['/changing', 'removed', 'change']]);
    expect(all[2]).toMatchObject({ state: 'removed', cause: 'change' });
    expect(all.every((c) => c.checkId !== null)).toBe(true);

    // One file per run; warcio reads every record and the digests it finds are right.
    const files = [...new Set(all.map((c) => c.file))];
    expect(files).toEqual(['run-1-001.warc', 'run-3-001.warc']);
    for (const name of files) {
      const bytes = readFileSync(evidenceFile(ws, name));
      let count = 0;
      for await (const record of new WARCParser([new Uint8Array(bytes)])) {
        count++;
        const block = Buffer.from(await record.readFully(false));
        if (record.warcType === 'response') {
          const { createHash } = await import('node:crypto');
          expect(record.warcPayloadDigest).toBe(`sha256:${createHash('sha256').update(block).digest('hex')}`);
          expect(record.httpHeaders?.statusCode).toBeGreaterThan(0);
        }
      }
      expect(count).toBe(all.filter((c) => c.file === name).reduce((n, c) => n + c.records.length, 0));
    }

    // Each capture is an event in the chain, naming file, offsets, digests, target and check.
    const store = openStore(join(ws, '.takedown', 'takedown.db'));
    try {
      const events = listEvents(store, { caseId: 'c1' }).filter((e) => e.kind === 'evidence.captured');
      expect(events).toHaveLength(3);
      expect(events[2]?.targetId).toBe(all[2]?.targetId);
      expect(events[2]?.data).toMatchObject({ file: 'run-3-001.warc', check: all[2]?.checkId, cause: 'change', state: 'removed' });
    } finally {
      store.close();
    }
    const verify = io(ws);
    expect(await runEvidence(verify.io, 'verify', [], {})).toBe(0);
    expect(verify.stdout()).toContain('c1: 3 capture(s), 11 record(s) in 2 file(s): intact');
  });

  it('captures nothing with evidence.capture: never, and every check with always', async () => {
    const never = workspace(['/ok'], { capture: 'never' });
    await check(never);
    expect(captures(never)).toEqual([]);
    expect(existsSync(join(never, '.takedown', 'evidence'))).toBe(false);

    dir.remove();
    dir = tempDir();
    const always = workspace(['/ok'], { capture: 'always' });
    await check(always);
    await check(always);
    expect(captures(always).map((c) => c.cause)).toEqual(['first', 'always']);
  });

  it('an interrupted run keeps its captures, and the resumed run appends to the same file', async () => {
    const ws = workspace(['/ok', '/404', '/slow']);
    const first = await runCli(['check'], { cwd: ws, interrupt: (trigger) => setTimeout(trigger, 600) });
    expect(first.code).toBe(130);
    expect(captures(ws)).toHaveLength(2);
    const second = await runCli(['check'], { cwd: ws });
    expect(second.stderr).toContain('resuming run 1');
    expect(captures(ws).map((c) => c.file)).toEqual(['run-1-001.warc', 'run-1-001.warc', 'run-1-001.warc']);
    expect(await runEvidence(io(ws).io, 'verify', [], {})).toBe(0);
  });

  it('keeps evidence private: folders 0700, files 0600', async () => {
    const ws = workspace(['/ok']);
    await check(ws);
    const evidence = join(ws, '.takedown', 'evidence');
    expect(statSync(evidence).mode & 0o777).toBe(0o700);
    expect(statSync(join(evidence, 'c1')).mode & 0o777).toBe(0o700);
    expect(statSync(evidenceFile(ws, 'run-1-001.warc')).mode & 0o777).toBe(0o600);
  });
});

describe('no media bytes on disk', () => {
  const PAGES = ['/gallery', '/img/photo.png', '/img/photo.jpg', '/img/mislabeled', '/img/octet', '/img/untyped'];

  /** Files of the workspace holding the images' bytes, raw or in base64. */
  function filesWithMedia(ws: string): string[] {
    const needles = [png, jpeg].flatMap((img) => {
      const middle = Math.floor(img.length / 2);
      const b64 = img.toString('base64');
      const at = Math.floor(b64.length / 8) * 4;
      return [img.subarray(middle, middle + 48), Buffer.from(b64.slice(at, at + 64))];
    });
    return allFiles(ws).filter((file) => {
      const bytes = readFileSync(file);
      return needles.some((n) => bytes.includes(n));
    });
  }

  it('after checking pages full of images, no file of the workspace holds image bytes, raw or base64', async () => {
    const ws = workspace(PAGES, { capture: 'always' });
    await check(ws);
    await check(ws);
    expect(captures(ws)).toHaveLength(PAGES.length * 2);
    expect(filesWithMedia(ws)).toEqual([]);
    // The gallery's text is kept, its inline images emptied.
    const warc = readFileSync(evidenceFile(ws, 'run-1-001.warc'), 'latin1');
    expect(warc).toContain('More photos of this album');
    expect(warc).toContain('data:image/png;base64,"');
    expect(warc).toContain('url(data:image/jpeg;base64,)');
  });

  it('with store_media: true, media the check read is kept (the scan finds it)', async () => {
    const ws = workspace(['/img/mislabeled'], { storeMedia: true });
    await check(ws);
    expect(filesWithMedia(ws)).toEqual([evidenceFile(ws, 'run-1-001.warc')]);
  });

  it("never stores media for a minor's case, even if it opted in", async () => {
    // The case schema refuses store_media for minors; the evidence writer refuses on its own too.
    const ws = workspace(['/img/mislabeled']);
    await check(ws);
    const store = openStore(join(ws, '.takedown', 'takedown.db'));
    try {
      const run = store.db.prepare('SELECT MAX(id) AS id FROM runs').get() as { id: number };
      const session = openEvidence({ store, dir: join(ws, '.takedown', 'evidence'), runId: run.id, capture: 'always', software: 'takedown/test' });
      const target = getTarget(store, captures(ws)[0]!.targetId!)!;
      const body = Buffer.concat([Buffer.from('<p>'), png]);
      const outcome = {
        ok: true as const,
        response: {
          url: target.url, finalUrl: target.url, status: 200, headers: { 'content-type': 'image/png' }, body, truncated: false, bodySkipped: false,
          redirects: [], timings: { startedAt: '2026-01-01T00:00:00.000Z', headersMs: 1, totalMs: 1 },
          wire: { method: 'GET', requestHeaders: [['host', 'site.example'] as [string, string]], httpVersion: '1.1', statusText: 'OK', responseHeaders: [['Content-Type', 'image/png'] as [string, string]] },
        },
      };
      const result = { url: target.url, state: 'live' as const, reason: 'ok' as const, detail: '', providerId: null, httpStatus: 200, finalUrl: target.url, redirects: [], contentType: 'image/png', bodySha256: null, bodyBytes: body.length, truncated: false, checkedAt: '2026-01-01T00:00:00.000Z', durationMs: 1, attempts: 1 };
      for (const kind of [{ minor: true, storeMedia: true }, { minor: false, storeMedia: false }]) {
        captureEvidence(session, { id: 'c1', ...kind }, target, { result, outcome });
        captureEvidence(session, { id: 'c1', ...kind }, target, { result, outcome: { ...outcome, response: { ...outcome.response, headers: { 'content-type': 'text/html' } } } });
      }
      session.close();
      expect(listCaptures(store, 'c1')).toHaveLength(5);
    } finally {
      store.close();
    }
    expect(filesWithMedia(ws)).toEqual([]);
  });
});

describe('takedown evidence verify and export', () => {
  it('verify exits 1 and names the file and offset of a flipped byte; --format json lists the problem', async () => {
    const ws = workspace(['/ok', '/404']);
    await check(ws);
    const response = captures(ws)[1]!.records.find((r) => r.type === 'response')!;
    const path = evidenceFile(ws, 'run-1-001.warc');
    const bytes = readFileSync(path);
    bytes[response.offset + response.length - 10]! ^= 0x20;
    writeFileSync(path, bytes);

    const text = io(ws);
    expect(await runEvidence(text.io, 'verify', ['c1'], {})).toBe(1);
    expect(text.stdout()).toContain(`altered    run-1-001.warc @ ${response.offset} response ${response.id}`);
    const json = io(ws);
    expect(await runEvidence(json.io, 'verify', [], { format: 'json' })).toBe(1);
    const doc = JSON.parse(json.stdout()) as { ok: boolean; problems: Array<{ kind: string; file: string; offset: number }> };
    expect(doc.ok).toBe(false);
    expect(doc.problems).toEqual([expect.objectContaining({ kind: 'altered', file: 'run-1-001.warc', offset: response.offset })]);
  });

  it('export writes a private bundle that checks with sha256sum, a manifest of every capture and the case log', async () => {
    const ws = workspace(['/ok', '/gallery']);
    await check(ws);
    const out = join(ws, 'bundle');
    const run = io(ws);
    expect(await runEvidence(run.io, 'export', ['c1'], { out: 'bundle' })).toBe(0);
    expect(run.stdout()).toContain(`wrote ${out}: 1 WARC file(s), 2 capture(s)`);
    expect(allFiles(out).map((f) => f.slice(out.length + 1)).sort()).toEqual(
      ['README.txt', 'SHA256SUMS', 'events.jsonl', 'manifest.json', 'manifest.txt', 'warc/run-1-001.warc'],
    );
    for (const file of allFiles(out)) expect(statSync(file).mode & 0o777).toBe(0o600);
    expect(statSync(out).mode & 0o777).toBe(0o700);
    expect(readFileSync(join(out, 'warc', 'run-1-001.warc'))).toEqual(readFileSync(evidenceFile(ws, 'run-1-001.warc')));

    const manifest = JSON.parse(readFileSync(join(out, 'manifest.json'), 'utf8')) as {
      captures: Array<{ url: string; state: string; file: string; records: Array<{ offset: number; length: number; sha256: string }>; event: { seq: number; hash: string } }>;
      problems: unknown[];
    };
    expect(manifest.problems).toEqual([]);
    expect(manifest.captures.map((c) => [c.url, c.state, c.file])).toEqual([
      [web.url('/ok', 'site.example'), 'live', 'warc/run-1-001.warc'],
      [web.url('/gallery', 'site.example'), 'live', 'warc/run-1-001.warc'],
    ]);
    // Each record is where the manifest says, with the digest it gives.
    const warc = readFileSync(join(out, 'warc', 'run-1-001.warc'));
    const { createHash } = await import('node:crypto');
    for (const r of manifest.captures.flatMap((c) => c.records)) {
      expect(createHash('sha256').update(warc.subarray(r.offset, r.offset + r.length)).digest('hex')).toBe(r.sha256);
    }
    const text = readFileSync(join(out, 'manifest.txt'), 'utf8');
    expect(text).toContain(`URL    ${web.url('/gallery', 'site.example')}`);
    expect(text).toContain(`chain  event ${manifest.captures[1]?.event.seq}`);

    // The README's own recipes work: sha256sum, and the event hashes recomputed in Python.
    expect(execFileSync('sha256sum', ['-c', 'SHA256SUMS'], { cwd: out, encoding: 'utf8' })).toMatch(/warc\/run-1-001.warc: OK/);
    const readme = readFileSync(join(out, 'README.txt'), 'utf8');
    const python = /python3 -c '(.*)'$/m.exec(readme)?.[1];
    expect(python).toBeDefined();
    if (spawnSync('python3', ['--version']).status !== 0) return;
    const hashes = execFileSync('python3', ['-c', python as string], { cwd: out, encoding: 'utf8' }).trim().split('\n');
    expect(hashes.length).toBeGreaterThan(2);
    expect(hashes.every((line) => line.endsWith(' True'))).toBe(true);
  });

  it('export carries the events the evidence needs, never those about candidates (keywords, third-party pages)', async () => {
    const ws = workspace(['/ok']);
    await check(ws);
    const store = openStore(join(ws, '.takedown', 'takedown.db'));
    try {
      recordCandidates(
        store,
        'c1',
        [{ url: 'https://forum.example/t/9', kind: 'page', foundOn: 'https://forum.example/', watchUrl: 'https://forum.example/', reasons: [{ kind: 'keyword', keyword: 'Jane Doe', field: 'text', snippet: 'Jane Doe pics' }] }],
        'discovery',
      );
      decideCandidate(store, 1, 'rejected', { actor: 'user', note: 'a stranger' });
      appendEvent(store, { actor: 'discovery', kind: 'discovery.run', caseId: 'c1', data: { places: ['https://forum.example/'], pages: 1 } });
    } finally {
      store.close();
    }
    expect(await runEvidence(io(ws).io, 'export', ['c1'], { out: 'bundle' })).toBe(0);
    const out = join(ws, 'bundle');
    const events = readFileSync(join(out, 'events.jsonl'), 'utf8').trim().split('\n').map((l) => JSON.parse(l) as { kind: string });
    const kinds = new Set(events.map((e) => e.kind));
    expect([...kinds].sort()).toEqual(['evidence.captured', 'target.added', 'target.state']);
    const all = readFileSync(join(out, 'events.jsonl'), 'utf8');
    expect(all).not.toContain('Jane Doe');
    expect(all).not.toContain('forum.example');
    const manifest = JSON.parse(readFileSync(join(out, 'manifest.json'), 'utf8')) as { event_log: { case_events: number } };
    expect(manifest.event_log.case_events).toBe(events.length);
    expect(readFileSync(join(out, 'README.txt'), 'utf8')).toMatch(/candidate\.\*, discovery\.run[\s\S]*are left out/);
  });

  it('export refuses a folder that is not empty, and needs exactly one case and --out', async () => {
    const ws = workspace(['/ok']);
    await check(ws);
    mkdirSync(join(ws, 'full'));
    writeFileSync(join(ws, 'full', 'keep.txt'), 'mine');
    await expect(runEvidence(io(ws).io, 'export', ['c1'], { out: 'full' })).rejects.toMatchObject({ code: 'EXPORT_NOT_EMPTY' });
    expect(readdirSync(join(ws, 'full'))).toEqual(['keep.txt']);
    await expect(runEvidence(io(ws).io, 'export', [], { out: 'x' })).rejects.toMatchObject({ code: 'USAGE' });
    await expect(runEvidence(io(ws).io, 'export', ['c1'], {})).rejects.toMatchObject({ code: 'USAGE' });
    await expect(runEvidence(io(ws).io, 'verify', ['nope'], {})).rejects.toMatchObject({ code: 'NO_SUCH_CASE' });
  });
});
