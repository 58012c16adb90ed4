// `evidence export`: a folder a lawyer can hand over: the WARC files, a manifest (JSON and
// text), the case's event log (the events the evidence needs) and a README on checking it all
// without takedown. Private files.
import { chmodSync, copyFileSync, constants, existsSync, mkdirSync, readFileSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import { createHash } from 'node:crypto';
import { join } from 'node:path';
import { UserError } from '../core/errors.ts';
import { EVIDENCE_CAPTURED, canonicalJson, listEvents, type CaptureEventData, type EventRow, type Store } from '../store/index.ts';
import { bundleReadme } from './bundle-readme.ts';
import { buildManifest, formatManifestText, type Manifest } from './manifest.ts';
import { verifyEvidence } from './verify.ts';
import { caseEvidenceDir } from './writer.ts';

export interface ExportOptions {
  /** ISO time written into the manifest. */
  now: string;
  software: string;
}

export interface ExportResult {
  dir: string;
  /** Paths inside the bundle, in the order written. */
  files: string[];
  manifest: Manifest;
}

const WARC_FOLDER = 'warc/';

/**
 * The event kinds a bundle carries: the case's URLs (added, taken out, every check's state,
 * reappeared, confirmed), its requests and its evidence captures. Not candidate.* nor
 * discovery.run: they hold the case's keywords (the person's names) and pages of third parties
 * that were looked at and rejected, which the evidence does not need and a bundle handed over
 * must not spread. bundle-readme.ts says the same to the reader.
 */
export const BUNDLE_EVENT_PREFIXES: readonly string[] = ['target.', 'request.', 'evidence.'];

export function isBundleEvent(kind: string): boolean {
  return BUNDLE_EVENT_PREFIXES.some((prefix) => kind.startsWith(prefix));
}

export function exportEvidence(store: Store, evidenceDir: string, caseId: string, outDir: string, options: ExportOptions): ExportResult {
  prepareOutDir(outDir);
  const report = verifyEvidence(store, evidenceDir, [caseId]);
  const caseEvents = listEvents(store, { caseId }).filter((e) => isBundleEvent(e.kind));
  const written: string[] = [];
  const sums: Manifest['files'] = [];
  const put = (path: string, content: string | Buffer): void => {
    writeFileSync(join(outDir, path), content, { mode: 0o600, flag: 'wx' });
    written.push(path);
  };

  mkdirSync(join(outDir, WARC_FOLDER), { mode: 0o700 });
  const caseDir = caseEvidenceDir(evidenceDir, caseId);
  const warcs = existsSync(caseDir) ? readdirSync(caseDir).filter((n) => n.endsWith('.warc')).sort((a, b) => a.localeCompare(b, 'en', { numeric: true })) : [];
  for (const name of warcs) {
    const target = join(outDir, WARC_FOLDER, name);
    copyFileSync(join(caseDir, name), target, constants.COPYFILE_EXCL);
    chmodSync(target, 0o600);
    written.push(WARC_FOLDER + name);
    sums.push({ path: WARC_FOLDER + name, bytes: statSync(target).size, sha256: fileSha256(target) });
  }

  const last = listEvents(store).at(-1);
  const manifest = buildManifest({
    caseId,
    exportedAt: options.now,
    software: options.software,
    caseEvents,
    captureEvents: captureEvents(caseEvents),
    chainIntact: report.chain.ok,
    head: last === undefined ? null : { seq: last.seq, hash: last.hash },
    files: sums,
    problems: report.problems,
    warcFolder: WARC_FOLDER,
  });
  put('events.jsonl', caseEvents.map((e) => `${canonicalJson(eventLine(e))}\n`).join(''));
  put('manifest.json', `${JSON.stringify(manifest, null, 2)}\n`);
  put('manifest.txt', formatManifestText(manifest));
  put('README.txt', bundleReadme(caseId, options.software));
  const sumLines = written.map((path) => `${fileSha256(join(outDir, path))}  ${path}\n`).join('');
  put('SHA256SUMS', sumLines);
  return { dir: outDir, files: written, manifest };
}

/** The event as its hash covers it, plus the hash: a reader recomputes it from the line. */
function eventLine(e: EventRow): Record<string, unknown> {
  return { seq: e.seq, at: e.at, actor: e.actor, kind: e.kind, case_id: e.caseId, target_id: e.targetId, data: e.data, prev_hash: e.prevHash, hash: e.hash };
}

function captureEvents(events: readonly EventRow[]): Array<{ event: EventRow; data: CaptureEventData }> {
  return events
    .filter((e) => e.kind === EVIDENCE_CAPTURED && typeof e.data === 'object' && e.data !== null && Array.isArray((e.data as CaptureEventData).records))
    .map((event) => ({ event, data: event.data as CaptureEventData }));
}

function prepareOutDir(outDir: string): void {
  if (existsSync(outDir)) {
    if (!statSync(outDir).isDirectory()) throw new UserError('EXPORT_NOT_A_FOLDER', `--out ${outDir}: is a file; name a new or empty folder`);
    const entries = readdirSync(outDir);
    if (entries.length > 0) {
      throw new UserError('EXPORT_NOT_EMPTY', `--out ${outDir}: the folder is not empty (${entries.length} entr${entries.length === 1 ? 'y' : 'ies'}); name a new or empty folder, nothing was written`);
    }
    if ((statSync(outDir).mode & 0o077) !== 0) chmodSync(outDir, 0o700);
    return;
  }
  mkdirSync(outDir, { recursive: true, mode: 0o700 });
}

function fileSha256(path: string): string {
  return createHash('sha256').update(readFileSync(path)).digest('hex');
}
