// `npm run bench`: starts the synthetic web, checks the same URLs with `takedown check` and with linkinator, each in its own
// process, and writes wall time, URLs per second, peak RSS and accuracy against the truth to stdout and bench/RESULTS.md.
import { execFileSync, fork, spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, mkdirSync, readFileSync, rmSync, writeFileSync, existsSync } from 'node:fs';
import { cpus, tmpdir, totalmem, release } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import { isGone, type CheckState } from '../src/core/states.ts';
import { KIND_NAMES, targetOf, type WebShape } from './synthetic.ts';
import { binNodeEnv, binNodeFlags } from './bin-flags.ts';
import { linkinatorAnswer, linkinatorCorrect, scoreTool, takedownCorrect, waitFloorS, type Answer, type Truth } from './score.ts';
import { keptSections, mixSection, sizeSection, targetsSection, type SizeRun, type ToolRun } from './report.ts';
import type { WebReady, WebRequest, WebUsage } from './web.ts';

const BENCH = dirname(fileURLToPath(import.meta.url));
const ROOT = resolve(BENCH, '..');
// takedown runs with the Node flags its #! line gives (as `npx takedown` and the sh shim start it).
const BIN_NODE_FLAGS = binNodeFlags(join(ROOT, 'bin', 'takedown.js'));
const BIN_NODE_ENV = binNodeEnv(join(ROOT, 'bin', 'takedown.js'));
const TARGETS = { minThroughputRatio: 2, maxRssMb: 250 };

const { values: args } = parseArgs({
  options: {
    sizes: { type: 'string', default: '1000,10000,50000' },
    tools: { type: 'string', default: 'takedown,linkinator,linkinator-shipped' },
    hosts: { type: 'string', default: '128' },
    seed: { type: 'string', default: '20260' },
    timeout: { type: 'string', default: '5' },
    concurrency: { type: 'string', default: '128' },
    'per-host': { type: 'string', default: '2' },
    'interval-ms': { type: 'string', default: '0' },
    retries: { type: 'string', default: '2' },
    'max-minutes': { type: 'string', default: '20' },
    out: { type: 'string', default: join(BENCH, 'RESULTS.md') },
    profile: { type: 'string' },
    keep: { type: 'boolean', default: false },
    'rss-trace': { type: 'boolean', default: false },
    // `yaml` lists the URLs under urls: in the case file itself (what takedown before urls_file: needed).
    'urls-in': { type: 'string', default: 'file' },
  },
});

const sizes = args.sizes.split(',').map((s) => Number(s.trim())).filter((n) => Number.isInteger(n) && n > 0);
const tools = new Set(args.tools.split(',').map((s) => s.trim()));
const shape: WebShape = { seed: Number(args.seed), hosts: Number(args.hosts) };
const settings = {
  concurrency: Number(args.concurrency),
  perHost: Number(args['per-host']),
  intervalMs: Number(args['interval-ms']),
  timeoutS: Number(args.timeout),
  retries: Number(args.retries),
};
const PEAK_RSS = pathToFileURL(join(BENCH, 'peak-rss.js')).href;

function log(message: string): void {
  process.stderr.write(`[bench ${new Date().toISOString().slice(11, 19)}] ${message}\n`);
}

/** The next message of `type` from the web process. */
function ask<T>(web: ChildProcess, message: WebRequest, type: string): Promise<T> {
  return new Promise((resolvePromise) => {
    const onMessage = (reply: { type: string }): void => {
      if (reply.type !== type) return;
      web.off('message', onMessage);
      resolvePromise(reply as T);
    };
    web.on('message', onMessage);
    web.send(message);
  });
}

async function startWeb(): Promise<{ web: ChildProcess; ready: WebReady }> {
  const web = fork(join(BENCH, 'web.ts'), [], {
    env: { ...process.env, BENCH_SEED: String(shape.seed), BENCH_HOSTS: String(shape.hosts) },
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  const ready = await new Promise<WebReady>((resolvePromise, reject) => {
    web.once('error', reject);
    web.once('exit', (code) => reject(new Error(`the synthetic web exited early (code ${code})`)));
    web.on('message', (m: { type: string }) => {
      if (m.type === 'ready') resolvePromise(m as WebReady);
    });
  });
  web.removeAllListeners('exit');
  return { web, ready };
}

function webCpuS(u: WebUsage): number {
  return (u.userUs + u.systemUs) / 1e6;
}

function childEnv(usageFile: string, extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...process.env, ...extra, BENCH_USAGE_FILE: usageFile, NO_COLOR: '1' };
  // The synthetic web is on loopback: no proxy may stand in between.
  for (const name of ['HTTP_PROXY', 'HTTPS_PROXY', 'http_proxy', 'https_proxy', 'ALL_PROXY', 'all_proxy']) delete env[name];
  return env;
}

/** What one tool's process showed: a ToolRun before it is scored. */
type Measured = Omit<ToolRun, 'tool' | 'score' | 'waitFloorS'>;

/** Runs one checking process and hands each stdout line to `onLine`. */
async function measure(
  web: ChildProcess,
  argv: string[],
  usageFile: string,
  expected: number,
  onLine: (line: string) => void,
  extraEnv: Record<string, string> = {},
): Promise<Measured> {
  const before = await ask<WebUsage>(web, { type: 'usage' }, 'usage');
  const machineBefore = machineBusyS();
  const selfBefore = process.cpuUsage();
  const started = performance.now();
  const child = spawn(process.execPath, argv, { cwd: ROOT, env: childEnv(usageFile, extraEnv), stdio: ['ignore', 'pipe', 'pipe'] });
  let killed = false;
  const limit = setTimeout(() => {
    killed = true;
    child.kill('SIGKILL');
  }, Number(args['max-minutes']) * 60_000);
  let lines = 0;
  let t95S: number | null = null;
  let t99S: number | null = null;
  let stderrTail = '';
  child.stderr?.on('data', (d: Buffer) => {
    stderrTail = (stderrTail + d.toString()).slice(-4000);
  });
  const rl = createInterface({ input: child.stdout! });
  rl.on('line', (line) => {
    lines++;
    onLine(line);
    if (t95S === null && lines >= 0.95 * expected) t95S = (performance.now() - started) / 1000;
    if (t99S === null && lines >= 0.99 * expected) t99S = (performance.now() - started) / 1000;
  });
  const progress = setInterval(() => log(`  ${lines} lines so far, ${fmtS((performance.now() - started) / 1000)} s`), 30_000);
  // With --rss-trace, the resident size every 5 s shows whether memory follows the work in flight or keeps growing.
  const rssTrace = args['rss-trace'] ? setInterval(() => log(`  rss ${residentMb(child.pid)} MB after ${lines} lines`), 5_000) : undefined;
  const exitCode = await new Promise<number | null>((resolvePromise) => child.on('close', (code) => resolvePromise(code)));
  const wallS = (performance.now() - started) / 1000;
  clearTimeout(limit);
  clearInterval(progress);
  clearInterval(rssTrace);
  const machineAfter = machineBusyS();
  const self = process.cpuUsage(selfBefore);
  const after = await ask<WebUsage>(web, { type: 'usage' }, 'usage');
  if (stderrTail.trim()) log(`  stderr (tail): ${stderrTail.trim().split('\n').slice(-5).join(' | ')}`);
  let maxRssKb: number | null = null;
  let cpuS: number | null = null;
  let heapMb: number | null = null;
  let externalMb: number | null = null;
  let loopDelayMs: ToolRun['loopDelayMs'] = null;
  let mainCpuS: number | null = null;
  if (existsSync(usageFile)) {
    const usage = JSON.parse(readFileSync(usageFile, 'utf8')) as {
      maxRssKb: number; userUs: number; systemUs: number; heapTotal: number; external: number; loopDelayMs?: ToolRun['loopDelayMs']; mainThreadUs?: number;
    };
    loopDelayMs = usage.loopDelayMs ?? null;
    mainCpuS = usage.mainThreadUs === undefined ? null : usage.mainThreadUs / 1e6;
    maxRssKb = usage.maxRssKb;
    cpuS = (usage.userUs + usage.systemUs) / 1e6;
    heapMb = usage.heapTotal / 2 ** 20;
    externalMb = usage.external / 2 ** 20;
  }
  const webS = webCpuS(after) - webCpuS(before);
  // Whatever the machine's CPUs did besides the checker, the web and this harness: another job would show here.
  const otherCpuS = machineBefore === null || machineAfter === null || cpuS === null
    ? null
    : Math.max(0, machineAfter - machineBefore - cpuS - webS - (self.user + self.system) / 1e6);
  return { wallS, exitCode, killed, lines, maxRssKb, cpuS, mainCpuS, heapMb, externalMb, loopDelayMs, webCpuS: webS, otherCpuS, t95S, t99S };
}

const fmtS = (s: number): string => s.toFixed(1);

/** CPU seconds all CPUs spent busy since boot (/proc/stat, in USER_HZ = 100 ticks a second on Linux). */
function machineBusyS(): number | null {
  try {
    const fields = (readFileSync('/proc/stat', 'utf8').split('\n')[0] ?? '').trim().split(/\s+/).slice(1).map(Number);
    const [user = 0, nice = 0, system = 0, , , irq = 0, softirq = 0, steal = 0] = fields;
    return (user + nice + system + irq + softirq + steal) / 100;
  } catch {
    return null;
  }
}

function residentMb(pid: number | undefined): string {
  try {
    const kb = /VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1];
    return kb ? (Number(kb) / 1024).toFixed(0) : '?';
  } catch {
    return '?';
  }
}
const keyOf = (url: string): string => new URL(url).href;

function takedownYaml(): string {
  return [
    '# written by bench/run.ts',
    'check:',
    '  allow_private: true  # the synthetic web is on loopback',
    `  concurrency: ${settings.concurrency}`,
    `  per_host: ${settings.perHost}`,
    `  interval_ms: ${settings.intervalMs}`,
    `  timeout_s: ${settings.timeoutS}`,
    `  retries: ${settings.retries}`,
    '',
  ].join('\n');
}

// The URLs go in a plain-text urls_file: next to the case file, as a user with this many would put them
// (or under urls: with --urls-in yaml).
function caseYaml(n: number, urls: readonly string[]): string {
  const head = [
    'case:',
    `  id: bench-${n}`,
    '  title: Synthetic web benchmark',
    '  subject:',
    '    minor_at_creation: false',
    '  claimant:',
    '    role: representative',
    '    name: Bench Runner',
    '  jurisdictions: [US]',
    '  facts:',
    '    consent: none',
  ];
  if (args['urls-in'] === 'yaml') return `${head.join('\n')}\nurls:\n${urls.map((u) => `  - ${u}`).join('\n')}\n`;
  return `${head.join('\n')}\nurls_file: bench-urls.txt\n`;
}

async function runTakedown(web: ChildProcess, n: number, urls: readonly string[], truths: readonly Truth[], work: string): Promise<ToolRun> {
  const ws = join(work, 'workspace');
  mkdirSync(join(ws, 'cases'), { recursive: true });
  writeFileSync(join(ws, 'takedown.yaml'), takedownYaml());
  const caseFile = join(ws, 'cases', 'bench.yaml');
  writeFileSync(caseFile, caseYaml(n, urls));
  if (args['urls-in'] !== 'yaml') writeFileSync(join(ws, 'cases', 'bench-urls.txt'), `${urls.join('\n')}\n`);
  const profile = args.profile ? ['--cpu-prof', '--cpu-prof-dir', resolve(args.profile)] : [];
  const argv = ['--import', PEAK_RSS, ...BIN_NODE_FLAGS, ...profile, join(ROOT, 'bin', 'takedown.js'), 'check', caseFile, '--format', 'ndjson', '-w', ws];
  const answers = new Map<string, Answer>();
  log(`takedown check, ${n} URLs`);
  const m = await measure(web, argv, join(work, 'takedown-usage.json'), n, (line) => {
    let record: { type?: string; url?: string; state?: CheckState; reason?: string; detail?: string; durationMs?: number; attempts?: number };
    try {
      record = JSON.parse(line) as typeof record;
    } catch {
      return;
    }
    if (record.type !== 'result' || !record.url || !record.state) return;
    const { state, reason, detail, durationMs, attempts } = record;
    answers.set(keyOf(record.url), { label: state, gone: isGone(state), reason, detail, durationMs, attempts });
  }, BIN_NODE_ENV);
  log(`  takedown: ${fmtS(m.wallS)} s, ${answers.size} results, exit ${m.exitCode}`);
  return { tool: 'takedown', ...m, score: scoreTool(truths, answers, takedownCorrect), waitFloorS: waitFloorS(truths, answers, settings.perHost) };
}

async function runLinkinator(web: ChildProcess, ready: WebReady, n: number, truths: readonly Truth[], work: string, tool: 'linkinator' | 'linkinator-shipped'): Promise<ToolRun> {
  await ask(web, { type: 'index', n }, 'index');
  const indexUrl = `${ready.indexOrigin}/index.html?n=${n}`;
  const mode = tool === 'linkinator' ? 'gated' : 'shipped';
  const argv = ['--import', PEAK_RSS, join(BENCH, 'linkinator-run.ts'), indexUrl, String(settings.concurrency), String(settings.timeoutS * 1000), mode];
  const answers = new Map<string, Answer>();
  log(`${tool}, ${n} URLs`);
  const m = await measure(web, argv, join(work, `${tool}-usage.json`), n, (line) => {
    const [state, status, url] = line.split('\t');
    if (!state || !url || url.startsWith(ready.indexOrigin)) return;
    answers.set(keyOf(url), linkinatorAnswer(state, Number(status)));
  });
  log(`  ${tool}: ${fmtS(m.wallS)} s, ${answers.size} results, exit ${m.exitCode}`);
  return { tool, ...m, score: scoreTool(truths, answers, linkinatorCorrect), waitFloorS: null };
}

function machineFacts(): string[] {
  const cpuModel = /model name\s*:\s*(.*)/.exec(existsSync('/proc/cpuinfo') ? readFileSync('/proc/cpuinfo', 'utf8') : '')?.[1] ?? cpus()[0]?.model ?? 'unknown';
  return [
    `- date: ${new Date().toISOString()}`,
    `- CPUs (nproc): ${cpus().length}, model: ${cpuModel}`,
    `- memory: ${(totalmem() / 2 ** 30).toFixed(1)} GiB; kernel ${release()}`,
    `- Node ${process.version}; linkinator ${dependencyVersion('linkinator')}; undici ${dependencyVersion('undici')}`,
    `- takedown at commit ${gitState()}`,
  ];
}

function gitState(): string {
  try {
    const head = execFileSync('git', ['rev-parse', '--short', 'HEAD'], { cwd: ROOT, encoding: 'utf8' }).trim();
    const dirty = execFileSync('git', ['status', '--porcelain', 'src', 'bin', 'providers'], { cwd: ROOT, encoding: 'utf8' }).trim();
    return dirty ? `${head} with uncommitted changes in src/, bin/ or providers/` : head;
  } catch {
    return 'unknown (not a git checkout)';
  }
}

function dependencyVersion(name: string): string {
  try {
    return (JSON.parse(readFileSync(join(ROOT, 'node_modules', name, 'package.json'), 'utf8')) as { version: string }).version;
  } catch {
    return 'unknown';
  }
}

function settingsSection(): string[] {
  return [
    'The tools check the same URLs against the same synthetic web one after the other (takedown, then linkinator with its',
    'concurrency enforced, then linkinator as shipped), each in its own process; the web runs in a third process. Wall time runs',
    'from spawning the checking process to its exit (start-up, reading the case file and writing the store included for',
    'takedown; fetching and parsing the index page included for linkinator). Peak RSS is `process.resourceUsage().maxRSS` of the',
    'checking process (all its threads), read on exit by a preloaded module (bench/peak-rss.js), which also samples the main thread\'s V8 heap every 0.5 s.',
    '',
    `- synthetic web: ${shape.hosts} hosts on loopback addresses 127.0.1.1 …, one node:http server each, one shared port; seed ${shape.seed}; no compression`,
    `- takedown: \`takedown check cases/bench.yaml --format ndjson -w WS\` (${args['urls-in'] === 'yaml' ? 'the URLs under \`urls:\`' : 'the URLs in \`cases/bench-urls.txt\`, named by \`urls_file:\`'}), takedown.yaml: \`concurrency: ${settings.concurrency}\`, \`per_host: ${settings.perHost}\`, \`interval_ms: ${settings.intervalMs}\`, \`timeout_s: ${settings.timeoutS}\`, \`retries: ${settings.retries}\`, \`allow_private: true\`; run as \`${Object.entries(BIN_NODE_ENV).map(([k, v]) => `${k}=${v} `).join('')}node ${BIN_NODE_FLAGS.join(' ')} bin/takedown.js\` (the settings of its #! line); everything else default (GET with the body read and classified, redirects followed by hand, soft-404 probes per host, every result written to SQLite as it arrives)`,
    `- linkinator ${dependencyVersion('linkinator')}: \`new LinkChecker().check({ path: INDEX, recurse: false, concurrency: ${settings.concurrency}, timeout: ${settings.timeoutS * 1000} })\`; everything else default (HEAD first, GET when HEAD is not 2xx, no retries, no per-host limit). INDEX is one page on its own loopback server listing every URL as a link.`,
    '- "linkinator (concurrency enforced)": linkinator starts the check of every link found on a page at once (an async IIFE',
    '  runs before its queue sees it), so `concurrency` does not bound them. The harness enforces it through the API: its',
    '  `linksToSkip` callback, awaited right before each request, waits for one of the slots, freed when that link\'s result is',
    '  emitted (bench/linkinator-run.ts). The takedown / linkinator ratios use this run.',
    `- "linkinator as shipped": the same call without the gate. With thousands of URLs it opens a socket per URL at once; past the`,
    `  file-descriptor limit of this machine (\`ulimit -n\` ${fdLimit()}) the checks fail with EMFILE and are reported BROKEN, so at`,
    '  50,000 URLs its answers say more about the limit than about the URLs (its "right" soft-removed answers there are such failures).',
    '',
    "linkinator only says OK or BROKEN by HTTP status. Its answers are read as BROKEN → gone and OK → live, so by construction it",
    'cannot spot soft-404s, redirects to the home page or login walls (it follows them to a 200 and says OK), and it calls',
    '429, 5xx and time-outs BROKEN, which counts as a false removal. takedown retries transient failures (5xx, 429, resets,',
    "time-outs) and honours Retry-After, which costs it time that linkinator does not spend; the \"floor\" row estimates the",
    'part of it that per-host concurrency makes every URL of a host wait for: per host, the time takedown spent on the kinds',
    'whose requests stay open for seconds (hang, live-slow; durations as takedown reported them, from the first request on, so',
    'a back-off between two attempts and queueing for the CPU are included) divided by `per_host`, for the busiest host. A',
    'check holds its host\'s slot only while a request is open, so sleeps before retries (rate-limited, 5xx, resets) do not count.',
  ];
}

function fdLimit(): string {
  try {
    return /Max open files\s+(\d+)/.exec(readFileSync('/proc/self/limits', 'utf8'))?.[1] ?? 'unknown';
  } catch {
    return 'unknown';
  }
}

async function main(): Promise<void> {
  const benchStarted = performance.now();
  log(`starting the synthetic web (${shape.hosts} hosts)`);
  const { web, ready } = await startWeb();
  const results: SizeRun[] = [];
  try {
    for (const n of sizes) {
      const truths: Truth[] = [];
      const urls: string[] = [];
      const counts = new Map<string, number>();
      for (let id = 0; id < n; id++) {
        const t = targetOf(shape, id);
        const url = `${ready.origins[t.host]}${t.path}`;
        urls.push(url);
        truths.push({ url: keyOf(url), kind: t.kind, host: t.host });
        counts.set(t.kind, (counts.get(t.kind) ?? 0) + 1);
      }
      const work = mkdtempSync(join(tmpdir(), `takedown-bench-${n}-`));
      const runs: ToolRun[] = [];
      try {
        if (tools.has('takedown')) runs.push(await runTakedown(web, n, urls, truths, work));
        if (tools.has('linkinator')) runs.push(await runLinkinator(web, ready, n, truths, work, 'linkinator'));
        // Last, because it opens a socket per URL at once and can leave the web short of file descriptors for a while.
        if (tools.has('linkinator-shipped')) runs.push(await runLinkinator(web, ready, n, truths, work, 'linkinator-shipped'));
      } finally {
        if (args.keep) log(`  kept ${work}`);
        else rmSync(work, { recursive: true, force: true });
      }
      const size: SizeRun = { n, cores: cpus().length, counts, runs };
      results.push(size);
      process.stdout.write(`${sizeSection(size).join('\n')}\n`);
    }
  } finally {
    web.send({ type: 'stop' } satisfies WebRequest);
  }

  const largest = results.at(-1);
  // Sections written by hand or by the other benchmarks stay, after the ones this run rewrites.
  const kept = existsSync(args.out) ? keptSections(readFileSync(args.out, 'utf8')) : '';
  const md = [
    '# Benchmark: `takedown check` vs linkinator on a synthetic web',
    '',
    'Written by `npm run bench` (bench/run.ts). Figures below were measured in one run; ratios compare the two tools within it.',
    '',
    '## Machine',
    '',
    ...machineFacts(),
    `- whole bench run: ${fmtS((performance.now() - benchStarted) / 1000)} s for sizes ${sizes.join(', ')}`,
    '',
    '## Settings',
    '',
    ...settingsSection(),
    '',
    '## The synthetic web',
    '',
    `URL i goes to a host and a kind fixed by the seed. Hosts whose number is 3 mod 8 answer unknown paths with their home page`,
    `and 200; on those hosts the 404/410 removals become "soft-index" URLs (same home page). Every other host answers unknown paths with 404.`,
    'Live pages carry removal words only where a checker must not read them: footer links ("Content removal"), the player',
    'script, a `<template>` and an HTML comment; "live-mention" pages also say in their description that the original was removed elsewhere.',
    '',
    ...mixSection(),
    '',
    ...(largest ? targetsSection(largest, TARGETS) : []),
    '## Results',
    '',
    ...results.flatMap(sizeSection),
  ].join('\n');
  writeFileSync(args.out, kept ? `${md.trimEnd()}\n\n${kept}\n` : md);
  log(`wrote ${args.out}; kinds: ${KIND_NAMES.length}`);
}

await main();
