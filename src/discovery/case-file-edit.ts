// Adds accepted candidates to a case file's `urls:` list (pure). As with fingerprints, the
// Document API only says where the list is; the new entries are spliced into the text there, so
// every other byte (comments, alignment, quoting, flow lists) stays as the user wrote it.
import { isDeepStrictEqual } from 'node:util';
import { isMap, isScalar, isSeq, parseDocument, stringify } from 'yaml';
import { urlKey } from '../core/url-key.ts';

export interface UrlToAdd {
  url: string;
  note?: string;
}

interface Ranged {
  range?: [number, number, number] | null;
}

/**
 * The case file's text with the URLs appended to `urls:` (created if missing). URLs already
 * listed (same URL key) are skipped and returned in `present`.
 */
export function addUrlsToText(text: string, entries: readonly UrlToAdd[]): { text: string; added: UrlToAdd[]; present: UrlToAdd[] } {
  const doc = parseDocument(text, { uniqueKeys: false });
  if (doc.errors.length > 0) throw new Error(`cannot edit a case file with YAML errors: ${doc.errors[0]?.message ?? ''}`);
  const root = doc.contents;
  if (!isMap(root) || root.flow === true) throw new Error('the case file is not a block mapping');
  const pair = root.items.find((p) => isScalar(p.key) && p.key.value === 'urls');
  const value = pair?.value;
  const known = new Set(
    (isSeq(value) ? value.items : []).flatMap((item) => {
      const url: unknown = isMap(item) ? item.get('url') : isScalar(item) ? item.value : undefined;
      return typeof url === 'string' ? [keyOf(url)] : [];
    }),
  );
  const added: UrlToAdd[] = [];
  const present: UrlToAdd[] = [];
  for (const entry of entries) {
    const key = keyOf(entry.url);
    if (known.has(key)) present.push(entry);
    else {
      known.add(key);
      added.push(entry);
    }
  }
  if (added.length === 0) return { text, added, present };
  const keyEnd = isScalar(pair?.key) ? (pair.key.range?.[1] ?? 0) : 0;
  const edited = splice(text, pair === undefined ? undefined : { keyEnd, value }, added);
  assertOnlyUrlsChanged(doc.toJS() as Record<string, unknown>, edited, added);
  return { text: edited, added, present };
}

/** Written URLs are compared as the case file compares them: host case and fragment do not matter. */
function keyOf(url: string): string {
  try {
    return urlKey(new URL(url.trim()).href);
  } catch {
    return url.trim();
  }
}

/** The file's line ending (that of its first line): new lines are written with it, so a CRLF file stays CRLF. */
function lineEnding(text: string): '\n' | '\r\n' {
  return /\r?\n/.exec(text)?.[0] === '\r\n' ? '\r\n' : '\n';
}

/** New lines after the line that holds `offset` (or at the end of the text), with the file's line ending. */
function insertAfterLine(source: string, offset: number, lines: string, eol: string): string {
  const withEol = lines.replace(/\n/g, eol);
  const at = source.indexOf('\n', offset);
  return at === -1 ? `${source}${eol}${withEol}${eol}` : `${source.slice(0, at + 1)}${withEol}${eol}${source.slice(at + 1)}`;
}

function splice(text: string, pair: { keyEnd: number; value: unknown } | undefined, added: readonly UrlToAdd[]): string {
  const eol = lineEnding(text);
  if (pair === undefined) {
    const body = text.length === 0 || text.endsWith('\n') ? text : `${text}${eol}`;
    return `${body}urls:${eol}${blockEntries(added, '  ').replace(/\n/g, eol)}`;
  }
  const { keyEnd, value } = pair;
  if (isSeq(value) && value.flow !== true && value.items.length > 0) {
    // A block list: the new entries go after the last one's line, at the same indentation.
    const start = value.range?.[0] ?? 0;
    const indent = ' '.repeat(start - (text.lastIndexOf('\n', start - 1) + 1));
    const last = value.items.at(-1) as Ranged | undefined;
    // A mapping's range runs past its last line's newline: step back onto that line.
    let end = last?.range?.[1] ?? value.range?.[1] ?? start;
    while (end > start && /\s/.test(text[end - 1] ?? '')) end--;
    return insertAfterLine(text, end, blockEntries(added, indent).trimEnd(), eol);
  }
  if (isSeq(value) && value.flow === true && value.items.length > 0) {
    // A flow list keeps its style.
    const last = value.items.at(-1) as Ranged | undefined;
    const at = last?.range?.[1] ?? 0;
    return `${text.slice(0, at)}${added.map((e) => `, ${flowEntry(e)}`).join('')}${text.slice(at)}`;
  }
  if (isSeq(value) || (isScalar(value) && (value.value === null || value.value === '')) || value === null || value === undefined) {
    // `urls: []`, `urls:` or `urls: ~`: the empty value goes, a block list starts on the next
    // line; a comment on the key's line stays.
    let cut = keyEnd + 1;
    let cutEnd = cut;
    const range = (value as Ranged | null | undefined)?.range;
    if (range !== undefined && range !== null && range[1] > range[0]) {
      cut = range[0];
      while (cut > keyEnd + 1 && text[cut - 1] === ' ') cut--;
      cutEnd = range[1];
    }
    const withoutValue = `${text.slice(0, cut)}${text.slice(cutEnd)}`;
    return insertAfterLine(withoutValue, keyEnd, blockEntries(added, '  ').trimEnd(), eol);
  }
  throw new Error('urls: is not a list');
}

/** A scalar as YAML writes it: plain when that reads back as the same text, quoted otherwise. */
function scalar(value: string): string {
  return stringify(value, { lineWidth: 0 }).trimEnd();
}

function blockEntries(entries: readonly UrlToAdd[], indent: string): string {
  return entries
    .map((e) => (e.note === undefined ? `${indent}- ${scalar(e.url)}\n` : `${indent}- url: ${scalar(e.url)}\n${indent}  note: ${scalar(e.note)}\n`))
    .join('');
}

/** Inside [ ] a plain scalar ends at a comma or a bracket: such text is double-quoted (JSON is valid YAML there). */
function flowScalar(value: string): string {
  return /[,[\]{}]/.test(value) ? JSON.stringify(value) : scalar(value);
}

function flowEntry(e: UrlToAdd): string {
  return e.note === undefined ? flowScalar(e.url) : `{ url: ${flowScalar(e.url)}, note: ${flowScalar(e.note)} }`;
}

/** The splice must leave every other value as it was and add exactly the new entries; anything else is a bug. */
function assertOnlyUrlsChanged(before: Record<string, unknown>, after: string, added: readonly UrlToAdd[]): void {
  const parsed = parseDocument(after, { uniqueKeys: false });
  const old = Array.isArray(before['urls']) ? before['urls'] : [];
  const expected = { ...before, urls: [...old, ...added.map((e) => (e.note === undefined ? e.url : { url: e.url, note: e.note }))] };
  if (parsed.errors.length > 0 || !isDeepStrictEqual(parsed.toJS(), expected)) {
    throw new Error('internal error: adding URLs would have changed other parts of the case file; nothing was written');
  }
}
