// Wires a command to its workspace: finds the folder, reads settings, cases and providers, and
// builds the HTTP client and the store from them.
import { readFile, readdir } from 'node:fs/promises';
import { existsSync, statSync } from 'node:fs';
import { join, resolve, dirname } from 'node:path';
import { formatIssue, UserError } from '../core/errors.ts';
import type { Case } from '../core/case.ts';
import type { Provider } from '../core/provider.ts';
import type { HttpClient } from '../core/http-types.ts';
import { findWorkspace } from '../workspace/find.ts';
import { loadSettings, type Settings } from '../workspace/settings.ts';
import { loadCaseFiles, assertValid } from '../case-file/load.ts';
import { loadBuiltinProviders, loadProviders } from '../providers/load.ts';
import { hostClaims } from '../providers/match.ts';
import { createHttpClient } from '../http/client.ts';
import type { CliIo } from './io.ts';

export interface Workspace {
  dir: string;
  settings: Settings;
  stateDir: string;
  dbPath: string;
}

export async function openWorkspace(io: CliIo, explicit: string | undefined, hintFiles: readonly string[] = []): Promise<Workspace> {
  const dir = explicit ? resolve(io.cwd, explicit) : locate(io, hintFiles);
  if (explicit && !existsSync(dir)) {
    throw new UserError('NO_WORKSPACE', `--workspace ${explicit}: no such folder`);
  }
  if (explicit && !statSync(dir).isDirectory()) {
    throw new UserError('NO_WORKSPACE', `--workspace ${explicit}: is a file, not a folder (name the workspace folder)`);
  }
  const { settings, issues } = await loadSettings(dir);
  if (issues.some((i) => i.severity === 'error')) {
    throw new UserError('SETTINGS_INVALID', `${join(dir, 'takedown.yaml')} has errors; nothing was done`, issues);
  }
  const stateDir = join(dir, '.takedown');
  return { dir, settings, stateDir, dbPath: join(stateDir, 'takedown.db') };
}

function locate(io: CliIo, hintFiles: readonly string[]): string {
  const fromCwd = findWorkspace(io.cwd);
  if (fromCwd) return fromCwd;
  for (const file of hintFiles) {
    const found = findWorkspace(dirname(resolve(io.cwd, file)));
    if (found) return found;
  }
  throw new UserError(
    'NO_WORKSPACE',
    `no takedown workspace here (${io.cwd}) or above it: create one with "takedown init DIR", or name one with --workspace DIR`,
  );
}

/**
 * The case files named on the command line (by path, or by case id for a file in the workspace's
 * cases/ folder), or every case file in that folder.
 */
export async function caseFilePaths(io: CliIo, workspace: Workspace, files: readonly string[]): Promise<string[]> {
  if (files.length > 0) {
    const paths: string[] = [];
    let byId: Map<string, string> | undefined;
    for (const name of files) {
      const path = resolve(io.cwd, name);
      if (existsSync(path) || /[/\\]|\.ya?ml$/i.test(name)) {
        paths.push(path);
        continue;
      }
      byId ??= await caseIdsInWorkspace(workspace);
      const found = byId.get(name);
      if (found === undefined) {
        const known = [...byId.keys()].join(', ');
        throw new UserError('NO_SUCH_CASE', `"${name}" is neither a case file nor the id of a case in ${join(workspace.dir, 'cases')} (cases: ${known || 'none'})`);
      }
      paths.push(found);
    }
    return paths;
  }
  const casesDir = join(workspace.dir, 'cases');
  const names = existsSync(casesDir) ? await readdir(casesDir) : [];
  const paths = names.filter((n) => /\.ya?ml$/.test(n)).sort().map((n) => join(casesDir, n));
  if (paths.length === 0) {
    throw new UserError('NO_CASES', `no case files given and none in ${casesDir}`);
  }
  return paths;
}

/** Case id -> file for every case file of the workspace that can be read (ids read without full validation). */
export async function caseIdsInWorkspace(workspace: Workspace): Promise<Map<string, string>> {
  const casesDir = join(workspace.dir, 'cases');
  const names = existsSync(casesDir) ? (await readdir(casesDir)).filter((n) => /\.ya?ml$/.test(n)).sort() : [];
  const map = new Map<string, string>();
  for (const name of names) {
    const path = join(casesDir, name);
    const text = await readFile(path, 'utf8').catch(() => '');
    const id = /^\s*id:\s*["']?([A-Za-z0-9][A-Za-z0-9._-]*)["']?\s*(?:#.*)?$/m.exec(text)?.[1];
    if (id !== undefined && !map.has(id)) map.set(id, path);
  }
  return map;
}

/** Loads and validates the cases; any error stops the command before anything is written. */
export async function loadCases(paths: readonly string[]): Promise<{ cases: Case[]; notes: string[] }> {
  const results = await loadCaseFiles([...paths]);
  assertValid(results);
  const cases = results.map((r) => r.case).filter((c): c is Case => c !== null);
  const duplicate = duplicateCaseIds(cases)[0];
  if (duplicate) throw new UserError('DUPLICATE_CASE_ID', duplicate);
  const notes = results.flatMap((r) => r.issues.filter((i) => i.severity === 'note').map(formatIssue));
  return { cases, notes };
}

/** One message per case id that two files share: the id names the case in the store. */
export function duplicateCaseIds(cases: readonly Case[]): string[] {
  const seen = new Map<string, string>();
  const problems: string[] = [];
  for (const c of cases) {
    const other = seen.get(c.id);
    if (other) problems.push(`case id "${c.id}" is used by both ${other} and ${c.file}; each case needs its own id`);
    else seen.set(c.id, c.file);
  }
  return problems;
}

/** The built-in provider definitions plus the workspace's own providers/ folder, if any. */
export async function workspaceProviders(workspace: Workspace): Promise<Provider[]> {
  const builtin = await loadBuiltinProviders();
  const ownDir = join(workspace.dir, 'providers');
  if (!existsSync(ownDir)) return builtin;
  const own = await loadProviders(ownDir, { known: builtin });
  if (own.issues.some((i) => i.severity === 'error')) {
    throw new UserError('PROVIDERS_INVALID', `${ownDir} has errors; nothing was done`, own.issues);
  }
  const ownIds = new Set(own.providers.map((p) => p.id));
  const ownHosts = own.providers.flatMap((p) => p.hosts);
  // A workspace definition replaces the built-in one with the same id, and every built-in one
  // on the same hosts or below them: the user's own knowledge of a site wins.
  const replaced = (p: Provider): boolean =>
    ownIds.has(p.id) || p.hosts.some((h) => ownHosts.some((o) => hostClaims(o, h)));
  return [...own.providers, ...builtin.filter((p) => !replaced(p))];
}

export interface HttpOverrides {
  timeout?: number;
  allowPrivate?: boolean;
}

export async function workspaceHttp(io: CliIo, settings: Settings, overrides: HttpOverrides): Promise<HttpClient> {
  const check = settings.check;
  const caFile = io.env.NODE_EXTRA_CA_CERTS;
  const ca = caFile && existsSync(caFile) ? [await readFile(caFile, 'utf8')] : [];
  return createHttpClient({
    userAgent: check.userAgent,
    timeoutMs: (overrides.timeout ?? check.timeoutS) * 1000,
    connectTimeoutMs: check.connectTimeoutS * 1000,
    maxBodyBytes: check.maxBodyBytes,
    maxRedirects: check.maxRedirects,
    allowPrivate: overrides.allowPrivate ?? check.allowPrivate,
    resolve: check.resolve,
    env: io.env,
    ca,
  });
}
