// Where bootstrap files come from: the workspace cache (24 h), else IANA (then cached), else the shipped snapshot.
import { randomBytes } from 'node:crypto';
import { chmod, mkdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Clock } from '../../core/clock.ts';
import type { HttpClient, HttpOutcome } from '../../core/http-types.ts';
import { parseBootstrap } from './bootstrap.ts';
import type { BootstrapKind, BootstrapTable } from './bootstrap.ts';

export const IANA_BOOTSTRAP_BASE = 'https://data.iana.org/rdap/';
export const BOOTSTRAP_MAX_AGE_MS = 24 * 60 * 60 * 1000;
// IANA's dns.json is ~100 kB; a few MB leaves room for growth and stops a runaway answer.
const MAX_BOOTSTRAP_BYTES = 4 * 1024 * 1024;

/**
 * - cache: the workspace copy, younger than the maximum age;
 * - download: fetched from the bootstrap base just now (and cached when there is a cache folder);
 * - stale-cache: the download failed, so an older workspace copy was used;
 * - snapshot: nothing else worked, so the copy shipped with takedown (data/rdap/) was used.
 */
export type BootstrapOrigin = 'cache' | 'download' | 'stale-cache' | 'snapshot';

export interface LoadedBootstrap {
  kind: BootstrapKind;
  origin: BootstrapOrigin;
  table: BootstrapTable;
  /** When the copy in use was downloaded (cache, download, stale-cache). */
  fetchedAt?: string;
  /** Why the better sources were passed over, for people reading a report. */
  problems: string[];
}

export interface BootstrapSourceDeps {
  http: HttpClient;
  clock: Clock;
  /** The folder for cached copies (e.g. `.takedown/cache/rdap/`); without it nothing is cached. */
  cacheDir?: string;
  /** Where `dns.json`, `ipv4.json` and `ipv6.json` are downloaded from; ends with `/`. */
  baseUrl: string;
  snapshotDir: string;
  maxAgeMs: number;
  limit: <T>(task: () => Promise<T>) => Promise<T>;
  signal?: AbortSignal;
}

/** The bootstrap files shipped in the package (data/rdap/ at its root). */
export function defaultSnapshotDir(): string {
  return fileURLToPath(new URL('../../../data/rdap/', import.meta.url));
}

interface CachedCopy {
  table: BootstrapTable;
  fetchedAt: Date;
}

async function readCache(path: string): Promise<CachedCopy | string | undefined> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    // No copy yet; a path through a file is reported once, when writing the cache fails.
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT' || code === 'ENOTDIR') return undefined;
    return `cached ${path} could not be read: ${(error as Error).message}`;
  }
  try {
    const record: unknown = JSON.parse(text);
    const { fetchedAt, bootstrap } = (record ?? {}) as { fetchedAt?: unknown; bootstrap?: unknown };
    const when = typeof fetchedAt === 'string' ? new Date(fetchedAt) : undefined;
    if (when === undefined || Number.isNaN(when.getTime())) return `cached ${path} has no download time`;
    const parsed = parseBootstrap(bootstrap, kindOf(path));
    if (!parsed.ok) return `cached ${path} is not a bootstrap file: ${parsed.problem}`;
    return { table: parsed.table, fetchedAt: when };
  } catch {
    return `cached ${path} is not JSON`;
  }
}

function kindOf(path: string): BootstrapKind {
  return path.endsWith('ipv4.json') ? 'ipv4' : path.endsWith('ipv6.json') ? 'ipv6' : 'dns';
}

/** Writes through a temporary file and a rename, so a reader never sees half a file; 0600 in a 0700 folder. */
async function writeCache(dir: string, kind: BootstrapKind, bootstrap: unknown, fetchedAt: Date): Promise<void> {
  await mkdir(dir, { recursive: true, mode: 0o700 });
  // mkdir's mode passes through the umask and leaves an existing folder alone.
  await chmod(dir, 0o700);
  const path = join(dir, `${kind}.json`);
  const temporary = `${path}.${randomBytes(6).toString('hex')}.tmp`;
  try {
    await writeFile(temporary, `${JSON.stringify({ fetchedAt: fetchedAt.toISOString(), bootstrap })}\n`, { mode: 0o600, flag: 'wx' });
    await chmod(temporary, 0o600);
    await rename(temporary, path);
  } catch (error) {
    await rm(temporary, { force: true });
    throw error;
  }
}

async function download(kind: BootstrapKind, deps: BootstrapSourceDeps): Promise<{ data: unknown; table: BootstrapTable } | string> {
  const url = `${deps.baseUrl}${kind}.json`;
  let outcome: HttpOutcome;
  try {
    outcome = await deps.limit(() =>
      deps.http.get(url, {
        headers: { accept: 'application/json' },
        maxBodyBytes: MAX_BOOTSTRAP_BYTES,
        ...(deps.signal === undefined ? {} : { signal: deps.signal }),
      }),
    );
  } catch (error) {
    return `${url} cannot be requested: ${(error as Error).message}`;
  }
  if (!outcome.ok) return `${url} did not answer: ${outcome.failure.message}`;
  const { response } = outcome;
  if (response.status !== 200) return `${url} answered HTTP ${response.status}`;
  if (response.truncated) return `${url} is larger than ${MAX_BOOTSTRAP_BYTES} bytes`;
  let data: unknown;
  try {
    data = JSON.parse(Buffer.from(response.body).toString('utf8'));
  } catch {
    return `${url} is not JSON`;
  }
  const parsed = parseBootstrap(data, kind);
  return parsed.ok ? { data, table: parsed.table } : `${url} is not a bootstrap file: ${parsed.problem}`;
}

async function readSnapshot(kind: BootstrapKind, dir: string): Promise<BootstrapTable> {
  const path = join(dir, `${kind}.json`);
  // The snapshot ships with the package: if it is missing or broken, the installation is.
  const parsed = parseBootstrap(JSON.parse(await readFile(path, 'utf8')), kind);
  if (!parsed.ok) throw new Error(`the shipped RDAP bootstrap ${path} is broken: ${parsed.problem}`);
  return parsed.table;
}

export async function loadBootstrap(kind: BootstrapKind, deps: BootstrapSourceDeps): Promise<LoadedBootstrap> {
  const problems: string[] = [];
  const now = deps.clock.now();
  const cachePath = deps.cacheDir === undefined ? undefined : join(deps.cacheDir, `${kind}.json`);
  const cached = cachePath === undefined ? undefined : await readCache(cachePath);
  if (typeof cached === 'string') problems.push(cached);
  if (typeof cached === 'object') {
    const age = now.getTime() - cached.fetchedAt.getTime();
    // A download time in the future means a clock moved; the copy's age is then unknown.
    if (age >= 0 && age < deps.maxAgeMs) {
      return { kind, origin: 'cache', table: cached.table, fetchedAt: cached.fetchedAt.toISOString(), problems };
    }
  }

  const fetched = await download(kind, deps);
  if (typeof fetched === 'object') {
    if (deps.cacheDir !== undefined) {
      await writeCache(deps.cacheDir, kind, fetched.data, now).catch((error: unknown) => {
        problems.push(`could not cache ${kind}.json in ${deps.cacheDir}: ${(error as Error).message}`);
      });
    }
    return { kind, origin: 'download', table: fetched.table, fetchedAt: now.toISOString(), problems };
  }
  problems.push(fetched);

  if (typeof cached === 'object') {
    return { kind, origin: 'stale-cache', table: cached.table, fetchedAt: cached.fetchedAt.toISOString(), problems };
  }
  return { kind, origin: 'snapshot', table: await readSnapshot(kind, deps.snapshotDir), problems };
}
