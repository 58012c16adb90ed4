// `takedown review [CASE...]`, `takedown review accept ID...`, `takedown review reject ID... [--note]`:
// the candidates discovery found in the watch places, for a human to decide. Accepting adds the
// URL to the case file's urls: (nothing is drafted or sent: that stays with draft and send);
// rejecting remembers it so that it is never proposed again.
import { existsSync, mkdirSync } from 'node:fs';
import { resolve } from 'node:path';
import { systemClock } from '../../core/clock.ts';
import { UserError } from '../../core/errors.ts';
import { formatCandidateId, parseCandidateId } from '../../discovery/candidate-id.ts';
import { describeReason } from '../../discovery/reasons.ts';
import { acceptCandidates, rejectCandidates } from '../../discovery/review.ts';
import { countPendingCandidates, getCandidate, listCandidates, listCases, openStore, type CandidateRow, type Store } from '../../store/index.ts';
import { EXIT } from '../exit-codes.ts';
import type { CliIo } from '../io.ts';
import { createOutput, type Format, type Output } from '../output.ts';
import { caseIdsInWorkspace, loadCases, openWorkspace, type Workspace } from '../context.ts';

export interface ReviewOptions {
  workspace?: string;
  format?: Format;
  quiet?: boolean;
  note?: string;
  dryRun?: boolean;
}

export const REVIEW_ACTIONS = ['list', 'accept', 'reject'] as const;
const MAX_NOTE = 500;

/** `args` is what follows `review`: `[list] [CASE...]`, `accept ID...` or `reject ID...`. */
export async function runReview(io: CliIo, args: readonly string[], options: ReviewOptions): Promise<number> {
  const out = createOutput(io, options);
  const [first, ...rest] = args;
  const note = checkNote(options.note);
  if (first === 'accept' || first === 'reject') return decide(io, out, first, rest, { ...options, ...(note === undefined ? {} : { note }) });
  if (note !== undefined) throw new UserError('USAGE', '--note goes with accept or reject: takedown review reject C-0001 --note "the victim\'s own post"');
  return list(io, out, first === 'list' ? rest : args, options);
}

async function list(io: CliIo, out: Output, names: readonly string[], options: ReviewOptions): Promise<number> {
  const workspace = await openWorkspace(io, options.workspace);
  const store = existsSync(workspace.dbPath) ? openStore(workspace.dbPath, { clock: systemClock }) : null;
  let rows: CandidateRow[] = [];
  try {
    const caseIds = names.length === 0 ? undefined : await namedCaseIds(io, workspace, store, names);
    if (store !== null) rows = listCandidates(store, { ...(caseIds === undefined ? {} : { caseIds }), status: 'pending' });
  } finally {
    store?.close();
  }
  if (out.format === 'json') out.out(JSON.stringify({ pending: rows.map(record) }, null, 2));
  else if (out.format === 'ndjson') for (const row of rows) out.out(JSON.stringify(record(row)));
  else {
    for (const row of rows) out.out(candidateLines(row).join('\n'));
    if (!out.quiet) {
      out.err(
        rows.length === 0
          ? 'no candidates to review'
          : `${rows.length} candidate${rows.length === 1 ? '' : 's'} to review: "takedown review accept ID..." adds the URL to its case's urls: (then draft and send as usual); "takedown review reject ID... [--note TEXT]" drops it for good`,
      );
    }
  }
  return rows.length > 0 ? EXIT.attention : EXIT.ok;
}

async function decide(io: CliIo, out: Output, action: 'accept' | 'reject', idTexts: readonly string[], options: ReviewOptions): Promise<number> {
  if (idTexts.length === 0) throw new UserError('USAGE', `name the candidates to ${action}: takedown review ${action} C-0001 [C-0002...] (takedown review lists them)`);
  const bad = idTexts.filter((t) => parseCandidateId(t) === undefined);
  if (bad.length > 0) {
    throw new UserError('BAD_CANDIDATE_ID', `${bad.map((b) => `"${b}"`).join(', ')} ${bad.length === 1 ? 'is not a candidate id' : 'are not candidate ids'} (they look like C-0001; takedown review lists them)`);
  }
  const ids = [...new Set(idTexts.map((t) => parseCandidateId(t) ?? 0))];
  const workspace = await openWorkspace(io, options.workspace);
  if (!existsSync(workspace.dbPath)) {
    throw new UserError(
      'NO_SUCH_CANDIDATE',
      `no candidates in ${workspace.dir} yet: takedown sweep finds them in the watch: places of the case files (at most once every sweep.every.discover)`,
    );
  }
  mkdirSync(workspace.stateDir, { recursive: true, mode: 0o700 });
  const store = openStore(workspace.dbPath, { clock: systemClock });
  try {
    const rows = findAll(store, ids);
    const deps = { store, actor: 'user' };
    const decision = { ...(options.note === undefined ? {} : { note: options.note }), ...(options.dryRun === true ? { dryRun: true } : {}) };
    const would = options.dryRun === true ? 'would be ' : '';
    const lines: string[] = [];
    const records: Record<string, unknown>[] = [];
    if (action === 'accept') {
      const already = rows.filter((r) => r.status === 'accepted');
      for (const row of already) lines.push(`${formatCandidateId(row.id)} was already accepted: ${row.url}`);
      const accepted = await acceptCandidates(deps, rows.filter((r) => r.status !== 'accepted'), decision);
      const before = new Map(rows.map((r) => [r.id, r]));
      for (const a of accepted) {
        const where = a.addedToFile ? `added to urls: in ${a.file}` : `already in ${a.file}`;
        lines.push(`${formatCandidateId(a.candidate.id)} ${would}accepted: ${a.candidate.url} ${where}${rejectedBefore(before.get(a.candidate.id))}`);
        records.push({ ...record(a.candidate), ...(options.dryRun === true ? { status: 'accepted', dryRun: true } : {}), file: a.file, addedToFile: a.addedToFile });
      }
      for (const row of already) records.push(record(row));
    } else {
      const rejected = rejectCandidates(deps, rows, decision);
      for (const row of rejected) {
        lines.push(`${formatCandidateId(row.id)} ${would}rejected: ${row.url} (never proposed again)`);
        records.push({ ...record(row), ...(options.dryRun === true ? { status: 'rejected', dryRun: true } : {}) });
      }
    }
    const pending = countPendingCandidates(store);
    if (out.format === 'json') out.out(JSON.stringify({ [action === 'accept' ? 'accepted' : 'rejected']: records, pending }, null, 2));
    else if (out.format === 'ndjson') for (const r of records) out.out(JSON.stringify(r));
    else {
      for (const line of lines) out.out(line);
      if (action === 'accept' && options.dryRun !== true && records.length > 0) out.err('nothing is drafted or sent yet: run takedown check, then takedown draft, as for any URL of the case');
      if (!out.quiet && pending > 0) out.err(`${pending} candidate${pending === 1 ? '' : 's'} still to review: takedown review`);
    }
    return pending > 0 ? EXIT.attention : EXIT.ok;
  } finally {
    store.close();
  }
}

/** Every id must exist: one unknown id and nothing is changed. */
function findAll(store: Store, ids: readonly number[]): CandidateRow[] {
  const rows: CandidateRow[] = [];
  const missing: number[] = [];
  for (const id of ids) {
    const row = getCandidate(store, id);
    if (row === null) missing.push(id);
    else rows.push(row);
  }
  if (missing.length > 0) {
    const pending = listCandidates(store, { status: 'pending' }).map((r) => formatCandidateId(r.id));
    const shown = pending.length === 0 ? 'none is pending' : `pending: ${pending.slice(0, 20).join(', ')}${pending.length > 20 ? ', ...' : ''}`;
    throw new UserError('NO_SUCH_CANDIDATE', `no candidate ${missing.map(formatCandidateId).join(', ')} in this workspace (${shown}); nothing was changed`);
  }
  return rows;
}

function checkNote(note: string | undefined): string | undefined {
  if (note === undefined) return undefined;
  const trimmed = note.trim();
  if (trimmed === '' || /[\r\n]/.test(note) || trimmed.length > MAX_NOTE) {
    throw new UserError('BAD_NOTE', `--note must be one line of 1 to ${MAX_NOTE} characters (got ${note.length} characters)`);
  }
  return trimmed;
}

/** `(it was rejected on 2026-11-21 14:05 UTC: not her)` for a candidate rejected before. */
function rejectedBefore(row: CandidateRow | undefined): string {
  if (row === undefined || row.status !== 'rejected') return '';
  const when = row.decidedAt === null ? '' : ` on ${row.decidedAt.slice(0, 16).replace('T', ' ')} UTC`;
  return ` (it was rejected before${when}${row.note === null ? '' : `: ${row.note}`})`;
}

/**
 * Case files are read for their ids; an id must be a case of the workspace (in its database or
 * its cases/ folder): a typo must not read as "no candidates".
 */
async function namedCaseIds(io: CliIo, workspace: Workspace, store: Store | null, names: readonly string[]): Promise<string[]> {
  const ids: string[] = [];
  let known: Set<string> | undefined;
  for (const name of names) {
    const path = resolve(io.cwd, name);
    if (/\.ya?ml$/i.test(name) || existsSync(path)) {
      ids.push(...(await loadCases([path])).cases.map((c) => c.id));
      continue;
    }
    known ??= new Set([...(store === null ? [] : listCases(store).map((c) => c.id)), ...(await caseIdsInWorkspace(workspace)).keys()]);
    if (!known.has(name)) {
      const list = [...known].sort().join(', ');
      throw new UserError('NO_SUCH_CASE', `no case "${name}" in ${workspace.dir} (cases: ${list || 'none'})`);
    }
    ids.push(name);
  }
  return [...new Set(ids)];
}

function candidateLines(row: CandidateRow): string[] {
  const why = row.reasons.map((r) => `    why: ${describeReason(r)}`);
  const where = row.foundOn === row.watchUrl ? row.foundOn : `${row.foundOn} (from ${row.watchUrl})`;
  const seen = row.seenCount === 1 ? `first seen ${row.firstSeenAt.slice(0, 16).replace('T', ' ')}` : `first seen ${row.firstSeenAt.slice(0, 16).replace('T', ' ')}, seen ${row.seenCount} times`;
  return [`${formatCandidateId(row.id)}  ${row.caseId}  ${row.kind === 'page' ? '' : `[${row.kind}] `}${row.url}`, ...why, `    found on ${where}; ${seen}`];
}

function record(row: CandidateRow): Record<string, unknown> {
  return {
    id: formatCandidateId(row.id),
    case: row.caseId,
    url: row.url,
    kind: row.kind,
    status: row.status,
    reasons: row.reasons,
    why: row.reasons.map(describeReason),
    foundOn: row.foundOn,
    watch: row.watchUrl,
    firstSeen: row.firstSeenAt,
    lastSeen: row.lastSeenAt,
    seenCount: row.seenCount,
    ...(row.decidedAt === null ? {} : { decidedAt: row.decidedAt }),
    ...(row.note === null ? {} : { note: row.note }),
  };
}
