// A case's fingerprints (pure): the entries kept under `fingerprints:` in the case file, adding
// new ones to the file's text without disturbing its comments and layout, and finding a
// picture among them.
import { isDeepStrictEqual } from 'node:util';
import { isMap, isScalar, isSeq, parseDocument, stringify } from 'yaml';
import { bestDihedralDistance, isPdqHash, PDQ_MATCH_THRESHOLD, PDQ_MIN_QUALITY } from './pdq-distance.ts';
import type { DihedralName } from './pdq.ts';

/** One entry of `fingerprints:`. No file name: a path can reveal who is pictured (use `label`). */
export interface Fingerprint {
  sha256: string;
  pdq: string;
  quality: number;
  label?: string;
}

export const SHA256_HEX = /^[0-9a-f]{64}$/i;

/**
 * The case file's text with new fingerprints added to `fingerprints:` (created if missing);
 * entries whose SHA-256 is already listed are skipped. Only the list's own lines change: the
 * Document API finds where the list is, and the new entries are spliced into the text there, so
 * that every other byte (comments, alignment, flow lists) stays as the user wrote it.
 */
export function addFingerprintsToText(
  text: string,
  entries: readonly Fingerprint[],
): { text: string; added: Fingerprint[]; present: Fingerprint[] } {
  const doc = parseDocument(text, { uniqueKeys: false });
  if (doc.errors.length > 0) throw new Error(`cannot edit a case file with YAML errors: ${doc.errors[0]?.message ?? ''}`);
  const root = doc.contents;
  if (!isMap(root) || root.flow === true) throw new Error('the case file is not a block mapping');
  const pair = root.items.find((p) => isScalar(p.key) && p.key.value === 'fingerprints');
  const value = pair?.value;
  const existing = isSeq(value) ? value.items : [];
  const known = new Set(
    existing.flatMap((item) => {
      const sha: unknown = isMap(item) ? item.get('sha256') : undefined;
      return typeof sha === 'string' ? [sha.toLowerCase()] : [];
    }),
  );
  const added: Fingerprint[] = [];
  const present: Fingerprint[] = [];
  for (const entry of entries) {
    const sha = entry.sha256.toLowerCase();
    if (known.has(sha)) present.push(entry);
    else {
      known.add(sha);
      added.push(entry);
    }
  }
  if (added.length === 0) return { text, added, present };

  const keyEnd = isScalar(pair?.key) ? (pair.key.range?.[1] ?? 0) : 0;
  const edited = splice(text, pair === undefined ? undefined : { keyEnd, value }, added);
  assertOnlyFingerprintsChanged(doc.toJS() as Record<string, unknown>, edited, added);
  return { text: edited, added, present };
}

/** The file's line ending (that of its first line): new lines are written with it, so a CRLF file stays CRLF. */
function lineEnding(text: string): '\n' | '\r\n' {
  return /\r?\n/.exec(text)?.[0] === '\r\n' ? '\r\n' : '\n';
}

function splice(text: string, pair: { keyEnd: number; value: unknown } | undefined, added: readonly Fingerprint[]): string {
  const eol = lineEnding(text);
  const withEol = (lines: string): string => lines.replace(/\n/g, eol);
  // New lines go after the line that holds `offset`, or at the end of the text.
  const insertAfterLine = (source: string, offset: number, lines: string): string => {
    const at = source.indexOf('\n', offset);
    return at === -1 ? `${source}${eol}${withEol(lines)}${eol}` : `${source.slice(0, at + 1)}${withEol(lines)}${eol}${source.slice(at + 1)}`;
  };
  if (pair === undefined) {
    const body = text.length === 0 || text.endsWith('\n') ? text : `${text}${eol}`;
    return `${body}fingerprints:${eol}${withEol(blockEntries(added, '  '))}`;
  }
  const { keyEnd, value } = pair;
  if (isSeq(value) && value.flow !== true && value.items.length > 0) {
    // A block list: new entries go after the last one's line, at the same indentation.
    const start = value.range?.[0] ?? 0;
    const indent = ' '.repeat(start - (text.lastIndexOf('\n', start - 1) + 1));
    const last = value.items.at(-1) as { range?: [number, number, number] } | undefined;
    // A mapping's range runs past its last line's newline: step back onto that line.
    let end = last?.range?.[1] ?? value.range?.[1] ?? start;
    while (end > start && /\s/.test(text[end - 1] ?? '')) end--;
    return insertAfterLine(text, end, blockEntries(added, indent).trimEnd());
  }
  if (isSeq(value) && value.flow === true && value.items.length > 0) {
    // A hand-written flow list keeps its style: the new entries join it as flow mappings.
    const last = value.items.at(-1) as { range?: [number, number, number] } | undefined;
    const at = last?.range?.[1] ?? 0;
    return `${text.slice(0, at)}${added.map((e) => `, ${flowEntry(e)}`).join('')}${text.slice(at)}`;
  }
  if (isSeq(value) || (isScalar(value) && (value.value === null || value.value === '')) || value === null || value === undefined) {
    // `fingerprints: []` (as init writes it), `fingerprints:` or `fingerprints: ~`: the empty
    // value goes, a block list starts on the next line; a comment on the key's line stays.
    let cut = keyEnd + 1;
    let cutEnd = cut;
    const range = (value as { range?: [number, number, number] } | null | undefined)?.range;
    if (range !== undefined && range[1] > range[0]) {
      cut = range[0];
      while (cut > keyEnd + 1 && text[cut - 1] === ' ') cut--;
      cutEnd = range[1];
    }
    const withoutValue = `${text.slice(0, cut)}${text.slice(cutEnd)}`;
    return insertAfterLine(withoutValue, keyEnd, blockEntries(added, '  ').trimEnd());
  }
  throw new Error('fingerprints: is not a list');
}

/** A scalar as YAML writes it: plain when that reads back as the same text, quoted otherwise (a hex of digits only would read as a number). */
function scalar(value: string | number): string {
  return stringify(value, { lineWidth: 0 }).trimEnd();
}

function fields(entry: Fingerprint): [string, string][] {
  const list: [string, string][] = [
    ['sha256', scalar(entry.sha256.toLowerCase())],
    ['pdq', scalar(entry.pdq.toLowerCase())],
    ['quality', scalar(entry.quality)],
  ];
  if (entry.label !== undefined) list.push(['label', scalar(entry.label)]);
  return list;
}

function blockEntries(entries: readonly Fingerprint[], indent: string): string {
  return entries
    .map((entry) =>
      fields(entry)
        .map(([key, value], i) => `${indent}${i === 0 ? '- ' : '  '}${key}: ${value}\n`)
        .join(''),
    )
    .join('');
}

function flowEntry(entry: Fingerprint): string {
  return `{ ${fields(entry)
    .map(([key, value]) => `${key}: ${value}`)
    .join(', ')} }`;
}

/** The splice must leave every other value as it was and add exactly the new entries; anything else is a bug. */
function assertOnlyFingerprintsChanged(before: Record<string, unknown>, after: string, added: readonly Fingerprint[]): void {
  const parsed = parseDocument(after, { uniqueKeys: false });
  const old = Array.isArray(before['fingerprints']) ? before['fingerprints'] : [];
  const expected = { ...before, fingerprints: [...old, ...added.map(orderedEntry)] };
  if (parsed.errors.length > 0 || !isDeepStrictEqual(parsed.toJS(), expected)) {
    throw new Error('internal error: adding fingerprints would have changed other parts of the case file; nothing was written');
  }
}

function orderedEntry(entry: Fingerprint): Record<string, string | number> {
  return {
    sha256: entry.sha256.toLowerCase(),
    pdq: entry.pdq.toLowerCase(),
    quality: entry.quality,
    ...(entry.label === undefined ? {} : { label: entry.label }),
  };
}

export interface KnownMatch {
  fingerprint: Fingerprint;
  /** The very same file (same SHA-256), or a picture within the PDQ threshold. */
  exact: boolean;
  distance: number;
  variant: DihedralName;
}

/**
 * The case fingerprint closest to a picture, if any is the same file or within the threshold. A
 * fingerprint of quality under PDQ_MIN_QUALITY (a picture with too little detail) only finds the
 * very same file: its PDQ hash would match too many other plain pictures.
 */
export function findKnown(
  picture: { sha256: string; dihedral: Readonly<Record<DihedralName, string>> },
  fingerprints: readonly unknown[],
  threshold = PDQ_MATCH_THRESHOLD,
): KnownMatch | undefined {
  let best: KnownMatch | undefined;
  for (const item of fingerprints) {
    if (!isFingerprint(item)) continue;
    if (item.sha256.toLowerCase() === picture.sha256.toLowerCase()) return { fingerprint: item, exact: true, distance: 0, variant: 'original' };
    if (item.quality < PDQ_MIN_QUALITY) continue;
    const { distance, variant } = bestDihedralDistance(picture.dihedral, item.pdq);
    if (distance <= threshold && (best === undefined || distance < best.distance)) best = { fingerprint: item, exact: false, distance, variant };
  }
  return best;
}

export function isFingerprint(value: unknown): value is Fingerprint {
  if (typeof value !== 'object' || value === null) return false;
  const v = value as Record<string, unknown>;
  return typeof v['sha256'] === 'string' && SHA256_HEX.test(v['sha256']) && isPdqHash(v['pdq']) && typeof v['quality'] === 'number';
}
