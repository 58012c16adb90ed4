// Why a link is proposed as a candidate (pure): a case keyword in the words that go with it, or a
// picture close to one of the case's fingerprints. Stored as JSON with the candidate.
import { dihedralWords, type DihedralName } from './pdq.ts';
import { findKeywords, type KeywordMatcher } from './keywords.ts';
import type { PageLink } from './page-links.ts';

/** Where the keyword was: the link text, its title, a picture's alt text, its address, or the text around it. */
export const KEYWORD_FIELDS = ['text', 'title', 'alt', 'address', 'context'] as const;
export type KeywordField = (typeof KEYWORD_FIELDS)[number];

export type CandidateReason =
  | { kind: 'keyword'; keyword: string; field: KeywordField; snippet: string }
  | {
      kind: 'picture';
      /** 1-based position in the case file's fingerprints: list. */
      fingerprint: number;
      label?: string;
      /** Bits apart of 256 (0 for the very same file). */
      distance: number;
      /** The same file (same SHA-256). */
      exact: boolean;
      /** Which rotation or mirror of the picture matched. */
      variant: DihedralName;
      /** The picture's own address, when the candidate is the link around it. */
      picture?: string;
    };

export type PictureReason = Extract<CandidateReason, { kind: 'picture' }>;

/** The words of a link, field by field, in the order they are searched. */
function fieldsOf(link: PageLink): [KeywordField, string][] {
  return [
    ['text', link.text],
    ['title', link.title],
    ['alt', link.alt],
    ['address', readableAddress(link.url)],
    ...link.context.map((part): [KeywordField, string] => ['context', part]),
  ];
}

/** One reason per keyword found, from the first field that has it. */
export function keywordReasons(link: PageLink, matchers: readonly KeywordMatcher[]): CandidateReason[] {
  const reasons: CandidateReason[] = [];
  let left = matchers;
  for (const [field, text] of fieldsOf(link)) {
    if (left.length === 0) break;
    const hits = findKeywords(text, left);
    for (const hit of hits) reasons.push({ kind: 'keyword', keyword: hit.keyword, field, snippet: hit.snippet });
    const found = new Set(hits.map((h) => h.keyword));
    left = left.filter((m) => !found.has(m.keyword));
  }
  return reasons;
}

/** Path and query with %-escapes decoded and separators as spaces: /t/zoe-doe-leak?x=1 → "t zoe-doe-leak x=1". */
export function readableAddress(url: string): string {
  const parsed = new URL(url);
  const raw = `${parsed.pathname}${parsed.search}`.replace(/\+/g, ' ');
  let decoded: string;
  try {
    decoded = decodeURIComponent(raw);
  } catch {
    decoded = raw;
  }
  return decoded.replace(/[/?&]+/g, ' ').trim();
}

/** Reasons for the same candidate found twice (two pages, or a keyword and a picture) kept once each. */
export function mergeReasons(a: readonly CandidateReason[], b: readonly CandidateReason[]): CandidateReason[] {
  const out = [...a];
  for (const reason of b) {
    const same = out.some((r) =>
      r.kind === 'keyword' && reason.kind === 'keyword' ? r.keyword === reason.keyword : r.kind === 'picture' && reason.kind === 'picture' && r.fingerprint === reason.fingerprint,
    );
    if (!same) out.push(reason);
  }
  return out;
}

const FIELD_WORDS: Readonly<Record<KeywordField, string>> = {
  text: 'the link text',
  title: 'its title',
  alt: 'the picture’s alt text',
  address: 'its address',
  context: 'the text around it',
};

/** One line for a person: `keyword "Zoë" in the link text: "New pics of ZOË"`. */
export function describeReason(reason: Record<string, unknown>): string {
  const r = reason as CandidateReason;
  if (r.kind === 'keyword') return `keyword "${r.keyword}" in ${FIELD_WORDS[r.field] ?? r.field}: "${r.snippet}"`;
  if (r.kind === 'picture') {
    const which = `fingerprint #${r.fingerprint}${r.label === undefined ? '' : ` (${r.label})`}`;
    const how = r.exact ? 'the very same file as' : `${r.distance} bits from`;
    const turned = r.exact || r.variant === 'original' ? '' : `, ${dihedralWords(r.variant)}`;
    const where = r.picture === undefined ? 'picture' : `picture ${r.picture}`;
    return `${where}: ${how} ${which}${turned}`;
  }
  return JSON.stringify(reason);
}
