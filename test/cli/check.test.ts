// `takedown check` end to end in process: a real workspace, the loopback fixture web, a real
// SQLite file; every output format, the exit codes, and resuming an interrupted run.
import { spawn } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { startFixtureWeb, type FixtureWeb } from '../fixture-web/server.ts';
import { openStore, verifyEventChain, listTargets } from '../../src/store/index.ts';
import { runCli, tempDir } from './helpers.ts';

const BIN = new URL('../../bin/takedown.js', import.meta.url).pathname;
let web: FixtureWeb;
let dir: ReturnType<typeof tempDir>;

beforeAll(async () => {
  web = await startFixtureWeb();
  web.route('/slow-page', async (_req, res) => {
    await new Promise((r) => setTimeout(r, 1500));
    res.writeHead(200, { 'content-type': 'text/html' }).end('<title>Slow</title><p>still here</p>');
  });
});
afterAll(() => web.close());
beforeEach(() => {
  dir = tempDir();
});
afterEach(() => dir.remove());

function workspace(paths: string[]): string {
  writeFileSync(
    join(dir.path, 'takedown.yaml'),
    ['check:', '  allow_private: true', '  interval_ms: 0', '  retries: 0', '  timeout_s: 3', '  resolve:', '    site.example: 127.0.0.1', ''].join('\n'),
  );
  mkdirSync(join(dir.path, 'cases'));
  const urls = paths.map((p) => `  - ${web.url(p, 'site.example')}`);
  writeFileSync(
    join(dir.path, 'cases', 'c1.yaml'),
    ['case:', '  id: c1', '  subject: { minor_at_creation: false }', '  claimant: { role: subject }', '  jurisdictions: [US]', '  facts: { consent: none }', 'urls:', ...urls, ''].join('\n'),
  );
  return dir.path;
}

describe('takedown check', () => {
  it('prints a table, exits 1 while a URL is live, and records every observation', async () => {
    const ws = workspace(['/ok', '/404', '/410', '/451', '/cloudflare-challenge', '/500']);
    const run = await runCli(['check'], { cwd: ws });
    expect(run.stderr).toBe('');
    expect(run.code).toBe(1);
    const row = (path: string): string => run.stdout.split('\n').find((l) => l.includes(web.url(path, 'site.example'))) ?? '';
    expect(row('/ok')).toMatch(/^live\s+ok\s/);
    expect(row('/404')).toMatch(/^removed\s+http-404\s/);
    expect(row('/410')).toMatch(/^removed\s+http-410\s/);
    expect(row('/451')).toMatch(/^legal-block\s+http-451\s/);
    expect(row('/cloudflare-challenge')).toMatch(/^blocked\s+challenge\s/);
    expect(row('/500')).toMatch(/^unreachable\s+http-5xx\s/);
    expect(run.stdout).toContain('6 URLs: 1 live, 2 removed, 1 legal-block, 1 blocked, 1 unreachable');

    const store = openStore(join(ws, '.takedown', 'takedown.db'));
    try {
      expect(listTargets(store, 'c1').map((t) => t.lastState)).toEqual(['live', 'removed', 'removed', 'legal-block', 'blocked', 'unreachable']);
      const chain = verifyEventChain(store);
      expect(chain.ok).toBe(true);
    } finally {
      store.close();
    }
  });

  it('exits 0 when nothing is live, and --format json gives one document with a summary', async () => {
    const ws = workspace(['/404', '/410']);
    const run = await runCli(['check', '--format', 'json'], { cwd: ws });
    expect(run.code).toBe(0);
    const doc = JSON.parse(run.stdout) as { summary: { total: number; gone: number; live: number }; results: { state: string; url: string }[] };
    expect(doc.summary).toMatchObject({ total: 2, gone: 2, live: 0 });
    expect(doc.results.map((r) => r.state)).toEqual(['removed', 'removed']);
  });

  it('--format ndjson streams one result a line, then a summary line', async () => {
    const ws = workspace(['/ok', '/404', '/redirect-loop']);
    const run = await runCli(['check', '--format', 'ndjson'], { cwd: ws });
    expect(run.code).toBe(1);
    const lines = run.stdout.trim().split('\n').map((l) => JSON.parse(l) as { type: string; state?: string; reason?: string });
    expect(lines).toHaveLength(4);
    expect(lines.slice(0, 3).every((l) => l.type === 'result')).toBe(true);
    expect(lines.map((l) => l.reason).filter(Boolean).sort()).toEqual(['http-404', 'ok', 'redirect-loop']);
    expect(lines[3]).toMatchObject({ type: 'summary', total: 3, live: 1 });
  });

  it('a real process writing ndjson to a pipe: every result line, then the summary, nothing lost', async () => {
    // Enough URLs for the worker threads and for several background writes.
    const ws = workspace(Array.from({ length: 150 }, (_, i) => `/ok?n=${i}`));
    const child = spawn(process.execPath, [BIN, 'check', '--format', 'ndjson'], { cwd: ws, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    const code = await new Promise<number | null>((resolve) => child.on('close', resolve));
    expect(code).toBe(1);
    const lines = stdout.trim().split('\n').map((l) => JSON.parse(l) as { type: string; url?: string });
    expect(lines).toHaveLength(151);
    expect(new Set(lines.slice(0, 150).map((l) => l.url)).size).toBe(150);
    expect(lines[150]).toMatchObject({ type: 'summary', total: 150, live: 150 });
  });

  it('a reader that closes the pipe stops the check like Ctrl-C: exit 130, what finished is kept', async () => {
    web.route('/paced', async (_req, res) => {
      await new Promise((r) => setTimeout(r, 40));
      res.writeHead(200, { 'content-type': 'text/html' }).end('<title>Clip</title><p>the clip</p>');
    });
    const ws = workspace(Array.from({ length: 200 }, (_, i) => `/paced?n=${i}`));
    const child = spawn(process.execPath, [BIN, 'check', '--format', 'ndjson'], { cwd: ws, stdio: ['ignore', 'pipe', 'pipe'] });
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    await new Promise<void>((resolve) => child.stdout.once('data', () => resolve()));
    child.stdout.destroy();
    const code = await new Promise<number | null>((resolve) => child.on('close', resolve));
    expect(code, stderr).toBe(130);
    expect(stderr).toMatch(/interrupted: \d+ result\(s\) were saved/);
    const store = openStore(join(ws, '.takedown', 'takedown.db'));
    try {
      const checked = listTargets(store, 'c1').filter((t) => t.lastState !== null).length;
      expect(checked).toBeGreaterThan(0);
      expect(checked).toBeLessThan(200);
    } finally {
      store.close();
    }
  });

  it('a URL that was live and now cannot be seen still needs a human: exit 1, last seen live shown', async () => {
    let up = true;
    web.route('/flaky', (_req, res) => {
      if (up) return res.writeHead(200, { 'content-type': 'text/html' }).end('<title>Clip</title><p>the clip</p>');
      res.writeHead(503).end('down');
    });
    const ws = workspace(['/flaky', '/404']);
    expect((await runCli(['check'], { cwd: ws })).code).toBe(1);
    up = false;
    const run = await runCli(['check'], { cwd: ws });
    expect(run.code).toBe(1);
    expect(run.stdout).toMatch(/^unreachable\s+http-5xx\s.*last seen live \d{4}-\d\d-\d\d \d\d:\d\d UTC/m);
    expect(run.stdout).toContain('1 URL(s) could not be seen');
    const quiet = await runCli(['check', '--quiet'], { cwd: ws });
    expect(quiet.stdout).toContain(web.url('/flaky', 'site.example'));
    expect(quiet.stdout).not.toContain(web.url('/404', 'site.example'));
  });

  it('--quiet prints only the live URLs', async () => {
    const ws = workspace(['/ok', '/404']);
    const run = await runCli(['check', '--quiet'], { cwd: ws });
    expect(run.code).toBe(1);
    expect(run.stdout).toContain(web.url('/ok', 'site.example'));
    expect(run.stdout).not.toContain(web.url('/404', 'site.example'));
  });

  it('refuses loopback targets unless private addresses are allowed', async () => {
    const ws = workspace(['/ok']);
    writeFileSync(join(ws, 'takedown.yaml'), 'check:\n  retries: 0\n  resolve:\n    site.example: 127.0.0.1\n');
    const run = await runCli(['check'], { cwd: ws });
    expect(run.code).toBe(1);
    expect(run.stdout).toMatch(/^blocked\s+private-address\s/m);
    expect(run.stdout).toContain('--allow-private');
    const allowed = await runCli(['check', '--allow-private'], { cwd: ws });
    expect(allowed.stdout).toMatch(/^live\s+ok\s/m);
  });

  it('an interrupted run keeps what it finished and the next run resumes it', async () => {
    const ws = workspace(['/ok', '/404', '/slow-page']);
    const first = await runCli(['check'], {
      cwd: ws,
      interrupt: (trigger) => setTimeout(trigger, 700),
    });
    expect(first.code).toBe(130);
    expect(first.stderr).toContain('interrupted: 2 result(s) were saved');

    const second = await runCli(['check'], { cwd: ws });
    expect(second.stderr).toContain('resuming run 1: 2 URL(s) were already checked, 1 to go');
    expect(second.code).toBe(1);
    expect(second.stdout).toContain('3 URLs: 2 live, 1 removed');

    const store = openStore(join(ws, '.takedown', 'takedown.db'));
    try {
      const count = store.db.prepare('SELECT COUNT(*) AS n FROM checks').get() as { n: number };
      expect(count.n).toBe(3);
    } finally {
      store.close();
    }
  });

  it('a check killed mid-run (SIGKILL) and run again: every URL checked and captured once, the evidence verifies', async () => {
    web.route('/paced-kill', async (_req, res) => {
      await new Promise((r) => setTimeout(r, 30));
      res.writeHead(200, { 'content-type': 'text/html' }).end(`<title>Clip</title><p>${'the clip is here '.repeat(400)}</p>`);
    });
    const total = 240;
    const ws = workspace(Array.from({ length: total }, (_, i) => `/paced-kill?n=${i}`));
    const child = spawn(process.execPath, [BIN, 'check', '--format', 'ndjson'], { cwd: ws, stdio: ['ignore', 'pipe', 'pipe'] });
    let lines = 0;
    await new Promise<void>((resolve) => {
      child.stdout.on('data', (chunk: Buffer) => {
        lines += chunk.toString().split('\n').length - 1;
        if (lines >= 60) resolve();
      });
      child.on('close', () => resolve());
    });
    child.kill('SIGKILL');
    await new Promise((resolve) => child.on('close', resolve));

    const second = await runCli(['check', '--format', 'json'], { cwd: ws });
    expect(second.code, second.stderr).toBe(1);
    expect(second.stderr).toMatch(/resuming run 1: \d+ URL\(s\) were already checked/);
    const verify = await runCli(['evidence', 'verify'], { cwd: ws });
    expect(verify.code, verify.stdout + verify.stderr).toBe(0);

    const store = openStore(join(ws, '.takedown', 'takedown.db'));
    try {
      const one = (query: string): number => (store.db.prepare(query).get() as { n: number }).n;
      expect(one('SELECT COUNT(*) AS n FROM checks')).toBe(total);
      expect(one('SELECT COUNT(DISTINCT target_id) AS n FROM checks')).toBe(total);
      expect(one('SELECT COUNT(*) AS n FROM evidence_captures')).toBe(total);
      expect(one('SELECT COUNT(DISTINCT target_id) AS n FROM evidence_captures')).toBe(total);
      expect(one('SELECT COUNT(*) AS n FROM evidence_captures WHERE check_id IS NULL')).toBe(0);
      expect(verifyEventChain(store).ok).toBe(true);
    } finally {
      store.close();
    }
  });

  it('a bad case file stops the check before anything is written: exit 2', async () => {
    const ws = workspace(['/ok']);
    writeFileSync(join(ws, 'cases', 'c2.yaml'), 'case:\n  id: c2\nurls: [12]\n');
    const run = await runCli(['check'], { cwd: ws });
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/c2\.yaml:\d+:\d+ /);
    expect(run.stdout).toBe('');
  });
});

describe('workspace providers', () => {
  const provider = (id: string, host: string, marker: string): string =>
    [
      `id: ${id}`,
      `name: ${id}`,
      'kind: platform',
      `hosts: [${host}]`,
      'signals:',
      '  removed:',
      `    - text: ${marker}`,
      'examples:',
      '  - name: notice',
      `    url: http://${host}/v/1`,
      '    response: { status: 200, body: "<p>' + marker + '</p>" }',
      '    expect: { state: soft-removed }',
      'source: [our own observation]',
      'checked: 2026-11-21',
      '',
    ].join('\n');

  it("judges a site by the workspace's own definition", async () => {
    const ws = workspace(['/notice']);
    web.route('/notice', (_req, res) => res.writeHead(200, { 'content-type': 'text/html' }).end('<title>Site</title><p>Item withdrawn by staff</p>'), { host: 'site.example' });
    mkdirSync(join(ws, 'providers'));
    writeFileSync(join(ws, 'providers', 'my-site.yaml'), provider('my-site', 'site.example', 'Item withdrawn by staff'));
    const run = await runCli(['check'], { cwd: ws });
    expect(run.stdout).toMatch(/^soft-removed\s+provider-marker\s.*my-site/m);
    expect(run.code).toBe(0);
  });

  it('replaces built-in definitions on the same hosts', async () => {
    const ws = workspace(['/ok']);
    mkdirSync(join(ws, 'providers'));
    writeFileSync(join(ws, 'providers', 'our-youtube.yaml'), provider('our-youtube', 'youtube.com', 'Gone for good'));
    const run = await runCli(['providers', 'list'], { cwd: ws });
    expect(run.stdout).toMatch(/^our-youtube\s/m);
    expect(run.stdout).not.toMatch(/^youtube\s/m);
  });

  it('a broken workspace provider file stops the check: exit 2 with its position', async () => {
    const ws = workspace(['/ok']);
    mkdirSync(join(ws, 'providers'));
    writeFileSync(join(ws, 'providers', 'bad.yaml'), 'id: bad\nname: Bad\nkind: platfrom\n');
    const run = await runCli(['check'], { cwd: ws });
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/bad\.yaml:3:7 kind: /);
  });
});

describe('large runs', () => {
  it('classifies in worker threads with the same results', async () => {
    const paths = Array.from({ length: 80 }, (_, i) => (i % 4 === 0 ? `/404?n=${i}` : i % 4 === 1 ? `/410?n=${i}` : `/ok?n=${i}`));
    const ws = workspace(paths);
    writeFileSync(join(ws, 'takedown.yaml'), ['check:', '  allow_private: true', '  interval_ms: 0', '  per_host: 8', '  retries: 0', '  resolve:', '    site.example: 127.0.0.1', ''].join('\n'));
    const run = await runCli(['check', '--format', 'json'], { cwd: ws });
    expect(run.code).toBe(1);
    const doc = JSON.parse(run.stdout) as { summary: { byState: Record<string, number> } };
    expect(doc.summary.byState).toMatchObject({ live: 40, removed: 40 });
  });
});
