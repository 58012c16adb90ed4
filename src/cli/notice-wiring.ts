// Wires the notice commands (draft, send, mark, status) to the workspace: cases by id or file,
// templates, the sender identity, email composition and private file writes.
import { existsSync } from 'node:fs';
import { mkdir, rename, writeFile, chmod } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';
import type { Case } from '../core/case.ts';
import { UserError } from '../core/errors.ts';
import type { NoticeContext, NoticeKind } from '../core/notice.ts';
import { formatRequestId } from '../core/request-id.ts';
import { composeMessage } from '../mail/compose.ts';
import { renderNotice } from '../notices/render.ts';
import { defaultTemplatesDir, loadBuiltinTemplates, loadTemplates } from '../notices/templates.ts';
import type { NoticeTemplate } from '../notices/template-schema.ts';
import type { RequestRow, Store } from '../store/index.ts';
import { getCase } from '../store/index.ts';
import type { CliIo } from './io.ts';
import { caseFilePaths, loadCases, type Workspace } from './context.ts';

/** Every case of the workspace, or the ones named by id or by file. */
export async function selectCases(io: CliIo, workspace: Workspace, names: readonly string[]): Promise<Case[]> {
  const files = names.filter((n) => /\.ya?ml$/i.test(n) || existsSync(resolve(io.cwd, n)));
  const ids = names.filter((n) => !files.includes(n));
  const paths = files.length > 0 || ids.length === 0 ? await caseFilePaths(io, workspace, files) : [];
  let cases = (await loadCases(paths)).cases;
  if (ids.length > 0) {
    const all = (await loadCases(await caseFilePaths(io, workspace, []))).cases;
    for (const id of ids) {
      const found = all.find((c) => c.id === id);
      if (found === undefined) {
        const known = all.map((c) => c.id).join(', ');
        throw new UserError('NO_SUCH_CASE', `no case "${id}" in ${join(workspace.dir, 'cases')} (cases: ${known || 'none'})`);
      }
      if (!cases.some((c) => c.id === id)) cases = [...cases, found];
    }
  }
  return cases;
}

/** The built-in templates, replaced kind by kind by the workspace's own templates/ folder. */
export async function workspaceTemplates(workspace: Workspace): Promise<Map<NoticeKind, NoticeTemplate>> {
  const own = join(workspace.dir, 'templates');
  if (!existsSync(own)) return loadBuiltinTemplates();
  const loaded = await loadTemplates([defaultTemplatesDir, own]);
  if (loaded.issues.some((i) => i.severity === 'error')) {
    throw new UserError('TEMPLATES_INVALID', `${own} has errors; nothing was done`, loaded.issues);
  }
  return loaded.templates;
}

export function renderWith(templates: ReadonlyMap<NoticeKind, NoticeTemplate>) {
  return (kind: NoticeKind, context: NoticeContext) => {
    const template = templates.get(kind);
    if (template === undefined) throw new UserError('NO_TEMPLATE', `no template for notice kind ${kind}`);
    return renderNotice(template, context);
  };
}

export interface Sender {
  name?: string;
  address: string;
}

/** Who the mail is from: takedown.yaml sender, else the case's claimant. */
export function senderFor(workspace: Workspace, c: Case): Sender | undefined {
  const address = workspace.settings.sender.email ?? c.claimant.email;
  if (address === undefined) return undefined;
  const name = workspace.settings.sender.name ?? c.claimant.organisation ?? c.claimant.name;
  return { address, ...(name === undefined ? {} : { name }) };
}

export function requireSender(workspace: Workspace, c: Case): Sender {
  const sender = senderFor(workspace, c);
  if (sender === undefined) {
    throw new UserError(
      'NO_SENDER',
      `${c.file}: email notices need a sender address: set case.claimant.email in the case file, or sender.email in ${join(workspace.dir, 'takedown.yaml')}`,
    );
  }
  return sender;
}

export function mailDomain(address: string | undefined): string {
  const domain = address?.split('@')[1];
  return domain !== undefined && /^[A-Za-z0-9.-]+$/.test(domain) ? domain.toLowerCase() : 'takedown.invalid';
}

/** The email of a request, as drafted (dated when drafted) or as sent (dated now). */
export async function requestEml(workspace: Workspace, c: Case, request: RequestRow, date: Date): Promise<Buffer> {
  const sender = requireSender(workspace, c);
  if (request.recipient === null || request.messageId === null) {
    throw new Error(`request ${formatRequestId(request.id)} has no recipient or Message-ID`);
  }
  const replyTo = c.claimant.email !== undefined && c.claimant.email !== sender.address ? c.claimant.email : undefined;
  return composeMessage({
    from: sender,
    to: [request.recipient],
    ...(replyTo === undefined ? {} : { replyTo }),
    subject: request.subject,
    text: request.body,
    messageId: request.messageId,
    date,
    headers: { 'X-Takedown-Request': formatRequestId(request.id) },
  });
}

/** The case a stored request belongs to, read again from its file. */
export async function caseOfRequest(store: Store, cache: Map<string, Case>, request: RequestRow): Promise<Case> {
  const known = cache.get(request.caseId);
  if (known) return known;
  const row = getCase(store, request.caseId);
  if (row === null || !existsSync(row.file)) {
    throw new UserError('CASE_FILE_MISSING', `${formatRequestId(request.id)} belongs to case ${request.caseId}, whose file ${row?.file ?? '(unknown)'} is gone`);
  }
  const c = (await loadCases([row.file])).cases[0];
  if (c === undefined) throw new UserError('CASE_FILE_MISSING', `cannot read case ${request.caseId} from ${row.file}`);
  cache.set(c.id, c);
  return c;
}

/** Writes a file under the workspace: private (0600 in 0700 folders), atomic (temp file, then rename). */
export function privateWriter(workspace: Workspace) {
  return async (path: string, content: string | Buffer): Promise<void> => {
    const full = join(workspace.dir, path);
    await mkdir(dirname(full), { recursive: true, mode: 0o700 });
    const temp = `${full}.${process.pid}.tmp`;
    await writeFile(temp, content, { mode: 0o600 });
    await chmod(temp, 0o600);
    await rename(temp, full);
  };
}
