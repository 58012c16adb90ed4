// Reads providers/*.yaml from disk: every file parsed, every problem reported, valid providers returned.
import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { formatIssue, UserError } from '../core/errors.ts';
import type { Issue } from '../core/errors.ts';
import type { Provider } from '../core/provider.ts';
import { checkRegistry, parseProviderText } from './parse.ts';
import type { ParsedProviderFile, RegistryOptions } from './parse.ts';

export interface LoadedProviders {
  /** Providers without any error, sorted by id. */
  providers: Provider[];
  /** Every problem in every file, errors and notes, in file order. */
  issues: Issue[];
}

/** The repository's own providers/ folder. */
export function defaultProvidersDir(): string {
  return fileURLToPath(new URL('../../providers/', import.meta.url));
}

/**
 * Loads every `*.yaml` in `dir`. A file with any error is left out of `providers` and reported.
 * A folder that does not exist is a UserError (code PROVIDERS_DIR_MISSING). `options.known` are
 * providers from elsewhere that routes_to may name (the built-in ones, for a workspace folder).
 */
export async function loadProviders(dir: string, options: RegistryOptions = {}): Promise<LoadedProviders> {
  const names = (await listDir(dir)).sort();
  const parsed: ParsedProviderFile[] = [];
  const issues: Issue[] = [];
  for (const name of names) {
    const file = join(dir, name);
    if (name.endsWith('.yml')) {
      issues.push({ file, path: '', message: 'ignored: provider files must end in .yaml', severity: 'note' });
      continue;
    }
    if (!name.endsWith('.yaml')) continue;
    const one = parseProviderText(await readFile(file, 'utf8'), file);
    parsed.push(one);
    issues.push(...one.issues);
  }
  const registryIssues = checkRegistry(parsed, options);
  issues.push(...registryIssues);
  const rejected = new Set(registryIssues.map((issue) => issue.file));
  const providers = parsed
    .filter((p) => p.provider !== undefined && !rejected.has(p.file))
    .map((p) => p.provider as Provider)
    .sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  return { providers, issues };
}

async function listDir(dir: string): Promise<string[]> {
  try {
    return await readdir(dir);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT' || code === 'ENOTDIR') {
      throw new UserError('PROVIDERS_DIR_MISSING', `providers folder ${JSON.stringify(dir)}: no such folder`);
    }
    throw error;
  }
}

let builtin: Promise<Provider[]> | undefined;

/**
 * The built-in providers, loaded once per process. Their files are tested, so an error here is a
 * bug in the shipped data, not the user's input: it rejects with every issue listed.
 */
export function loadBuiltinProviders(): Promise<Provider[]> {
  builtin ??= loadProviders(defaultProvidersDir()).then(({ providers, issues }) => {
    const errors = issues.filter((issue) => issue.severity === 'error');
    if (errors.length > 0) {
      const list = errors.map(formatIssue).join('\n');
      throw new Error(`built-in provider definitions are broken:\n${list}`);
    }
    return providers;
  });
  return builtin;
}
