// Case keywords found in text (pure): accents and case folded, whole words only, so that "Zoë"
// finds "ZOE" and "zoe", and "jo" does not find "john" or "jo2".

/** Letters that Unicode does not decompose into a base letter plus accents. */
const SPECIAL: Readonly<Record<string, string>> = {
  ß: 'ss', ẞ: 'ss', æ: 'ae', Æ: 'ae', œ: 'oe', Œ: 'oe', ø: 'o', Ø: 'o', ł: 'l', Ł: 'l',
  đ: 'd', Đ: 'd', ð: 'd', Ð: 'd', þ: 'th', Þ: 'th', ı: 'i', ħ: 'h', Ħ: 'h',
};

const MARKS = /\p{M}/gu;
// Scripts written without spaces between words: a keyword in them is found anywhere.
const UNSPACED = /[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}\p{Script=Thai}\p{Script=Lao}\p{Script=Khmer}\p{Script=Myanmar}]/u;
/** Words of a keyword may be separated by up to this many spaces or punctuation marks ("zoe_doe", "Zoe - Doe"). */
const MAX_GAP = 3;

export interface Folded {
  text: string;
  /** For each UTF-16 unit of `text`, the index in the original text of the character it came from. */
  origin: number[];
}

/** Lower case, no accents, compatibility forms unified (ﬁ → fi, full-width → ASCII). */
export function foldChar(ch: string): string {
  const special = SPECIAL[ch];
  if (special !== undefined) return special;
  const base = ch.normalize('NFKD').replace(MARKS, '').toLowerCase();
  // Lower-casing can bring marks back ("İ" → "i̇").
  return base.normalize('NFKD').replace(MARKS, '');
}

export function fold(text: string): Folded {
  let out = '';
  const origin: number[] = [];
  let index = 0;
  for (const ch of text) {
    const folded = foldChar(ch);
    out += folded;
    for (let i = 0; i < folded.length; i++) origin.push(index);
    index += ch.length;
  }
  return { text: out, origin };
}

export interface KeywordMatcher {
  /** The keyword as written in the case file. */
  keyword: string;
  pattern: RegExp;
}

function escape(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/**
 * One matcher per usable keyword. A keyword's words (runs of letters and digits, folded) must
 * appear in that order, separated only by spaces or punctuation, with no letter or digit
 * directly before or after. A keyword with no letter or digit at all is left out.
 */
export function compileKeywords(keywords: readonly string[]): KeywordMatcher[] {
  const matchers: KeywordMatcher[] = [];
  const seen = new Set<string>();
  for (const keyword of keywords) {
    const words = fold(keyword).text.match(/[\p{L}\p{N}]+/gu) ?? [];
    if (words.length === 0) continue;
    const key = words.join(' ');
    if (seen.has(key)) continue;
    seen.add(key);
    const first = words[0] ?? '';
    const last = words.at(-1) ?? '';
    const before = UNSPACED.test(first[0] ?? '') ? '' : '(?<![\\p{L}\\p{N}])';
    const after = UNSPACED.test(last.at(-1) ?? '') ? '' : '(?![\\p{L}\\p{N}])';
    const body = words.map(escape).join(`[^\\p{L}\\p{N}]{1,${MAX_GAP}}`);
    matchers.push({ keyword, pattern: new RegExp(`${before}${body}${after}`, 'u') });
  }
  return matchers;
}

export interface KeywordHit {
  keyword: string;
  /** The words around the match in the original text, whitespace collapsed, with "…" where cut. */
  snippet: string;
}

const SNIPPET_SIDE = 60;

/** The first matcher found in `text`, with a snippet of the original text around it. */
export function findKeyword(text: string, matchers: readonly KeywordMatcher[]): KeywordHit | undefined {
  return findKeywords(text, matchers, 1)[0];
}

/** Every matcher found in `text` (at most `limit`), each with a snippet around its first match. */
export function findKeywords(text: string, matchers: readonly KeywordMatcher[], limit = Number.POSITIVE_INFINITY): KeywordHit[] {
  if (matchers.length === 0 || text.trim() === '') return [];
  const folded = fold(text);
  const hits: KeywordHit[] = [];
  for (const matcher of matchers) {
    if (hits.length >= limit) break;
    const m = matcher.pattern.exec(folded.text);
    if (m === null) continue;
    const start = folded.origin[m.index] ?? 0;
    const lastOrigin = folded.origin[m.index + m[0].length - 1] ?? start;
    // The last original character may be two UTF-16 units (outside the Basic Multilingual Plane).
    const end = lastOrigin + ((text.codePointAt(lastOrigin) ?? 0) > 0xffff ? 2 : 1);
    hits.push({ keyword: matcher.keyword, snippet: snippet(text, start, end) });
  }
  return hits;
}

/** The match with up to SNIPPET_SIDE characters each side, cut at a word boundary. */
export function snippet(text: string, start: number, end: number): string {
  let from = Math.max(0, start - SNIPPET_SIDE);
  let to = Math.min(text.length, end + SNIPPET_SIDE);
  if (from > 0) {
    const space = text.indexOf(' ', from);
    if (space !== -1 && space < start) from = space + 1;
  }
  if (to < text.length) {
    const space = text.lastIndexOf(' ', to);
    if (space >= end) to = space;
  }
  const body = text.slice(from, to).replace(/\s+/g, ' ').trim();
  return `${from > 0 ? '…' : ''}${body}${to < text.length ? '…' : ''}`;
}
