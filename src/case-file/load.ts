// Reads case files from disk and validates them; a file that cannot be read becomes an issue, not a crash.
import { readFile } from 'node:fs/promises';
import { dirname, isAbsolute, join, resolve } from 'node:path';
import type { Case } from '../core/case.ts';
import { UserError } from '../core/errors.ts';
import type { Issue } from '../core/errors.ts';
import type { UrlsFileInput } from './urls-file.ts';
import { urlsFileOf, validateParsedCase } from './validate.ts';
import { parseYaml } from './yaml-source.ts';
import type { CaseValidation } from './validate.ts';

/** The OS reason without Node's prefix: `no such file or directory` rather than `ENOENT: no such file ...`. */
function reasonOf(error: unknown): string {
  const code = (error as NodeJS.ErrnoException).code;
  const reasons: Record<string, string> = {
    ENOENT: 'no such file',
    EACCES: 'permission denied',
    EISDIR: 'it is a folder, not a file',
  };
  if (code !== undefined && reasons[code] !== undefined) return reasons[code];
  return error instanceof Error ? error.message : String(error);
}

/** The file's text, or null when it is binary or not UTF-8 (its bytes are never echoed). */
function textOf(bytes: Buffer): string | null {
  if (bytes.includes(0)) return null;
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    return null;
  }
}

/** Issues name the file as the user wrote it; `case.file` is the absolute path. */
export async function loadCaseFile(path: string): Promise<CaseValidation> {
  let bytes: Buffer;
  try {
    bytes = await readFile(path);
  } catch (error) {
    return { case: null, issues: [{ file: path, path: '', message: `cannot read the case file: ${reasonOf(error)}`, severity: 'error' }] };
  }
  const text = textOf(bytes);
  if (text === null) {
    return { case: null, issues: [{ file: path, path: '', message: 'not a text file (it holds binary data); a case file is YAML text in UTF-8', severity: 'error' }] };
  }
  const parsed = parseYaml(text, path);
  const urlsFile = urlsFileOf(parsed);
  const result = validateParsedCase(parsed, path, urlsFile === undefined ? undefined : await readUrlsFile(path, urlsFile));
  return result.case === null ? result : { case: { ...result.case, file: resolve(path) }, issues: result.issues };
}

/** Validates a case file's text (as it is, or as it would be after an edit) together with its urls_file:. */
export async function validateCaseTextWithUrlsFile(text: string, path: string): Promise<CaseValidation> {
  const parsed = parseYaml(text, path);
  const urlsFile = urlsFileOf(parsed);
  return validateParsedCase(parsed, path, urlsFile === undefined ? undefined : await readUrlsFile(path, urlsFile));
}

/** The case's urls_file:, relative to the case file's folder, named in messages as the user would find it. */
async function readUrlsFile(casePath: string, name: string): Promise<UrlsFileInput> {
  const file = isAbsolute(name) ? name : join(dirname(casePath), name);
  let bytes: Buffer;
  try {
    bytes = await readFile(file);
  } catch (error) {
    return { file, error: reasonOf(error) };
  }
  const text = textOf(bytes);
  return text === null ? { file, error: 'not a text file (it holds binary data); list one URL a line in UTF-8' } : { file, text };
}

export async function loadCaseFiles(paths: readonly string[]): Promise<CaseValidation[]> {
  return Promise.all(paths.map((path) => loadCaseFile(path)));
}

/** The cases, or a UserError carrying every issue of every file (the message is only a summary) when any has an error. */
export function assertValid(results: readonly CaseValidation[]): Case[] {
  const issues: Issue[] = results.flatMap((result) => result.issues);
  const errors = issues.filter((issue) => issue.severity === 'error');
  if (errors.length > 0) {
    const files = new Set(errors.map((issue) => issue.file)).size;
    const summary = `${errors.length} problem${errors.length === 1 ? '' : 's'} in ${files} case file${files === 1 ? '' : 's'}`;
    throw new UserError('CASE_INVALID', `${summary}; nothing was done`, issues);
  }
  return results.flatMap((result) => (result.case === null ? [] : [result.case]));
}
