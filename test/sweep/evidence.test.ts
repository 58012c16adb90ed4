// `takedown sweep` keeps WARC evidence of its checks as `takedown check` does: on the loopback
// fixture web, records that warcio reads and `takedown evidence verify` accepts, captured on a
// URL's first check and on each change of state (evidence.capture), and never a picture's bytes
// for a minor's case, even where an adult's case that opted in keeps them.
import { randomBytes } from 'node:crypto';
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import sharp from 'sharp';
import { WARCParser } from 'warcio';
import { afterEach, describe, expect, it } from 'vitest';
import { runEvidence } from '../../src/cli/commands/evidence.ts';
import { listCaptures, listEvents, type CaptureRow } from '../../src/store/index.ts';
import { setPage, startHarness, testIo, type Harness } from './harness.ts';

let h: Harness | undefined;
afterEach(async () => {
  await h?.close();
  h = undefined;
});

function captures(harness: Harness, caseId = 'c-1'): CaptureRow[] {
  return harness.store((s) => listCaptures(s, caseId));
}

/** `takedown evidence verify` over every case with evidence: its exit code and what it printed. */
async function verify(harness: Harness): Promise<{ code: number; stdout: string }> {
  const { io, output } = testIo(harness.dir);
  const code = await runEvidence(io, 'verify', [], { workspace: harness.dir });
  return { code, stdout: output().stdout };
}

function evidenceDir(harness: Harness, caseId = 'c-1'): string {
  return join(harness.dir, '.takedown', 'evidence', caseId);
}

function allFiles(root: string): string[] {
  return readdirSync(root, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? allFiles(join(root, e.name)) : [join(root, e.name)]));
}

describe('takedown sweep: evidence', () => {
  it('captures each URL on its first check and when its state changes, in records warcio reads and verify accepts', async () => {
    h = await startHarness();
    const harness = h;
    const [live, gone] = [harness.url('/v/1'), harness.url('/v/2')];
    setPage(harness, live, 'live');
    setPage(harness, gone, 'gone');
    harness.writeCase([live, gone]);
    expect((await harness.sweep()).code).toBe(1);
    const byUrl = (): string[][] => captures(harness).map((c) => [c.url, c.state, c.cause, c.file]);
    expect(byUrl().sort()).toEqual([
      [live, 'live', 'first', 'run-1-001.warc'],
      [gone, 'removed', 'first', 'run-1-001.warc'],
    ].sort());

    // An hour later the gone URL is checked again (to confirm it): same state, nothing captured.
    harness.clock.advance(1);
    const confirmed = await harness.sweep();
    expect(confirmed.stdout).toMatch(/^removed\s+c-1\s+.*\/v\/2: removal confirmed/m);
    expect(captures(harness)).toHaveLength(2);
    // The next night the live one is gone: a change, captured in this run's file.
    setPage(harness, live, 'soft-gone');
    harness.clock.advance(20);
    await harness.sweep();
    const all = captures(harness);
    expect(all.map((c) => [c.url, c.state, c.cause, c.file]).slice(2)).toEqual([[live, 'soft-removed', 'change', 'run-3-001.warc']]);
    // Each capture names the check recorded with it, in the same transaction.
    expect(all.every((c) => c.checkId !== null)).toBe(true);
    harness.store((s) => {
      const checks = new Set(s.db.prepare('SELECT id FROM checks').all().map((r) => Number(r['id'])));
      for (const c of all) expect(checks.has(c.checkId ?? 0)).toBe(true);
      expect(listEvents(s).filter((e) => e.kind === 'evidence.captured')).toHaveLength(3);
    });

    for (const name of ['run-1-001.warc', 'run-3-001.warc']) {
      let records = 0;
      for await (const record of new WARCParser([new Uint8Array(readFileSync(join(evidenceDir(harness), name)))])) {
        records += 1;
        await record.readFully(false);
      }
      expect(records).toBe(all.filter((c) => c.file === name).reduce((n, c) => n + c.records.length, 0));
    }
    const verified = await verify(harness);
    expect(verified.code, verified.stdout).toBe(0);
    expect(verified.stdout).toMatch(/^c-1: 3 capture\(s\), \d+ record\(s\) in 2 file\(s\): intact$/m);
  });

  it('captures every check with evidence.capture: always, and none with never', async () => {
    h = await startHarness({ settings: 'evidence:\n  capture: always\n' });
    let harness = h;
    const url = harness.url('/v/1');
    setPage(harness, url, 'gone');
    harness.writeCase([url]);
    await harness.sweep();
    harness.clock.advance(1);
    await harness.sweep();
    expect(captures(harness).map((c) => c.cause)).toEqual(['first', 'always']);
    expect((await verify(harness)).code).toBe(0);

    await harness.close();
    h = await startHarness({ settings: 'evidence:\n  capture: never\n' });
    harness = h;
    setPage(harness, harness.url('/v/1'), 'gone');
    harness.writeCase([harness.url('/v/1')]);
    await harness.sweep();
    expect(captures(harness)).toEqual([]);
    expect(existsSync(join(harness.dir, '.takedown', 'evidence'))).toBe(false);
  });

  it("stores no picture bytes for a minor's case, where an adult's case that opted in keeps them", async () => {
    h = await startHarness({ settings: 'evidence:\n  capture: always\n' });
    const harness = h;
    const pixels = randomBytes(32 * 32 * 3);
    const png = await sharp(pixels, { raw: { width: 32, height: 32, channels: 3 } }).png().toBuffer();
    const host = 'a.demo.test';
    harness.web.route('/m/inline', (_req, res) => {
      res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' }).end(`<!doctype html><title>Album</title><h1>Album</h1><img src="data:image/png;base64,${png.toString('base64')}"><p>12 photos</p>`);
    }, { host });
    // A picture sent as a web page: the check reads it, the evidence must not keep it.
    harness.web.route('/m/mislabeled', (_req, res) => {
      res.writeHead(200, { 'content-type': 'text/html' }).end(png);
    }, { host });
    harness.web.route('/m/photo.png', (_req, res) => {
      res.writeHead(200, { 'content-type': 'image/png', 'content-length': png.length }).end(png);
    }, { host });
    const urls = ['/m/inline', '/m/mislabeled', '/m/photo.png'].map((p) => harness.url(p, host));
    harness.writeCase(urls, 'c-minor', { minor: true });
    harness.writeCase(urls, 'c-adult', { storeMedia: true });
    expect((await harness.sweep()).code).toBe(1);
    expect(captures(harness, 'c-minor')).toHaveLength(3);
    expect(captures(harness, 'c-adult')).toHaveLength(3);

    const middle = Math.floor(png.length / 2);
    const b64 = png.toString('base64');
    const needles = [png.subarray(middle, middle + 32), Buffer.from(b64.slice(40, 104))];
    const withMedia = allFiles(harness.dir).filter((file) => needles.some((n) => readFileSync(file).includes(n)));
    // Only the adult's evidence holds the picture (the page's inline copy and the mislabeled one);
    // the minor's has the album's text with the picture taken out.
    expect(withMedia.map((f) => f.slice(harness.dir.length + 1))).toEqual([join('.takedown', 'evidence', 'c-adult', 'run-1-001.warc')]);
    const minor = readFileSync(join(evidenceDir(harness, 'c-minor'), 'run-1-001.warc'), 'latin1');
    expect(minor).toContain('12 photos');
    expect((await verify(harness)).code).toBe(0);
  });
});
