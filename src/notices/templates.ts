// Reads notice templates from folders (built-in first, a workspace's own templates/ after), every problem reported.
import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { formatIssue, UserError } from '../core/errors.ts';
import type { Issue } from '../core/errors.ts';
import { NOTICE_KINDS } from '../core/notice.ts';
import type { NoticeKind } from '../core/notice.ts';
import { parseTemplateText } from './template-file.ts';
import type { NoticeTemplate } from './template-schema.ts';

export interface LoadedTemplates {
  /** One template per kind; a later folder's template replaces an earlier one's. */
  templates: Map<NoticeKind, NoticeTemplate>;
  /** Every problem in every file, errors and notes, folder by folder in file order. */
  issues: Issue[];
}

/** A folder to read; an optional one (a workspace's templates/) may be absent. */
export type TemplateDir = string | { dir: string; optional: true };

/** The templates shipped with the tool. */
export const defaultTemplatesDir: string = fileURLToPath(new URL('../../templates/', import.meta.url));

async function listDir(dir: string, optional: boolean): Promise<string[]> {
  try {
    return await readdir(dir);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code !== 'ENOENT' && code !== 'ENOTDIR') throw error;
    if (optional) return [];
    throw new UserError('TEMPLATES_DIR_MISSING', `templates folder ${JSON.stringify(dir)}: no such folder`);
  }
}

/**
 * Loads every `*.yaml` of each folder in order. A file with any error is left out (an earlier
 * folder's template of its kind stays) and reported. Kinds no folder provides are errors too.
 */
export async function loadTemplates(dirs: readonly TemplateDir[]): Promise<LoadedTemplates> {
  const templates = new Map<NoticeKind, NoticeTemplate>();
  const issues: Issue[] = [];
  for (const entry of dirs) {
    const dir = typeof entry === 'string' ? entry : entry.dir;
    const names = (await listDir(dir, typeof entry !== 'string')).sort();
    for (const name of names) {
      const file = join(dir, name);
      if (name.endsWith('.yml')) {
        issues.push({ file, path: '', message: 'ignored: template files must end in .yaml', severity: 'note' });
        continue;
      }
      if (!name.endsWith('.yaml')) continue;
      const parsed = parseTemplateText(await readFile(file, 'utf8'), file);
      issues.push(...parsed.issues);
      if (parsed.template !== undefined) templates.set(parsed.template.kind, parsed.template);
    }
  }
  const first = dirs[0];
  const home = first === undefined ? '' : typeof first === 'string' ? first : first.dir;
  for (const kind of NOTICE_KINDS) {
    if (!templates.has(kind)) {
      issues.push({ file: join(home, `${kind}.yaml`), path: '', message: `no template for notice kind "${kind}" (or its file has errors)`, severity: 'error' });
    }
  }
  return { templates, issues };
}

let builtin: Promise<Map<NoticeKind, NoticeTemplate>> | undefined;

/**
 * The built-in templates, loaded once per process. They are tested, so an error here is a bug in
 * the shipped data, not the user's input: it rejects with every issue listed.
 */
export function loadBuiltinTemplates(): Promise<Map<NoticeKind, NoticeTemplate>> {
  builtin ??= loadTemplates([defaultTemplatesDir]).then(({ templates, issues }) => {
    const errors = issues.filter((issue) => issue.severity === 'error');
    if (errors.length > 0) throw new Error(`built-in notice templates are broken:\n${errors.map(formatIssue).join('\n')}`);
    return templates;
  });
  return builtin;
}
