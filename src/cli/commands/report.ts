// `takedown report CASE...|--all`: the state of cases as text, JSON, CSV, Markdown or one HTML
// file, and an anonymised per-provider outcome export for advocacy.
import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { mkdir, open, rename, rm } from 'node:fs/promises';
import { basename, dirname, join, resolve } from 'node:path';
import { systemClock } from '../../core/clock.ts';
import { UserError } from '../../core/errors.ts';
import { loadBuiltinProviders } from '../../providers/load.ts';
import { anonymise } from '../../reports/anonymise.ts';
import { buildReport } from '../../reports/build-report.ts';
import { formatReportCsv, outcomeRows, toCsv } from '../../reports/report-csv.ts';
import { readReportInput, storedCaseIds } from '../../reports/report-data.ts';
import { formatReportHtml } from '../../reports/report-html.ts';
import { formatReportMarkdown } from '../../reports/report-markdown.ts';
import { formatReportText } from '../../reports/report-text.ts';
import type { Report } from '../../reports/report-types.ts';
import { openStore } from '../../store/index.ts';
import { EXIT } from '../exit-codes.ts';
import type { CliIo } from '../io.ts';
import { loadCases, openWorkspace } from '../context.ts';

export const REPORT_FORMATS = ['text', 'json', 'csv', 'md', 'html'] as const;
export type ReportFormat = (typeof REPORT_FORMATS)[number];

export interface ReportOptions {
  workspace?: string;
  format?: string;
  out?: string;
  all?: boolean;
  anonymised?: boolean;
  /** With --out: print nothing (the demo and scripts name the file themselves). */
  quiet?: boolean;
}

/**
 * Files written with --out open in spreadsheets, so they start with a UTF-8 byte order mark:
 * without it Excel reads UTF-8 as the local ANSI code page and garbles every non-ASCII URL or
 * name. LibreOffice, Google Sheets and Numbers accept it. Standard output carries no BOM: it
 * feeds pipes and scripts, where a BOM sticks to the first column's name.
 */
const BOM = '\uFEFF';

interface OutFile {
  path: string;
  content: string;
}

function chosenFormat(options: ReportOptions): ReportFormat {
  const format = options.format ?? (options.anonymised ? 'json' : 'text');
  if (!(REPORT_FORMATS as readonly string[]).includes(format)) {
    throw new UserError('BAD_FORMAT', `--format ${format}: a report is one of ${REPORT_FORMATS.join(', ')}`);
  }
  if (options.anonymised && format !== 'json' && format !== 'csv') {
    throw new UserError('BAD_FORMAT', `--anonymised writes json or csv, not ${format}: it is data for advocacy, without URLs or names`);
  }
  return format as ReportFormat;
}

/** `report.csv` or `report` -> `report-urls.csv` and `report-requests.csv`. */
export function csvPaths(out: string): { urls: string; requests: string } {
  const base = out.replace(/\.csv$/i, '');
  return { urls: `${base}-urls.csv`, requests: `${base}-requests.csv` };
}

/** Case ids from the command line: ids as they are, case files read for theirs. */
async function namedCaseIds(io: CliIo, names: readonly string[]): Promise<string[]> {
  const isFile = (n: string): boolean => /\.ya?ml$/i.test(n) || existsSync(resolve(io.cwd, n));
  const files = names.filter(isFile);
  const fromFiles = files.length === 0 ? [] : (await loadCases(files.map((f) => resolve(io.cwd, f)))).cases.map((c) => c.id);
  const ids = names.map((n) => (isFile(n) ? fromFiles[files.indexOf(n)] ?? n : n));
  return [...new Set(ids)];
}

export async function runReport(io: CliIo, names: readonly string[], options: ReportOptions): Promise<number> {
  const format = chosenFormat(options);
  // A report on every case must be asked for: a helpline's workspace holds many people's cases,
  // and a report meant for one of them must not carry the others.
  if (names.length === 0 && !options.all) {
    throw new UserError('NO_CASE_CHOSEN', 'name the cases to report on (takedown report CASE...), or pass --all for every case in the workspace');
  }
  if (names.length > 0 && options.all) {
    throw new UserError('NO_CASE_CHOSEN', `name cases (${names.join(', ')}) or pass --all, not both`);
  }
  const workspace = await openWorkspace(io, options.workspace);
  if (!existsSync(workspace.dbPath)) {
    throw new UserError('NOTHING_TO_REPORT', `nothing is recorded in ${workspace.dir} yet: run "takedown check" first`);
  }
  const ids = options.all ? [] : await namedCaseIds(io, names);
  const store = openStore(workspace.dbPath, { clock: systemClock });
  let report: Report;
  try {
    const caseIds = options.all ? storedCaseIds(store) : ids;
    if (caseIds.length === 0) throw new UserError('NOTHING_TO_REPORT', `no case is recorded in ${workspace.dir} yet: run "takedown check" first`);
    const confirmHours = workspace.settings.notices.confirmHours;
    report = buildReport(readReportInput(store, caseIds, systemClock.now(), { confirmHours }));
  } finally {
    store.close();
  }

  const outPath = options.out === undefined ? undefined : resolve(io.cwd, options.out);
  const files = await render(report, format, outPath, options.anonymised ?? false);
  if (outPath === undefined) {
    for (const f of files) io.stdout.write(f.content);
    return EXIT.ok;
  }
  await writePrivateFiles(files);
  if (!options.quiet) for (const f of files) io.stdout.write(`Wrote ${f.path}\n`);
  // The report is done whatever it shows; `takedown status` is the command whose exit code
  // says that something waits on a person.
  return EXIT.ok;
}

/** The output of one format: one stream, or with --out one file (two for the CSV report). */
async function render(report: Report, format: ReportFormat, out: string | undefined, anonymised: boolean): Promise<OutFile[]> {
  const single = (content: string, bom = false): OutFile[] => [{ path: out ?? '-', content: out !== undefined && bom ? BOM + content : content }];
  if (anonymised) {
    const known = new Set((await loadBuiltinProviders()).map((p) => p.id));
    const outcomes = anonymise(report, known);
    return format === 'csv' ? single(toCsv(outcomeRows(outcomes)), true) : single(`${JSON.stringify(outcomes, null, 2)}\n`);
  }
  switch (format) {
    case 'text':
      return single(formatReportText(report));
    case 'md':
      return single(formatReportMarkdown(report));
    case 'html':
      return single(formatReportHtml(report));
    case 'json':
      return single(`${JSON.stringify(report, null, 2)}\n`);
    case 'csv': {
      const csv = formatReportCsv(report);
      if (out === undefined) return single(`${csv.urls}\r\n${csv.requests}`);
      const paths = csvPaths(out);
      return [
        { path: paths.urls, content: BOM + csv.urls },
        { path: paths.requests, content: BOM + csv.requests },
      ];
    }
  }
}

/**
 * Each file is written to a private temporary file beside it (0600, created exclusively),
 * flushed to disk, then renamed over the target: a reader never sees half a report, and a file
 * that was wider before is replaced by a private one. Both CSV files are complete before
 * either is renamed.
 */
export async function writePrivateFiles(files: readonly OutFile[]): Promise<void> {
  const temps: string[] = [];
  try {
    for (const file of files) {
      await mkdir(dirname(file.path), { recursive: true, mode: 0o700 });
      const temp = join(dirname(file.path), `.${basename(file.path)}.${randomBytes(6).toString('hex')}.tmp`);
      temps.push(temp);
      const handle = await open(temp, 'wx', 0o600);
      try {
        await handle.chmod(0o600);
        await handle.writeFile(file.content, 'utf8');
        await handle.sync();
      } finally {
        await handle.close();
      }
    }
    for (const [i, file] of files.entries()) await rename(temps[i] as string, file.path);
  } catch (error) {
    await Promise.all(temps.map((t) => rm(t, { force: true })));
    throw error;
  }
}
