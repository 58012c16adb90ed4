// Wires the notice commands (draft, send, mark, status) to the workspace: cases by id or file,
// templates, the sender identity, email composition and private file writes.
import { existsSync } from 'node:fs';
import { mkdir, rename, writeFile, chmod } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';
import type { Case } from '../core/case.ts';
import { UserError, type Issue } from '../core/errors.ts';
import type { NoticeContext, NoticeKind } from '../core/notice.ts';
import { formatRequestId } from '../core/request-id.ts';
import { checkMessage, composeMessage, type OutgoingMessage } from '../mail/compose.ts';
import { renderNotice } from '../notices/render.ts';
import { defaultTemplatesDir, loadBuiltinTemplates, loadTemplates } from '../notices/templates.ts';
import type { NoticeTemplate } from '../notices/template-schema.ts';
import type { RequestRow, Store } from '../store/index.ts';
import { getCase } from '../store/index.ts';
import type { CliIo } from './io.ts';
import { caseFilePaths, loadCases, type Workspace } from './context.ts';

/** Every case of the workspace, or the ones named by id or by file. */
export async function selectCases(io: CliIo, workspace: Workspace, names: readonly string[]): Promise<Case[]> {
  return (await loadCases(await caseFilePaths(io, workspace, names))).cases;
}

/** The built-in templates, replaced kind by kind by the workspace's own templates/ folder. */
export async function workspaceTemplates(workspace: Workspace): Promise<Map<NoticeKind, NoticeTemplate>> {
  const own = join(workspace.dir, 'templates');
  if (!existsSync(own)) return loadBuiltinTemplates();
  const builtin = await loadBuiltinTemplates();
  const loaded = await loadTemplates([defaultTemplatesDir, own]);
  const issues = [...loaded.issues, ...droppedElements(builtin, loaded.templates)];
  if (issues.some((i) => i.severity === 'error')) {
    throw new UserError('TEMPLATES_INVALID', `${own} has errors; nothing was done`, issues);
  }
  return loaded.templates;
}

/**
 * A workspace's own template may reword a notice but must keep every element the law requires:
 * each element id of the built-in template must still be declared (and so proven present).
 */
function droppedElements(builtin: ReadonlyMap<NoticeKind, NoticeTemplate>, merged: ReadonlyMap<NoticeKind, NoticeTemplate>): Issue[] {
  const issues: Issue[] = [];
  for (const [kind, template] of merged) {
    const reference = builtin.get(kind);
    if (reference === undefined || template === reference || template.file === reference.file) continue;
    const ids = new Set(template.elements.map((e) => e.id));
    const missing = reference.elements.filter((e) => !ids.has(e.id));
    for (const element of missing) {
      issues.push({
        file: template.file ?? kind,
        path: 'elements',
        message: `drops the required element "${element.id}" of the built-in ${kind} template (${element.law}); a workspace template may reword a notice but must keep every element its law requires`,
        severity: 'error',
      });
    }
  }
  return issues;
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

function outgoing(workspace: Workspace, c: Case, fields: { id: string; recipient: string; subject: string; body: string; messageId: string }, date: Date): OutgoingMessage {
  const sender = requireSender(workspace, c);
  const replyTo = c.claimant.email !== undefined && c.claimant.email !== sender.address ? c.claimant.email : undefined;
  return {
    from: sender,
    to: [fields.recipient],
    ...(replyTo === undefined ? {} : { replyTo }),
    subject: fields.subject,
    text: fields.body,
    messageId: fields.messageId,
    date,
    headers: { 'X-Takedown-Request': fields.id },
  };
}

/** The email of a request, as drafted (dated when drafted) or as sent (dated now). */
export async function requestEml(workspace: Workspace, c: Case, request: RequestRow, date: Date): Promise<Buffer> {
  if (request.recipient === null || request.messageId === null) {
    throw new Error(`request ${formatRequestId(request.id)} has no recipient or Message-ID`);
  }
  const id = formatRequestId(request.id);
  return composeMessage(outgoing(workspace, c, { id, recipient: request.recipient, subject: request.subject, body: request.body, messageId: request.messageId }, date));
}

/** Throws, before anything is recorded, what composing this notice's email would throw (a bad sender name, a bad address). */
export function checkEmail(workspace: Workspace, c: Case, recipient: string | undefined, rendered: { subject: string; body: string }): void {
  const sender = requireSender(workspace, c);
  const message = outgoing(workspace, c, { id: 'R-0000', recipient: recipient ?? '', subject: rendered.subject, body: rendered.body, messageId: `<check@${mailDomain(sender.address)}>` }, new Date());
  try {
    checkMessage(message);
  } catch (error) {
    if (error instanceof UserError) {
      throw new UserError(error.code, `${error.message}; the sender comes from ${c.file} (case.claimant) or sender: in takedown.yaml`);
    }
    throw error;
  }
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
