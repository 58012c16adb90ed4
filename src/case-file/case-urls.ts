// URL rules across a case file's lists: each URL normalised, duplicates reported, allow-listed URLs excluded.
import type { Issue } from '../core/errors.ts';
import { urlKey } from '../core/url-key.ts';
import { normalizeUrl } from './normalize-url.ts';
import { formatPath, issueAt, positionOf } from './yaml-source.ts';
import type { Path, YamlSource } from './yaml-source.ts';

export interface UrlEntry {
  url: string;
  original: string;
  note?: string;
  path: Path;
  line?: number;
  col?: number;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** The entries whose shape is right; shape errors are the schema's to report. */
function writtenEntries(raw: unknown, listPath: Path): { text: string; note?: string; path: Path }[] {
  if (!Array.isArray(raw)) return [];
  const out: { text: string; note?: string; path: Path }[] = [];
  raw.forEach((item: unknown, index) => {
    if (typeof item === 'string') out.push({ text: item, path: [...listPath, index] });
    else if (isRecord(item) && typeof item['url'] === 'string') {
      const note = typeof item['note'] === 'string' ? item['note'] : undefined;
      out.push({ text: item['url'], ...(note === undefined ? {} : { note }), path: [...listPath, index, 'url'] });
    }
  });
  return out;
}

/** Normalises every URL of a list and reports bad ones and repeats (fragments do not make a URL different). */
export function checkUrlList(source: YamlSource, raw: unknown, listPath: Path): { entries: UrlEntry[]; issues: Issue[] } {
  const entries: UrlEntry[] = [];
  const issues: Issue[] = [];
  const seen = new Map<string, UrlEntry>();
  for (const written of writtenEntries(raw, listPath)) {
    const result = normalizeUrl(written.text);
    if ('error' in result) {
      issues.push(issueAt(source, written.path, result.error));
      continue;
    }
    const entry: UrlEntry = {
      url: result.url,
      original: written.text,
      ...(written.note === undefined ? {} : { note: written.note }),
      path: written.path,
      ...positionOf(source, written.path),
    };
    const key = urlKey(entry.url);
    const first = seen.get(key);
    if (first !== undefined) {
      const where = first.line === undefined ? '' : ` at line ${first.line}`;
      const fragment = first.url === entry.url ? '' : '; the part after "#" is ignored when comparing';
      const firstItem = formatPath(first.path.slice(0, listPath.length + 1));
      issues.push(issueAt(source, written.path, `duplicate URL: the same as ${firstItem}${where}${fragment}`));
      continue;
    }
    seen.set(key, entry);
    entries.push(entry);
  }
  return { entries, issues };
}

function isBareOrigin(url: URL): boolean {
  return url.pathname === '/' && url.search === '' && url.hash === '';
}

/**
 * The allow-list entry that covers `url`, if any. A bare origin covers its whole host (either scheme);
 * a longer entry covers URLs it is a prefix of, cut at a path boundary so that `/janedoe` does not
 * also cover `/janedoe-leaks`.
 */
export function allowedBy(url: string, allow: readonly string[]): string | undefined {
  const target = new URL(url);
  const key = urlKey(url);
  return allow.find((entry) => {
    const allowed = new URL(entry);
    if (isBareOrigin(allowed)) return allowed.host === target.host;
    const prefix = urlKey(entry);
    if (!key.startsWith(prefix)) return false;
    const next = key.charAt(prefix.length);
    return next === '' || prefix.endsWith('/') || next === '/' || next === '?';
  });
}
