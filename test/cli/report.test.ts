// `takedown report` end to end: a workspace built with the real CLI on the loopback fixture web
// (check, draft, mark), and one with hostile text written through the store; every format, the
// files it writes, and the HTML report opened in a real Chromium with the network watched.
import { existsSync, mkdirSync, readFileSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { chromium, type BrowserContext } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CliIo } from '../../src/cli/io.ts';
import { csvPaths, runReport, type ReportOptions } from '../../src/cli/commands/report.ts';
import { startFixtureWeb, type FixtureWeb } from '../fixture-web/server.ts';
import { buildReportStore, HOSTILE_NOTE, HOSTILE_URL } from '../reports/report-fixture.ts';
import { parseCsv } from '../reports/parse-csv.ts';
import { runCli, tempDir } from './helpers.ts';

const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

let web: FixtureWeb;
let dir: ReturnType<typeof tempDir>;
/** Built with the real CLI. */
let real: string;
/** Written through the store: hostile URLs, notes, names and tickets. */
let hostile: string;
let gone = false;

function io(cwd: string): CliIo & { out(): string; err(): string } {
  let stdout = '';
  let stderr = '';
  return {
    stdout: { write: (s: string) => (stdout += s), isTTY: false },
    stderr: { write: (s: string) => (stderr += s), isTTY: false },
    env: { NO_COLOR: '1' },
    cwd,
    onInterrupt: () => () => undefined,
    confirm: async () => null,
    out: () => stdout,
    err: () => stderr,
  };
}

async function report(workspace: string, names: string[], options: ReportOptions) {
  const cli = io(workspace);
  const code = await runReport(cli, names, { workspace, ...options });
  return { code, stdout: cli.out(), stderr: cli.err() };
}

function caseFile(urls: { url: string; note?: string }[]): string {
  return `case:
  id: c-1
  title: Test case
  subject: { name: Jane Doe, minor_at_creation: false }
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
urls:
${urls.map((u) => `  - { url: ${JSON.stringify(u.url)}${u.note ? `, note: ${JSON.stringify(u.note)}` : ''} }`).join('\n')}
`;
}

async function cli(args: string[]): Promise<void> {
  const run = await runCli([...args, '--workspace', real], { cwd: real });
  expect(run.code, `${args.join(' ')}: ${run.stderr}`).toBeLessThanOrEqual(1);
}

beforeAll(async () => {
  web = await startFixtureWeb();
  web.route('/p/1', (_req, res) => {
    if (gone) res.writeHead(404, { 'content-type': 'text/html' }).end('<title>Not found</title>');
    else res.writeHead(200, { 'content-type': 'text/html' }).end('<title>Photo</title><p>a photo page</p>');
  });
  web.route('/p/2', (_req, res) => {
    if (gone) res.writeHead(410, { 'content-type': 'text/html' }).end('<title>Gone</title>');
    else res.writeHead(200, { 'content-type': 'text/html' }).end('<title>Photo 2</title><p>another photo page</p>');
  });
  dir = tempDir();

  real = join(dir.path, 'real');
  expect((await runCli(['init', real], { cwd: dir.path })).code).toBe(0);
  rmSync(join(real, 'cases', 'example.yaml'));
  writeFileSync(
    join(real, 'takedown.yaml'),
    // Two checks a moment apart confirm a removal here; the default asks for an hour between them.
    ['check:', '  allow_private: true', '  interval_ms: 0', '  retries: 0', '  timeout_s: 3', '  resolve:', '    site.example: 127.0.0.1', 'notices:', '  confirm_hours: 0', ''].join('\n'),
  );
  writeFileSync(
    join(real, 'cases', 'c-1.yaml'),
    caseFile([{ url: web.url('/p/1', 'site.example'), note: HOSTILE_NOTE }, { url: web.url('/p/2', 'site.example') }]),
  );
  await cli(['check']);
  await cli(['draft', '--no-lookup']);
  await cli(['mark', 'R-0001', 'filed', '--ref', '<b>T-1</b>', '--note', '"><script>alert(1)</script>']);
  gone = true;
  await cli(['check']);
  await cli(['check']);
  await cli(['mark', 'R-0001', 'resolved']);

  hostile = join(dir.path, 'hostile');
  mkdirSync(join(hostile, '.takedown'), { recursive: true });
  buildReportStore(join(hostile, '.takedown', 'takedown.db'), { secondCase: true });
});

afterAll(async () => {
  await web.close();
  dir.remove();
});

describe('takedown report: choosing cases and formats', () => {
  it.each<[string, string[], ReportOptions, string, RegExp]>([
    ['no case and no --all', [], {}, 'NO_CASE_CHOSEN', /or pass --all/],
    ['cases and --all', ['c-1'], { all: true }, 'NO_CASE_CHOSEN', /not both/],
    ['an unknown format', ['c-1'], { format: 'pdf' }, 'BAD_FORMAT', /text, json, csv, md, html/],
    ['--anonymised as html', ['c-1'], { anonymised: true, format: 'html' }, 'BAD_FORMAT', /json or csv/],
    ['an unknown case', ['nope'], {}, 'NO_SUCH_CASE', /cases: c-1/],
  ])('refuses %s', async (_name, names, options, code, message) => {
    await expect(report(real, names, options)).rejects.toMatchObject({ code, message: expect.stringMatching(message) });
  });

  it('says to check first in a workspace with nothing recorded', async () => {
    const empty = join(dir.path, 'empty');
    mkdirSync(join(empty, '.takedown'), { recursive: true });
    await expect(report(empty, [], { all: true })).rejects.toMatchObject({ code: 'NOTHING_TO_REPORT' });
    expect(existsSync(join(empty, '.takedown', 'takedown.db'))).toBe(false);
  });

  it('prints the text report of a case named by id or by its file', async () => {
    const byId = await report(real, ['c-1'], {});
    expect(byId.code).toBe(0);
    expect(byId.stdout).toMatch(/^Takedown report, generated /);
    expect(byId.stdout).toContain(web.url('/p/1', 'site.example'));
    expect(byId.stdout).toMatch(/R-0001 resolved: take-it-down to site\.example \(site operator\)/);
    expect(byId.stdout).toMatch(/removal {4}\d+ min after R-0001 was sent/);
    const byFile = await report(real, [join(real, 'cases', 'c-1.yaml')], {});
    expect(byFile.stdout.split('\n').slice(2)).toEqual(byId.stdout.split('\n').slice(2));
  });

  it('json is the model; --all covers every recorded case', async () => {
    const run = await report(hostile, [], { all: true, format: 'json' });
    const doc = JSON.parse(run.stdout) as { kind: string; cases: { id: string; urls: { url: string }[] }[] };
    expect(doc.kind).toBe('takedown-report');
    expect(doc.cases.map((c) => c.id)).toEqual(['c-1', 'c-2']);
    expect(doc.cases[0]?.urls.map((u) => u.url)).toContain(HOSTILE_URL);
  });

  it('--anonymised gives providers, notice kinds, counts and durations only', async () => {
    const run = await report(real, ['c-1'], { anonymised: true });
    const doc = JSON.parse(run.stdout) as { kind: string; rows: { provider: string; noticeKind: string; sent: number; removed: number }[] };
    expect(doc.kind).toBe('takedown-outcomes');
    expect(doc.rows).toEqual([expect.objectContaining({ provider: 'generic-site', noticeKind: 'take-it-down', sent: 1, removed: 1 })]);
    expect(run.stdout).not.toMatch(/site\.example|c-1|Advocate|127\.0\.0\.1|T-1/);
  });
});

describe('takedown report --out', () => {
  const out = (name: string): string => join(dir.path, 'out', name);
  const mode = (path: string): number => statSync(path).mode & 0o777;

  it.each([
    ['text', 'report.txt', /^Takedown report/],
    ['md', 'report.md', /^# Takedown report/],
    ['json', 'report.json', /^\{\n {2}"kind": "takedown-report"/],
    ['html', 'report.html', /^<!DOCTYPE html>/],
  ])('writes %s to a private file, atomically', async (format, name, start) => {
    const path = out(name);
    mkdirSync(join(dir.path, 'out'), { recursive: true });
    writeFileSync(path, 'an older, world-readable report', { mode: 0o644 });
    const run = await report(real, ['c-1'], { format, out: path });
    expect(run.code).toBe(0);
    expect(run.stdout).toBe(`Wrote ${path}\n`);
    expect(readFileSync(path, 'utf8')).toMatch(start);
    expect(mode(path)).toBe(0o600);
    expect(readdirSync(join(dir.path, 'out')).filter((f) => f.endsWith('.tmp'))).toEqual([]);
  });

  it('writes CSV as two files, one row per URL and one per request, with a BOM for spreadsheets', async () => {
    const path = out('cases.csv');
    const run = await report(hostile, ['c-1'], { format: 'csv', out: path });
    const paths = csvPaths(path);
    expect(paths).toEqual({ urls: out('cases-urls.csv'), requests: out('cases-requests.csv') });
    expect(run.stdout).toBe(`Wrote ${paths.urls}\nWrote ${paths.requests}\n`);
    for (const file of [paths.urls, paths.requests]) {
      expect(mode(file)).toBe(0o600);
      expect(readFileSync(file, 'utf8').startsWith('\uFEFF')).toBe(true);
    }
    const urls = parseCsv(readFileSync(paths.urls, 'utf8').slice(1));
    expect(urls.map((r) => r[1])).toEqual(['url', 'https://alpha.example/p/1', HOSTILE_URL, expect.stringContaining('HYPERLINK'), 'https://delta.example/gone', 'https://echo.example/new']);
    const requests = parseCsv(readFileSync(paths.requests, 'utf8').slice(1));
    expect(requests).toHaveLength(6);
  });

  it('on standard output, CSV is both tables, a blank line between, and no BOM', async () => {
    const run = await report(real, ['c-1'], { format: 'csv' });
    const [urls, requests] = run.stdout.split('\r\n\r\n');
    expect(run.stdout.startsWith('case,url,')).toBe(true);
    expect(parseCsv(`${urls}\r\n`)).toHaveLength(3);
    expect(parseCsv(requests ?? '')[0]?.[1]).toBe('request');
  });

  it('writes the anonymised CSV as one file (and, with --quiet, says nothing)', async () => {
    const path = out('outcomes.csv');
    const run = await report(hostile, [], { all: true, anonymised: true, format: 'csv', out: path, quiet: true });
    expect(run.stdout).toBe('');
    const rows = parseCsv(readFileSync(path, 'utf8').slice(1));
    expect(rows[0]?.slice(0, 2)).toEqual(['provider', 'notice_kind']);
    expect(rows.slice(1).map((r) => r[0])).toEqual(['google-search', 'other', 'other']);
    expect(mode(path)).toBe(0o600);
  });
});

describe('the HTML report in Chromium', () => {
  let context: BrowserContext;

  beforeAll(async () => {
    context = await chromium.launchPersistentContext(join(dir.path, 'chromium-profile'), {
      executablePath: '/usr/bin/chromium',
      headless: true,
      args: CHROMIUM_ARGS,
      viewport: { width: 1000, height: 800 },
    });
  }, 60_000);
  afterAll(async () => {
    await context?.close();
  });

  async function open(file: string, viewport?: { width: number; height: number }) {
    const page = await context.newPage();
    if (viewport) await page.setViewportSize(viewport);
    const requests: string[] = [];
    const problems: string[] = [];
    page.on('request', (r) => requests.push(r.url()));
    page.on('console', (m) => {
      if (m.type() === 'error' || m.type() === 'warning') problems.push(`${m.type()}: ${m.text()}`);
    });
    page.on('pageerror', (e) => problems.push(`page error: ${e.message}`));
    // Anything but the file itself is refused (and recorded above before it is).
    await page.route('**/*', (route) => (route.request().url() === `file://${file}` ? route.continue() : route.abort()));
    await page.goto(`file://${file}`, { waitUntil: 'load' });
    return { page, requests, problems };
  }

  function pngSize(png: Buffer): { width: number; height: number } {
    expect(png.subarray(0, 8).toString('hex')).toBe('89504e470d0a1a0a');
    return { width: png.readUInt32BE(16), height: png.readUInt32BE(20) };
  }

  it.each([
    ['the CLI-built workspace', () => real, ['c-1'], 2],
    ['the workspace with hostile text', () => hostile, ['c-1', 'c-2'], 6],
  ])('%s: renders with no errors and no network, charts drawn, screenshot and PDF made', async (name, workspace, cases, urlCount) => {
    const file = join(dir.path, 'html', `${name.replace(/\W+/g, '-')}.html`);
    await report(workspace(), cases, { format: 'html', out: file });
    const { page, requests, problems } = await open(file);
    expect(problems).toEqual([]);
    expect(requests).toEqual([`file://${file}`]);
    expect(await page.locator('svg.chart.states').count()).toBeGreaterThanOrEqual(1);
    expect(await page.locator('svg.chart.timeline').count()).toBe(urlCount);
    expect(await page.locator('svg.chart.ttr').count()).toBeGreaterThanOrEqual(1);
    expect(await page.locator('svg.chart rect').count()).toBeGreaterThan(5);
    expect(await page.locator('script').count()).toBe(0);
    // The style sheet applied (its hash matched the policy): a URL card has its border.
    // (Expressions as strings: the tests are type-checked without the DOM library.)
    expect(await page.evaluate("getComputedStyle(document.querySelector('article.url')).borderTopStyle")).toBe('solid');

    const shot = join(dir.path, 'html', `${name.replace(/\W+/g, '-')}.png`);
    await page.screenshot({ path: shot, fullPage: true });
    const png = readFileSync(shot);
    expect(png.length).toBeGreaterThan(20_000);
    expect(pngSize(png).width).toBe(1000);
    const pdf = await page.pdf({ format: 'A4', printBackground: true });
    expect(pdf.subarray(0, 5).toString()).toBe('%PDF-');
    expect(pdf.length).toBeGreaterThan(10_000);
    await page.close();
  });

  it('shows hostile URLs and notes as text, and fits a phone screen', async () => {
    const file = join(dir.path, 'html', 'phone.html');
    await report(hostile, ['c-1'], { format: 'html', out: file });
    const { page, problems } = await open(file, { width: 375, height: 740 });
    expect(problems).toEqual([]);
    const text = await page.locator('body').innerText();
    expect(text).toContain(HOSTILE_URL);
    expect(text).toContain(HOSTILE_NOTE);
    expect(text).toContain('Jane <b>Doe</b>');
    expect(await page.locator('b, i, a, img, iframe').count()).toBe(0);
    // Nothing but the tables (which scroll in their own box) is wider than the screen.
    const overflow = await page.evaluate('document.documentElement.scrollWidth');
    expect(overflow).toBeLessThanOrEqual(375);
    const shot = await page.screenshot({ fullPage: true });
    expect(pngSize(shot).width).toBe(375);
    await page.close();
  });
});
