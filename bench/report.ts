// Formats the bench figures as the markdown of bench/RESULTS.md (pure).
import { KINDS, KIND_NAMES } from './synthetic.ts';
import type { KindScore, ToolScore } from './score.ts';

export type ToolName = 'takedown' | 'linkinator' | 'linkinator-shipped';

export interface ToolRun {
  tool: ToolName;
  wallS: number;
  maxRssKb: number | null;
  cpuS: number | null;
  /** CPU time of the process's main thread alone. */
  mainCpuS: number | null;
  heapMb: number | null;
  externalMb: number | null;
  /** The checking process's main thread: how late its event loop ran callbacks (p50, p99, max). */
  loopDelayMs: { p50: number; p99: number; max: number } | null;
  webCpuS: number;
  /** CPU time the rest of the machine used during the run (another job would show here). */
  otherCpuS: number | null;
  /** Seconds from the start until 95% and 99% of the URLs had their answer line. */
  t95S: number | null;
  t99S: number | null;
  exitCode: number | null;
  killed: boolean;
  lines: number;
  score: ToolScore;
  /** takedown only: see waitFloorS in score.ts. */
  waitFloorS: number | null;
}

export interface SizeRun {
  n: number;
  /** CPUs of the machine, to judge how much of it other processes took. */
  cores: number;
  counts: Map<string, number>;
  runs: ToolRun[];
}

export interface Targets {
  minThroughputRatio: number;
  maxRssMb: number;
}

const fmt = (x: number, digits = 1): string => x.toLocaleString('en-US', { minimumFractionDigits: digits, maximumFractionDigits: digits });
const int = (x: number): string => x.toLocaleString('en-US');
const pct = (a: number, b: number): string => (b === 0 ? '-' : `${fmt((100 * a) / b)}%`);
const mb = (kb: number | null): string => (kb === null ? 'n/a' : fmt(kb / 1024));

function ratio(a: number | null | undefined, b: number | null | undefined): string {
  if (a === null || a === undefined || b === null || b === undefined || b === 0) return '-';
  return `${fmt(a / b, 2)}×`;
}

function topWrong(k: KindScore | undefined, limit = 3): string {
  if (!k) return '';
  const wrong = [...k.wrong.entries()].sort((a, b) => b[1] - a[1]).slice(0, limit);
  const text = wrong.map(([label, count]) => `${count} ${label}`).join(', ');
  const more = k.wrong.size > limit ? ', …' : '';
  return k.missing > 0 ? `${text}${text ? ', ' : ''}${k.missing} no answer${more}` : `${text}${more}`;
}

const LABELS: Record<ToolName, string> = {
  takedown: 'takedown',
  linkinator: 'linkinator (concurrency enforced)',
  'linkinator-shipped': 'linkinator as shipped',
};

export function sizeSection(size: SizeRun): string[] {
  const runs = size.runs;
  const td = runs.find((r) => r.tool === 'takedown');
  const lk = runs.find((r) => r.tool === 'linkinator');
  const lines = [`### ${int(size.n)} URLs`, ''];
  const row = (name: string, f: (r: ToolRun) => string, ratioCell = ''): void => {
    lines.push(`| ${name} | ${runs.map(f).join(' | ')} | ${ratioCell} |`);
  };
  const share = (a: number, b: number): string => `${int(a)} (${pct(a, b)})`;
  lines.push(`| measure | ${runs.map((r) => LABELS[r.tool]).join(' | ')} | takedown / linkinator |`);
  lines.push(`|---|${runs.map(() => '---:').join('|')}|---:|`);
  row('wall time (s)', (r) => fmt(r.wallS), ratio(td?.wallS, lk?.wallS));
  row('URLs per second', (r) => fmt(size.n / r.wallS), `**${ratio(lk?.wallS, td?.wallS)}**`);
  row('time until 95% / 99% of the URLs were answered (s)', (r) => `${r.t95S === null ? '-' : fmt(r.t95S)} / ${r.t99S === null ? '-' : fmt(r.t99S)}`);
  row('peak RSS of the checking process (MB)', (r) => mb(r.maxRssKb), ratio(td?.maxRssKb, lk?.maxRssKb));
  row("of which: main thread's V8 heap / external (Buffer) memory, peaks sampled every 0.5 s (MB)", (r) => `${r.heapMb === null ? 'n/a' : fmt(r.heapMb)} / ${r.externalMb === null ? 'n/a' : fmt(r.externalMb)}`);
  row("main thread's event-loop delay, p50 / p99 / max (ms)", (r) => (r.loopDelayMs === null ? 'n/a' : `${fmt(r.loopDelayMs.p50)} / ${fmt(r.loopDelayMs.p99)} / ${fmt(r.loopDelayMs.max)}`));
  row('CPU time of the checking process (s)', (r) => (r.cpuS === null ? 'n/a' : fmt(r.cpuS)), ratio(td?.cpuS, lk?.cpuS));
  row('of which: main thread / other threads (workers, GC helpers, libuv) (s)', (r) => (r.cpuS === null || r.mainCpuS === null ? 'n/a' : `${fmt(r.mainCpuS)} / ${fmt(r.cpuS - r.mainCpuS)}`));
  row('CPU time of the synthetic web meanwhile (s)', (r) => fmt(r.webCpuS));
  row('CPU time of other processes meanwhile (s)', (r) => (r.otherCpuS === null ? 'n/a' : fmt(r.otherCpuS)));
  row('exit code', (r) => (r.killed ? 'killed (time limit)' : String(r.exitCode)));
  row('URLs answered', (r) => int(r.score.answered));
  row('right answer (takedown: exact state; linkinator: BROKEN for gone, OK for live)', (r) => share(r.score.correct, r.score.n));
  row('gone / not gone decided right', (r) => share(r.score.decisionRight, r.score.n));
  row('**false removals** (truth live, blocked or unreachable; tool says gone)', (r) => `**${int(r.score.falseRemovals)}**`);
  row('missed removals (truth gone; tool says not gone or nothing)', (r) => int(r.score.missedRemovals));
  row('floor on wall time from per-host concurrency and waiting URLs (s)', (r) => (r.waitFloorS === null ? '-' : fmt(r.waitFloorS)));
  lines.push('');
  for (const r of runs) {
    const share = r.otherCpuS === null ? 0 : r.otherCpuS / (size.cores * r.wallS);
    if (share > 0.03) {
      lines.push(`Note: other processes used ${fmt(r.otherCpuS ?? 0)} CPU-seconds during the ${LABELS[r.tool]} run (${fmt(100 * share)}% of the machine), so its time figures are pessimistic.`, '');
    }
  }
  const head = runs.map((r) => `${LABELS[r.tool]} right | false removals | wrong answers`).join(' | ');
  lines.push(`| kind | truth | URLs | takedown mean s (attempts) | ${head} |`);
  lines.push(`|---|---|---:|---:|${runs.map(() => '---:|---:|---').join('|')}|`);
  for (const kind of KIND_NAMES) {
    const n = size.counts.get(kind) ?? 0;
    if (n === 0) continue;
    const cells = runs.map((r) => {
      const k = r.score.byKind.find((x) => x.kind === kind);
      return k ? `${int(k.correct)} | ${int(k.falseRemovals)} | ${topWrong(k)}` : '- | - | ';
    });
    const tk = td?.score.byKind.find((x) => x.kind === kind);
    const timing = tk && tk.timed > 0 ? `${fmt(tk.durationMsSum / tk.timed / 1000, 2)} (${fmt(tk.attemptsSum / tk.timed, 1)})` : '-';
    lines.push(`| ${kind} | ${KINDS[kind].state} | ${int(n)} | ${timing} | ${cells.join(' | ')} |`);
  }
  if (td && td.score.falseRemovalSamples.length > 0) {
    lines.push('', `takedown's false removals (first ${td.score.falseRemovalSamples.length}):`, '');
    for (const s of td.score.falseRemovalSamples) lines.push(`- ${s.kind}: ${s.label} (${s.reason ?? ''}) ${s.detail ?? ''} — ${s.url}`);
  }
  lines.push('');
  return lines;
}

export function targetsSection(size: SizeRun, targets: Targets): string[] {
  const td = size.runs.find((r) => r.tool === 'takedown');
  const lk = size.runs.find((r) => r.tool === 'linkinator');
  if (!td) return [];
  const lines = [`## Targets at ${int(size.n)} URLs`, '', '| target | measured | met |', '|---|---|---|'];
  if (lk) {
    const r = lk.wallS / td.wallS;
    lines.push(`| throughput ≥ ${targets.minThroughputRatio}× linkinator's | ${fmt(r, 2)}× (${fmt(size.n / td.wallS)} vs ${fmt(size.n / lk.wallS)} URLs/s) | ${r >= targets.minThroughputRatio ? 'yes' : '**no**'} |`);
  }
  const rssMb = td.maxRssKb === null ? null : td.maxRssKb / 1024;
  lines.push(`| peak RSS < ${targets.maxRssMb} MB | ${rssMb === null ? 'n/a' : `${fmt(rssMb)} MB`} | ${rssMb !== null && rssMb < targets.maxRssMb ? 'yes' : '**no**'} |`);
  lines.push(`| zero false removals | ${int(td.score.falseRemovals)} | ${td.score.falseRemovals === 0 ? 'yes' : '**no**'} |`);
  lines.push('');
  return lines;
}

export function mixSection(): string[] {
  const total = KIND_NAMES.reduce((s, k) => s + KINDS[k].weight, 0);
  const lines = ['| kind | share | answer | correct state |', '|---|---:|---|---|'];
  for (const k of KIND_NAMES) {
    const share = KINDS[k].weight === 0 ? 'see note' : `${fmt((100 * KINDS[k].weight) / total)}%`;
    lines.push(`| ${k} | ${share} | ${KINDS[k].text} | ${KINDS[k].state} |`);
  }
  return lines;
}

/** The level-2 sections (`## Title` to the next one) that `npm run bench` writes; the others in the file are kept. */
export function ownedSection(title: string): boolean {
  return ['Machine', 'Settings', 'The synthetic web', 'Results'].includes(title) || title.startsWith('Targets at ');
}

/**
 * The sections of a previous RESULTS.md that this bench does not write (hand-written analysis, the
 * sections other benchmarks append), whole and in their order, so that a new run keeps them.
 */
export function keptSections(previous: string): string {
  const kept: string[] = [];
  let keep = false;
  let fenced = false;
  for (const line of previous.split('\n')) {
    if (/^(```|~~~)/.test(line)) fenced = !fenced;
    const heading = fenced ? null : /^## (.*)$/.exec(line);
    if (heading) keep = !ownedSection((heading[1] ?? '').trim());
    else if (!fenced && /^# /.test(line)) keep = false;
    if (keep) kept.push(line);
  }
  return kept.join('\n').trim();
}
