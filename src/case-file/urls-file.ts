// The plain-text URL list a case file can name under `urls_file:` (pure): one URL a line, blank
// lines and lines starting with "#" skipped. A case of tens of thousands of URLs read this way
// costs a few small objects per URL instead of a YAML tree with positions for every one of them.
import type { Issue } from '../core/errors.ts';
import { urlKey } from '../core/url-key.ts';
import type { CaseTarget } from '../core/case.ts';
import { normalizeUrl } from './normalize-url.ts';

/** The file as load.ts read it, or why it could not; `file` names it as the user would (for messages). */
export type UrlsFileInput = { file: string; text: string } | { file: string; error: string };

/** By urlKey, where each URL was first listed ("urls[3] at line 14", "line 7 of urls.txt") and as what. */
export type SeenUrls = Map<string, { where: string; url: string }>;

export interface UrlsFileResult {
  targets: CaseTarget[];
  /** The line and column of each target, in the same order. */
  places: { line: number; col: number }[];
  issues: Issue[];
}

const BLANK = /^\s*$/;
const LEAD = /^\s*/;

/**
 * Normalises every URL of the file and reports bad ones and repeats, at `file:line:col`, against
 * `seen` (the case file's own urls:, then this file's earlier lines; fragments are ignored when
 * comparing). The URLs come out as targets without positions: those point into the case file.
 */
export function parseUrlsFile(input: { file: string; text: string }, seen: SeenUrls): UrlsFileResult {
  const targets: CaseTarget[] = [];
  const places: { line: number; col: number }[] = [];
  const issues: Issue[] = [];
  const lines = input.text.split(/\r?\n/);
  for (let index = 0; index < lines.length; index++) {
    const line = lines[index] as string;
    if (BLANK.test(line)) continue;
    const col = (LEAD.exec(line)?.[0].length ?? 0) + 1;
    const written = line.trim();
    if (written.startsWith('#')) continue;
    const at = { file: input.file, line: index + 1, col, path: 'urls_file' };
    const result = normalizeUrl(written);
    if ('error' in result) {
      issues.push({ ...at, message: result.error, severity: 'error' });
      continue;
    }
    const key = urlKey(result.url);
    const first = seen.get(key);
    if (first !== undefined) {
      const fragment = first.url === result.url ? '' : '; the part after "#" is ignored when comparing';
      issues.push({ ...at, message: `duplicate URL: the same as ${first.where}${fragment}`, severity: 'error' });
      continue;
    }
    seen.set(key, { where: `line ${index + 1} of ${input.file}`, url: result.url });
    targets.push({ url: result.url, original: written });
    places.push({ line: index + 1, col });
  }
  return { targets, places, issues };
}
