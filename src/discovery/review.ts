// A human's decision on candidates. Accepting one adds its URL to the case file's `urls:` (the
// file is edited in place, keeping its comments and layout) and to the store's targets; from
// then on it is a URL of the case like any other, drafted and sent only through draft and send.
// Rejecting one remembers it, so that no later run proposes it again.
import { randomUUID } from 'node:crypto';
import { chmod, readFile, rename, stat, unlink, writeFile } from 'node:fs/promises';
import { allowedBy } from '../case-file/case-urls.ts';
// The URLs of a case may also be in its urls_file:, so an accepted URL is checked against both.
import { validateCaseTextWithUrlsFile } from '../case-file/load.ts';
import { urlKey } from '../core/url-key.ts';
import type { Case } from '../core/case.ts';
import { UserError } from '../core/errors.ts';
import type { CandidateRow, Store } from '../store/index.ts';
import { decideCandidate, getCase, syncTargets } from '../store/index.ts';
import { formatCandidateId } from './candidate-id.ts';
import { addUrlsToText } from './case-file-edit.ts';

export interface ReviewDeps {
  store: Store;
  /** Who the events name (default 'user'). */
  actor?: string;
}

export interface DecisionOptions {
  /** Kept with the candidate and in the event; on accept, also the note of the new urls: entry. */
  note?: string;
  /** Say what would change; write nothing. */
  dryRun?: boolean;
}

export interface Accepted {
  candidate: CandidateRow;
  file: string;
  /** False when the URL was in the case file already (added by hand since it was found). */
  addedToFile: boolean;
}

interface CaseEdit {
  caseId: string;
  file: string;
  text: string;
  edited: string;
  theCase: Case;
  rows: CandidateRow[];
  added: Set<string>;
}

/**
 * Accepts candidates: every case file is edited and checked in memory first, so a problem with
 * one (a file gone, a URL now on the allow-list) changes nothing at all.
 */
export async function acceptCandidates(deps: ReviewDeps, rows: readonly CandidateRow[], options: DecisionOptions = {}): Promise<Accepted[]> {
  const byCase = new Map<string, CandidateRow[]>();
  for (const row of rows) byCase.set(row.caseId, [...(byCase.get(row.caseId) ?? []), row]);
  const edits: CaseEdit[] = [];
  for (const [caseId, caseRows] of byCase) edits.push(await planEdit(deps.store, caseId, caseRows, options.note));
  if (options.dryRun === true) return edits.flatMap((e) => e.rows.map((candidate) => ({ candidate, file: e.file, addedToFile: e.added.has(candidate.url) })));

  const accepted: Accepted[] = [];
  for (const edit of edits) {
    if (edit.edited !== edit.text) await writeAtomically(edit.file, edit.edited);
    deps.store.transaction(() => {
      syncTargets(deps.store, edit.caseId, edit.theCase.targets.map((t) => ({ url: t.url, ...(t.note === undefined ? {} : { note: t.note }) })));
      for (const row of edit.rows) {
        const candidate = decideCandidate(deps.store, row.id, 'accepted', {
          actor: deps.actor ?? 'user',
          ...(options.note === undefined ? {} : { note: options.note }),
          data: { file: edit.file, addedToFile: edit.added.has(row.url) },
        });
        accepted.push({ candidate, file: edit.file, addedToFile: edit.added.has(row.url) });
      }
    });
  }
  return accepted;
}

export function rejectCandidates(deps: ReviewDeps, rows: readonly CandidateRow[], options: DecisionOptions = {}): CandidateRow[] {
  for (const row of rows) {
    if (row.status === 'accepted') {
      throw new UserError(
        'CANDIDATE_ACCEPTED',
        `${formatCandidateId(row.id)} was accepted${row.decidedAt === null ? '' : ` on ${row.decidedAt.slice(0, 10)}`}: ${row.url} is in the case file's urls:; take it out there instead`,
      );
    }
  }
  if (options.dryRun === true) return [...rows];
  return deps.store.transaction(() =>
    rows.map((row) => decideCandidate(deps.store, row.id, 'rejected', { actor: deps.actor ?? 'user', ...(options.note === undefined ? {} : { note: options.note }) })),
  );
}

async function planEdit(store: Store, caseId: string, rows: CandidateRow[], note: string | undefined): Promise<CaseEdit> {
  const file = getCase(store, caseId)?.file;
  if (file === undefined) throw new UserError('NO_SUCH_CASE', `case ${caseId} is not in this workspace's database; its candidates cannot be accepted`);
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    throw new UserError('CASE_FILE_UNREADABLE', `case ${caseId}: cannot read its case file ${file} (${code ?? String(error)}); was it moved? Run a check on it from its new place first`);
  }
  const before = await validateCaseTextWithUrlsFile(text, file);
  if (before.case === null) {
    throw new UserError('CASE_INVALID', `${file} has errors; fix them (takedown validate ${file}) before accepting candidates`, before.issues.filter((i) => i.severity === 'error'));
  }
  if (before.case.id !== caseId) {
    throw new UserError('CASE_FILE_CHANGED', `${file} is now case "${before.case.id}", not "${caseId}"; nothing was accepted`);
  }
  const present = new Set(before.case.targets.map((t) => urlKey(t.url)));
  for (const row of rows) {
    if (present.has(urlKey(row.url))) {
      throw new UserError('CANDIDATE_ALREADY_IN_CASE', `${formatCandidateId(row.id)}: ${row.url} is already a URL of case ${caseId} (in ${file} or its urls_file:); reject the candidate instead`);
    }
    const allowed = allowedBy(row.url, before.case.allow);
    if (allowed !== undefined) {
      throw new UserError('CANDIDATE_ALLOWED', `${formatCandidateId(row.id)}: ${row.url} is on case ${caseId}'s allow-list (${allowed}) and is never targeted; reject it instead`);
    }
  }
  const edit = addUrlsToText(
    text,
    rows.map((row) => ({ url: row.url, note: note ?? `found on ${row.foundOn} (candidate ${formatCandidateId(row.id)})` })),
  );
  const after = await validateCaseTextWithUrlsFile(edit.text, file);
  if (after.case === null) {
    throw new Error(`the case file would no longer validate after adding URLs: ${after.issues.map((i) => i.message).join('; ')}`);
  }
  return { caseId, file, text, edited: edit.text, theCase: after.case, rows, added: new Set(edit.added.map((a) => a.url)) };
}

/** Replaces the file in one step, keeping its permissions (case files are private). */
async function writeAtomically(file: string, text: string): Promise<void> {
  const { mode } = await stat(file);
  const temp = `${file}.${randomUUID()}.tmp`;
  try {
    await writeFile(temp, text, { mode: mode & 0o777 });
    await chmod(temp, mode & 0o777);
    await rename(temp, file);
  } catch (error) {
    await unlink(temp).catch(() => undefined);
    throw error;
  }
}
