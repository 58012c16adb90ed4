// `node bench/sweep-nightly.ts`: a workspace of 50,000 URLs over the synthetic web with N days of
// nightly sweep history, then the time and peak RSS of a sweep and of `status`. For each history
// (default 2 and 30 days, both steady states) one sweep with every URL due (the same 50,000
// fetches whatever the history: a sweep's memory must not grow with history); for the longest,
// first the realistic next nightly sweep under the default schedule. Appends a "Sweep" section
// to bench/RESULTS.md.
import { execFileSync, fork, spawn, type ChildProcess } from 'node:child_process';
import { appendFileSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { binNodeEnv, binNodeFlags } from './bin-flags.ts';
import { listCases, latestChecks, latestStates, openStore } from '../src/store/index.ts';
import { cpus, release, tmpdir, totalmem } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import { buildHistory, type HistoryStats } from './sweep-history.ts';
import type { WebReady } from './web.ts';

const BENCH = dirname(fileURLToPath(import.meta.url));
const ROOT = resolve(BENCH, '..');
const PEAK_RSS = pathToFileURL(join(BENCH, 'peak-rss.js')).href;

const { values: args } = parseArgs({
  options: {
    urls: { type: 'string', default: '50000' },
    cases: { type: 'string', default: '50' },
    days: { type: 'string', default: '2,30' },
    hosts: { type: 'string', default: '128' },
    seed: { type: 'string', default: '20260' },
    concurrency: { type: 'string', default: '128' },
    'per-host': { type: 'string', default: '2' },
    timeout: { type: 'string', default: '5' },
    retries: { type: 'string', default: '2' },
    out: { type: 'string', default: join(BENCH, 'RESULTS.md') },
    keep: { type: 'boolean', default: false },
  },
});
const urls = Number(args.urls);
const cases = Number(args.cases);
const histories = args.days.split(',').map(Number);
const shape = { seed: Number(args.seed), hosts: Number(args.hosts) };
const settings = { concurrency: Number(args.concurrency), perHost: Number(args['per-host']), timeoutS: Number(args.timeout), retries: Number(args.retries) };

function log(message: string): void {
  process.stderr.write(`[sweep-bench ${new Date().toISOString().slice(11, 19)}] ${message}\n`);
}

async function startWeb(): Promise<{ web: ChildProcess; ready: WebReady }> {
  const web = fork(join(BENCH, 'web.ts'), [], { env: { ...process.env, BENCH_SEED: String(shape.seed), BENCH_HOSTS: String(shape.hosts) }, stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
  const ready = await new Promise<WebReady>((resolvePromise, reject) => {
    web.once('exit', (code) => reject(new Error(`the synthetic web exited early (code ${code})`)));
    web.on('message', (m: { type: string }) => {
      if (m.type === 'ready') resolvePromise(m as WebReady);
    });
  });
  web.removeAllListeners('exit');
  return { web, ready };
}

interface Measured {
  wallS: number;
  exitCode: number | null;
  maxRssMb: number | null;
  heapMb: number | null;
  cpuS: number | null;
  stdout: string;
}

async function measure(argv: string[], usageFile: string): Promise<Measured> {
  const binPath = join(ROOT, 'bin', 'takedown.js');
  const env: NodeJS.ProcessEnv = { ...process.env, ...binNodeEnv(binPath), BENCH_USAGE_FILE: usageFile, NO_COLOR: '1' };
  for (const name of ['HTTP_PROXY', 'HTTPS_PROXY', 'http_proxy', 'https_proxy', 'ALL_PROXY', 'all_proxy']) delete env[name];
  const started = performance.now();
  // With the settings and Node flags of bin/takedown.js's #! line, as `takedown sweep` and `status` run.
  const child = spawn(process.execPath, ['--import', PEAK_RSS, ...binNodeFlags(binPath), ...argv], { cwd: ROOT, env, stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
  child.stderr.on('data', (d: Buffer) => (stderr = (stderr + d.toString()).slice(-4000)));
  const exitCode = await new Promise<number | null>((r) => child.on('close', (code) => r(code)));
  const wallS = (performance.now() - started) / 1000;
  if (stderr.trim()) log(`  stderr (tail): ${stderr.trim().split('\n').slice(-3).join(' | ')}`);
  const usage = existsSync(usageFile) ? (JSON.parse(readFileSync(usageFile, 'utf8')) as { maxRssKb: number; userUs: number; systemUs: number; heapTotal: number }) : null;
  return {
    wallS,
    exitCode,
    maxRssMb: usage === null ? null : usage.maxRssKb / 1024,
    heapMb: usage === null ? null : usage.heapTotal / 2 ** 20,
    cpuS: usage === null ? null : (usage.userUs + usage.systemUs) / 1e6,
    stdout,
  };
}

type SweepRun = Measured & { checked: number; due: number; notDue: number; changes: number };

interface Row {
  days: number;
  history: HistoryStats;
  dbMb: number;
  /** The next night under the default schedule (longest history only). */
  nightly: SweepRun | null;
  /** A night with every URL due. */
  allDue: SweepRun;
  status: Measured;
  statusText: Measured;
  /** In process, all cases: each URL's latest check (what status read before) and latestStates (what it reads). */
  latestChecksS: number;
  latestStatesS: number;
}

function fmt(n: number | null, digits = 1): string {
  return n === null ? '?' : n.toFixed(digits);
}

function gitState(): string {
  try {
    const head = execFileSync('git', ['rev-parse', '--short', 'HEAD'], { cwd: ROOT, encoding: 'utf8' }).trim();
    const dirty = execFileSync('git', ['status', '--porcelain', '--', 'src', 'bin', 'bench/sweep-nightly.ts', 'bench/sweep-history.ts'], { cwd: ROOT, encoding: 'utf8' }).trim() !== '';
    return dirty ? `${head} with uncommitted changes in src/ or bin/ (other work in the same tree)` : head;
  } catch {
    return 'unknown';
  }
}

function section(rows: readonly Row[], totalS: number): string {
  const cpuModel = /model name\s*:\s*(.*)/.exec(existsSync('/proc/cpuinfo') ? readFileSync('/proc/cpuinfo', 'utf8') : '')?.[1] ?? cpus()[0]?.model ?? 'unknown';
  const lines = [
    '',
    '## Sweep',
    '',
    'Written by `node bench/sweep-nightly.ts` (it replaces this section down to its hand-written analysis; `npm run bench` rewrites the sections above, not this one).',
    '',
    '### Machine',
    '',
    `- date: ${new Date().toISOString()}`,
    `- CPUs (nproc): ${cpus().length}, model: ${cpuModel}`,
    `- memory: ${(totalmem() / 2 ** 30).toFixed(1)} GiB; kernel ${release()}`,
    `- Node ${process.version}`,
    `- takedown at commit ${gitState()}`,
    `- whole bench run: ${totalS.toFixed(1)} s; other jobs shared the 2 CPUs (load average at the end: ${readFileSync('/proc/loadavg', 'utf8').split(' ').slice(0, 3).join(' ')})`,
    '',
    '### Set-up',
    '',
    `- ${urls.toLocaleString('en')} URLs in ${cases} case files, on the synthetic web of bench/web.ts (${shape.hosts} hosts on loopback, seed ${shape.seed}; the mix of kinds in the table above): 60% live, 14% removed, 6% soft-removed, 4% redirected, 2.5% blocked, 3% unreachable, ...`,
    `- requests: one sent web-form request per site per case (deadline after the measured night) and one search-delisting draft per case`,
    '- history: every night at 02:00 the URLs due under the default schedule (live every 20 h, unconfirmed gone 1 h, confirmed gone 7 days, blocked/unreachable 6 h doubling to 72 h) get a check row, written through the store (recordChecks), with the state the URL had that night: live until a night drawn per URL (never the last), its true state after; then the sweep\'s own fold (catchUp) turns them into each URL\'s watch state, confirmations and resolved requests',
    `- the measured sweeps: \`runSweep\` (bench/sweep-child.ts: the code of \`takedown sweep\`, run in process so that its clock can be set) at 02:00, \`--format json --no-lookup\`, takedown.yaml \`concurrency: ${settings.concurrency}\`, \`per_host: ${settings.perHost}\`, \`interval_ms: 0\`, \`timeout_s: ${settings.timeoutS}\`, \`retries: ${settings.retries}\`, no notification channels; real fetches against the synthetic web`,
    '- `status`: `node bin/takedown.js status -w WS --format json` and the text form, at real time, after the sweeps; peak RSS is `maxRSS` of the process (bench/peak-rss.js)',
    '',
    '### Results',
    '',
    `Sweeps with every URL due (\`sweep.every\` all 0): the same ${urls.toLocaleString('en')} fetches whatever the history.`,
    '',
    '| history | check rows | DB size | build / fold (s) | checked | changes | wall (s) | CPU (s) | peak RSS (MB) | V8 heap (MB) |',
    '|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|',
    ...rows.map(
      (r) =>
        `| ${r.days} days | ${r.history.checks.toLocaleString('en')} | ${fmt(r.dbMb, 0)} MB | ${fmt(r.history.buildS)} / ${fmt(r.history.foldS)} | ${r.allDue.checked.toLocaleString('en')} | ${r.allDue.changes} | ${fmt(r.allDue.wallS)} | ${fmt(r.allDue.cpuS)} | ${fmt(r.allDue.maxRssMb, 0)} | ${fmt(r.allDue.heapMb, 0)} |`,
    ),
    '',
    'The next nightly sweep under the default schedule (live every 20 h, confirmed gone weekly, ...):',
    '',
    '| history | due / not due | checked | changes | wall (s) | CPU (s) | peak RSS (MB) | V8 heap (MB) |',
    '|---|---:|---:|---:|---:|---:|---:|---:|',
    ...rows.flatMap((r) =>
      r.nightly === null
        ? []
        : [`| ${r.days} days | ${r.nightly.due.toLocaleString('en')} / ${r.nightly.notDue.toLocaleString('en')} | ${r.nightly.checked.toLocaleString('en')} | ${r.nightly.changes} | ${fmt(r.nightly.wallS)} | ${fmt(r.nightly.cpuS)} | ${fmt(r.nightly.maxRssMb, 0)} | ${fmt(r.nightly.heapMb, 0)} |`],
    ),
    '',
    `\`status\` over all ${cases} cases (median of 3 runs; process start, case files, store and output included), and, timed in process over all cases, the store read it makes (latestStates: the targets' last states) next to the one it made before (latestChecks: each URL's newest check row):`,
    '',
    '| history | status json (s) | status text (s) | status peak RSS (MB) | latestChecks, all cases (s) | latestStates, all cases (s) |',
    '|---|---:|---:|---:|---:|---:|',
    ...rows.map(
      (r) =>
        `| ${r.days} days | ${fmt(r.status.wallS, 2)} | ${fmt(r.statusText.wallS, 2)} | ${fmt(r.status.maxRssMb, 0)} | ${fmt(r.latestChecksS, 2)} | ${fmt(r.latestStatesS, 2)} |`,
    ),
    '',
  ];
  const [short, long] = [rows[0], rows[rows.length - 1]];
  if (short !== undefined && long !== undefined && short !== long) {
    const a = short.allDue.maxRssMb;
    const b = long.allDue.maxRssMb;
    const growth = a !== null && b !== null ? b - a : null;
    const statusS = Math.max(long.status.wallS, long.statusText.wallS);
    lines.push(
      '### Targets',
      '',
      '| target | measured | met |',
      '|---|---|---|',
      `| a sweep's memory does not grow with history | peak RSS of the same ${urls.toLocaleString('en')} checks ${fmt(a, 0)} MB after ${short.days} days of history (${short.history.checks.toLocaleString('en')} check rows), ${fmt(b, 0)} MB after ${long.days} days (${long.history.checks.toLocaleString('en')} rows): ${growth === null ? '?' : `${growth >= 0 ? '+' : ''}${growth.toFixed(0)} MB`} | ${growth !== null && growth < 0.1 * (a ?? 1) ? 'yes' : '**no**'} |`,
      `| \`status\` under 2 s | ${fmt(statusS, 2)} s with ${long.days} days of history (the slower of json and text) | ${statusS < 2 ? 'yes' : '**no**'} |`,
      '',
    );
  }
  return `${lines.join('\n')}\n`;
}

async function sweepOnce(dir: string, at: Date, usageFile: string): Promise<SweepRun> {
  const run = await measure([join(BENCH, 'sweep-child.ts'), dir, at.toISOString()], usageFile);
  const doc = JSON.parse(run.stdout) as { checked: number; due: number; notDue: number; changes: unknown[] };
  log(`  sweep: ${fmt(run.wallS)} s, ${doc.checked} checked of ${doc.due} due, ${doc.changes.length} changes, peak RSS ${fmt(run.maxRssMb, 0)} MB, exit ${run.exitCode}`);
  return { ...run, checked: doc.checked, due: doc.due, notDue: doc.notDue, changes: doc.changes.length };
}

/** The run with the median wall time of three. */
async function median3(run: () => Promise<Measured>): Promise<Measured> {
  const runs = [await run(), await run(), await run()].sort((a, b) => a.wallS - b.wallS);
  return runs[1] as Measured;
}

/** Both reads over every case, in process; the second round of each is kept (the first warms the page cache). */
function storeReads(db: string): { latestChecksS: number; latestStatesS: number } {
  const store = openStore(db, { readonly: true });
  try {
    const ids = listCases(store).map((c) => c.id);
    const time = (read: (id: string) => unknown[]): number => {
      let seconds = 0;
      for (let round = 0; round < 2; round++) {
        const started = performance.now();
        for (const id of ids) read(id);
        seconds = (performance.now() - started) / 1000;
      }
      return seconds;
    };
    return { latestChecksS: time((id) => latestChecks(store, id)), latestStatesS: time((id) => latestStates(store, id)) };
  } finally {
    store.close();
  }
}

async function main(): Promise<void> {
  const started = performance.now();
  const { web, ready } = await startWeb();
  log(`synthetic web on ${ready.origins.length} hosts`);
  const work = mkdtempSync(join(tmpdir(), 'takedown-sweep-bench-'));
  const rows: Row[] = [];
  try {
    // The measured night is now: `status` runs on the real clock.
    const nightly = new Date(Math.floor(Date.now() / 60_000) * 60_000);
    const longest = Math.max(...histories);
    for (const days of histories) {
      const dir = join(work, `ws-${days}`);
      log(`workspace with ${urls} URLs and ${days} days of history`);
      const history = await buildHistory({ dir, origins: ready.origins, shape, urls, cases, days, nightly, settings, log });
      const db = join(dir, '.takedown', 'takedown.db');
      execFileSync('sqlite3', [db, 'PRAGMA wal_checkpoint(TRUNCATE);'], { stdio: 'ignore' });
      const dbMb = Number(execFileSync('stat', ['-c', '%s', db], { encoding: 'utf8' })) / 2 ** 20;
      let night = nightly;
      let realistic: SweepRun | null = null;
      if (days === longest) {
        log('  the next nightly sweep, default schedule');
        realistic = await sweepOnce(dir, night, join(work, `nightly-${days}.json`));
        night = new Date(night.getTime() + 86_400_000);
      }
      log('  a sweep with every URL due');
      appendFileSync(join(dir, 'takedown.yaml'), 'sweep:\n  every: { live: 0, unconfirmed: 0, confirmed: 0, unseen: 0, unseen_max: 0 }\n');
      const allDue = await sweepOnce(dir, night, join(work, `all-due-${days}.json`));
      const status = await median3(() => measure([join(ROOT, 'bin', 'takedown.js'), 'status', '-w', dir, '--format', 'json'], join(work, `status-${days}.json`)));
      const statusText = await median3(() => measure([join(ROOT, 'bin', 'takedown.js'), 'status', '-w', dir], join(work, `status-text-${days}.json`)));
      const reads = storeReads(db);
      log(`  status: ${fmt(status.wallS, 2)} s json, ${fmt(statusText.wallS, 2)} s text, peak RSS ${fmt(status.maxRssMb, 0)} MB; latestChecks ${fmt(reads.latestChecksS, 2)} s, latestStates ${fmt(reads.latestStatesS, 2)} s`);
      rows.push({ days, history, dbMb, nightly: realistic, allDue, status, statusText, ...reads });
    }
  } finally {
    web.send({ type: 'stop' });
    if (!args.keep) rmSync(work, { recursive: true, force: true });
    else log(`kept ${work}`);
  }
  const text = section(rows, (performance.now() - started) / 1000);
  process.stdout.write(text);
  writeFileSync(args.out, withSweepSection(existsSync(args.out) ? readFileSync(args.out, 'utf8') : '', text));
  log(`wrote the sweep section of ${args.out}`);
}

/**
 * RESULTS.md with `text` as its sweep section: an earlier one is replaced from its heading down to
 * its hand-written analysis (kept, with whatever follows); without one, the section goes at the end.
 */
function withSweepSection(results: string, text: string): string {
  const start = results.indexOf('\n## Sweep\n');
  if (start === -1) return `${results}${results.endsWith('\n') || results === '' ? '' : '\n'}${text}`;
  const analysis = results.indexOf('\n### Analysis (written by hand', start);
  const next = results.indexOf('\n## ', start + 1);
  const end = analysis !== -1 && (next === -1 || analysis < next) ? analysis : next === -1 ? results.length : next;
  return `${results.slice(0, start + 1)}${text.replace(/^\n+/, '')}${text.endsWith('\n') ? '' : '\n'}${results.slice(end + 1)}`;
}

await main();
