// Text folding and word counting shared by the page analyser, the marker tables and the soft-404 probe.

const CURLY_SINGLE = /[\u2018\u2019\u201A\u201B\u2032\u00B4`]/g;
const CURLY_DOUBLE = /[\u201C\u201D\u201E\u201F\u2033\u00AB\u00BB]/g;
// Arabic harakat, Quranic marks and tatweel: pages use them inconsistently, markers are written without.
const ARABIC_MARKS = /[\u0610-\u061A\u064B-\u065F\u0670\u06D6-\u06ED\u0640]/g;
const ELLIPSIS = /\u2026/g;
// A run of white space that starts with any of it but a plain space (the characters of /\s/
// listed, which scans twice as fast as [^\S ]), or a space and more: replacing these with one
// space is replacing /\s+/ runs, without a match for every ordinary space between two words.
const SPACES = /[\t\n\v\f\r\u00a0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000\ufeff]\s*| \s+/g;

/** Collapses every run of whitespace (NBSP included) to one space and trims. */
export function collapseSpace(text: string): string {
  return text.replace(SPACES, ' ').trim();
}

/**
 * The form markers are matched against: straight quotes, no Arabic diacritics, "..." for the
 * ellipsis character, whitespace collapsed. Case is left alone (marker regexes use the `i` flag).
 */
export function normaliseForMatch(text: string): string {
  return collapseSpace(
    text
      .replace(CURLY_SINGLE, "'")
      .replace(CURLY_DOUBLE, '"')
      .replace(ARABIC_MARKS, '')
      .replace(ELLIPSIS, '...'),
  );
}

/** normaliseForMatch plus lower case: for plain substring comparison (provider `text` and `title`). */
export function foldText(text: string): string {
  return normaliseForMatch(text).toLowerCase();
}

// Scripts written without spaces between words: a run of them counts as one word per two characters.
const WORD = /[\p{scx=Han}\p{scx=Hiragana}\p{scx=Katakana}\p{scx=Thai}]+|[\p{L}\p{M}\p{N}]+/gu;
const UNSPACED = /^[\p{scx=Han}\p{scx=Hiragana}\p{scx=Katakana}\p{scx=Thai}]/u;

/** Counting stops here: every rule compares with a few hundred words at most. */
export const WORD_COUNT_CAP = 2000;

// How each ASCII character takes part in a WORD match, read off the patterns themselves: most
// words of most pages are ASCII, and telling them apart without a regular expression match per
// word is what makes counting cheap. Anything else (and any character of an unspaced script,
// should ASCII hold one) is left to the patterns.
const ASCII_NONE = 0;
const ASCII_WORD = 1;
const ASCII_OTHER = 2;
const ASCII_CLASS = Uint8Array.from({ length: 128 }, (_, code) => {
  const char = String.fromCharCode(code);
  if (UNSPACED.test(char)) return ASCII_OTHER;
  return /^[\p{L}\p{M}\p{N}]$/u.test(char) ? ASCII_WORD : ASCII_NONE;
});

/**
 * Number of words, counting unspaced scripts (Japanese, Chinese, Thai) by pairs of characters;
 * at most WORD_COUNT_CAP (a long page's exact length matters to no rule, and counting it all
 * was the costliest part of reading a page). Counts the matches of WORD, as a global match
 * would: runs of ASCII letters and digits directly, everything else through the pattern.
 */
export function countWords(text: string): number {
  let count = 0;
  let i = 0;
  const n = text.length;
  while (i < n && count < WORD_COUNT_CAP) {
    const code = text.charCodeAt(i);
    const kind = code < 128 ? ASCII_CLASS[code] : ASCII_OTHER;
    if (kind === ASCII_NONE) {
      i++;
      continue;
    }
    if (kind === ASCII_WORD) {
      // The pattern's second branch takes the longest run of letters, marks and digits from here:
      // when that run ends at an ASCII character that is none of them, it is this word.
      let j = i + 1;
      while (j < n) {
        const next = text.charCodeAt(j);
        if (next >= 128 || ASCII_CLASS[next] !== ASCII_WORD) break;
        j++;
      }
      if (j === n || ASCII_CLASS[text.charCodeAt(j)] === ASCII_NONE) {
        count++;
        i = j;
        continue;
      }
    }
    WORD.lastIndex = i;
    const match = WORD.exec(text);
    if (match === null) break;
    const word = match[0];
    count += UNSPACED.test(word) ? Math.ceil(word.length / 2) : 1;
    i = WORD.lastIndex;
  }
  WORD.lastIndex = 0;
  return Math.min(count, WORD_COUNT_CAP);
}

const LETTERS = /[\p{L}\p{M}]+/gu;

/** Lower-cased runs of letters only: numbers, ids and punctuation drop out. */
export function letterTokens(text: string): string[] {
  return text.toLowerCase().match(LETTERS) ?? [];
}
