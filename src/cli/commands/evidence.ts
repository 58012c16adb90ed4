// `takedown evidence verify [CASE...]` and `takedown evidence export CASE --out DIR`: prove the
// WARC evidence and the event log are as written, and hand a case's evidence over as a bundle.
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { UserError } from '../../core/errors.ts';
import { systemClock } from '../../core/clock.ts';
import { exportEvidence, verifyEvidence, type EvidenceProblem, type VerifyReport } from '../../evidence/index.ts';
import { evidenceCaseIds, listCases, listEvents, openStore, type Store } from '../../store/index.ts';
import { EXIT } from '../exit-codes.ts';
import type { CliIo } from '../io.ts';
import { createOutput, type Format, type Output } from '../output.ts';
import { loadCases, openWorkspace, type Workspace } from '../context.ts';
import { VERSION } from '../version.ts';

export interface EvidenceCommandOptions {
  workspace?: string;
  format?: Format;
  quiet?: boolean;
  /** export: the bundle's folder (new or empty). */
  out?: string;
}

export const EVIDENCE_ACTIONS = ['verify', 'export'] as const;

export async function runEvidence(io: CliIo, action: string, names: readonly string[], options: EvidenceCommandOptions): Promise<number> {
  if (action !== 'verify' && action !== 'export') {
    throw new UserError('USAGE', `evidence: unknown action ${JSON.stringify(action)}; expected verify [CASE...] or export CASE --out DIR`);
  }
  const out = createOutput(io, options);
  const workspace = await openWorkspace(io, options.workspace);
  if (action === 'export') checkExportArguments(names, options);
  const store = openStore(workspace.dbPath, { readonly: true, clock: systemClock });
  try {
    const caseIds = await resolveCases(io, workspace, store, names);
    if (action === 'verify') return verify(out, store, evidenceDir(workspace), caseIds);
    return exportCase(io, out, store, workspace, caseIds[0] as string, options.out as string);
  } finally {
    store.close();
  }
}

function evidenceDir(workspace: Workspace): string {
  return join(workspace.stateDir, 'evidence');
}

function checkExportArguments(names: readonly string[], options: EvidenceCommandOptions): void {
  if (names.length !== 1) {
    throw new UserError('USAGE', `evidence export: name exactly one case (got ${names.length === 0 ? 'none' : names.join(', ')}), e.g. takedown evidence export c1 --out bundle-c1`);
  }
  if (options.out === undefined || options.out.trim() === '') {
    throw new UserError('USAGE', 'evidence export: --out DIR is required (a new or empty folder for the bundle)');
  }
}

/** Case ids from ids or case files; none named means every case with evidence. */
async function resolveCases(io: CliIo, workspace: Workspace, store: Store, names: readonly string[]): Promise<string[]> {
  const dir = evidenceDir(workspace);
  const withFolders = existsSync(dir) ? readdirSync(dir).filter((n) => statSync(join(dir, n)).isDirectory()) : [];
  if (names.length === 0) return [...new Set([...evidenceCaseIds(store), ...withFolders])].sort();
  const known = new Set([...listCases(store).map((c) => c.id), ...withFolders]);
  const ids: string[] = [];
  for (const name of names) {
    const path = resolve(io.cwd, name);
    const isFile = /\.ya?ml$/i.test(name) || (existsSync(path) && statSync(path).isFile());
    const id = isFile ? (await loadCases([path])).cases[0]?.id : name;
    if (id === undefined || !known.has(id)) {
      const list = [...known].sort().join(', ');
      throw new UserError('NO_SUCH_CASE', `evidence: no case "${id ?? name}" in this workspace's store (cases: ${list || 'none; run takedown check first'})`);
    }
    if (!ids.includes(id)) ids.push(id);
  }
  return ids;
}

function verify(out: Output, store: Store, dir: string, caseIds: readonly string[]): number {
  const report = verifyEvidence(store, dir, caseIds);
  if (out.format === 'json') {
    out.out(JSON.stringify({ ok: report.problems.length === 0, chain: report.chain, cases: report.cases, problems: report.problems }, null, 2));
  } else if (out.format === 'ndjson') {
    for (const c of report.cases) out.out(JSON.stringify({ type: 'case', caseId: c.caseId, captures: c.captures, records: c.records, files: c.files, problems: c.problems.length }));
    for (const p of report.problems) out.out(JSON.stringify({ type: 'problem', ...p }));
    out.out(JSON.stringify({ type: 'summary', ok: report.problems.length === 0, events: report.chain.ok ? report.chain.count : null, problems: report.problems.length }));
  } else {
    printVerify(out, report);
  }
  return report.problems.length === 0 ? EXIT.ok : EXIT.attention;
}

function printVerify(out: Output, report: VerifyReport): void {
  const { color } = out;
  if (!out.quiet) {
    out.out(report.chain.ok ? `event log: ${report.chain.count} event(s), hash chain intact` : color.red(`event log: hash chain BROKEN at event ${report.chain.seq}`));
    if (report.cases.length === 0) out.out('no evidence recorded yet: takedown check captures it');
  }
  for (const c of report.cases) {
    const files = c.files.length;
    const head = `${c.caseId}: ${c.captures} capture(s), ${c.records} record(s) in ${files} file(s)`;
    if (c.problems.length === 0) {
      if (!out.quiet) out.out(`${head}: intact`);
      continue;
    }
    out.out(color.bold(`${head}: ${c.problems.length} problem(s)`));
    for (const p of c.problems) out.out(`  ${formatProblem(p)}`);
  }
  for (const p of report.problems.filter((x) => x.kind === 'chain')) out.out(`  ${formatProblem(p)}`);
  if (report.problems.length > 0) out.out(color.bold(`evidence verify: ${report.problems.length} problem(s) found`));
}

export function formatProblem(p: EvidenceProblem): string {
  const where = p.file === null ? 'event log' : `${p.file}${p.offset === null ? '' : ` @ ${p.offset}`}`;
  const what = p.recordId === null ? '' : ` ${p.recordType ?? 'record'} ${p.recordId}`;
  const event = p.eventSeq === null ? '' : ` (event ${p.eventSeq})`;
  return `${p.kind.padEnd(10)} ${where}${what}${event}: ${p.message}`;
}

function exportCase(io: CliIo, out: Output, store: Store, workspace: Workspace, caseId: string, outOption: string): number {
  const target = resolve(io.cwd, outOption);
  const result = exportEvidence(store, evidenceDir(workspace), caseId, target, { now: systemClock.now().toISOString(), software: `takedown/${VERSION}` });
  const { manifest } = result;
  if (out.format === 'json' || out.format === 'ndjson') {
    out.out(JSON.stringify({ dir: result.dir, files: result.files, captures: manifest.captures.length, problems: manifest.problems }, null, out.format === 'json' ? 2 : undefined));
  } else {
    const warcs = manifest.files.length;
    out.out(`wrote ${result.dir}: ${warcs} WARC file(s), ${manifest.captures.length} capture(s), manifest.txt, manifest.json, events.jsonl (${listEvents(store, { caseId }).length} events), README.txt, SHA256SUMS`);
    for (const p of manifest.problems) out.out(`  ${formatProblem(p)}`);
    if (manifest.problems.length > 0) out.out(out.color.bold(`the evidence has ${manifest.problems.length} problem(s); they are listed in the manifest too`));
  }
  return manifest.problems.length === 0 ? EXIT.ok : EXIT.attention;
}
