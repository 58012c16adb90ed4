// Where on a page marker wording counts: title segments, headings and short main text, with
// guards so that a long live page that merely talks about removals is not read as a notice.
import type { Marker } from './marker.ts';
import type { PageView } from './page.ts';
import { countWords, normaliseForMatch } from './text.ts';

/** Main text shorter than this is a notice page; longer text is content, and wording in it does not count. */
export const SHORT_MAIN_WORDS = 120;
/** Main text this long is a content page: a phrase in its title or headings (a news headline) does not count. */
export const LONG_PAGE_WORDS = 300;
/** A phrase in a title segment or heading may come with this many other words ("Sorry," "by the uploader"). */
export const PHRASE_SLACK_WORDS = 4;
/** Labels ("Page not found") are also looked for inside main text this short. */
export const TINY_MAIN_WORDS = 30;
/** In the main text only its beginning counts: notices come first, comments and related links later. */
export const LEAD_WORDS = 60;

export type Zone = 'title' | 'heading' | 'text';

export interface WordingHit {
  marker: Marker;
  zone: Zone;
  /** The words that matched, as written on the page. */
  match: string;
}

export interface WordingOptions {
  /** Which marker forms to use (default both). */
  forms?: ReadonlySet<Marker['form']>;
  /** Which zones to search (default all). */
  zones?: ReadonlySet<Zone>;
}

// Title separators: "Video removed | Site", "Page not found – Site", "Site » Error".
const TITLE_SEPARATOR = /\s+[|\-–—·•»«:~/]+\s+|\s*[|•·»«]\s*/u;

/** The title as a whole and split at its separators. */
export function titleSegments(title: string): string[] {
  const whole = normaliseForMatch(title);
  if (!whole) return [];
  const parts = whole.split(TITLE_SEPARATOR).map((part) => part.trim()).filter(Boolean);
  return parts.length > 1 ? [whole, ...parts] : [whole];
}

function dominant(segment: string, match: string): boolean {
  return countWords(segment) - countWords(match) <= PHRASE_SLACK_WORDS;
}

function matchSegment(marker: Marker, segment: string, longPage: boolean): string | null {
  if (marker.whole) {
    const whole = marker.whole.exec(segment);
    return whole ? segment : null;
  }
  if (longPage) return null;
  const found = marker.pattern.exec(segment);
  return found && dominant(segment, found[0]) ? found[0] : null;
}

function matchText(marker: Marker, text: string, tiny: boolean): string | null {
  if (marker.form === 'label' && !tiny) return null;
  return marker.pattern.exec(text)?.[0] ?? null;
}

/**
 * The first marker that counts on this page, looking in the title, then headings, then the main
 * text. Rules: a label counts when it is a whole title segment or heading; a phrase counts in a
 * title segment or heading when it is most of it and the page is not a long content page; in the
 * first LEAD_WORDS words of the main text, phrases count when the main text is short and labels
 * when it is tiny.
 */
export function findWording(page: PageView, markers: readonly Marker[], options: WordingOptions = {}): WordingHit | null {
  const forms = options.forms;
  const zones = options.zones;
  const usable = forms ? markers.filter((m) => forms.has(m.form)) : markers;
  if (usable.length === 0) return null;
  const longPage = page.mainWordCount >= LONG_PAGE_WORDS;
  const segments: [Zone, string][] = [];
  if (!zones || zones.has('title')) for (const s of titleSegments(page.title)) segments.push(['title', s]);
  if (!zones || zones.has('heading')) {
    for (const heading of page.headings) for (const s of titleSegments(heading)) segments.push(['heading', s]);
  }
  for (const [zone, segment] of segments) {
    for (const marker of usable) {
      const match = matchSegment(marker, segment, longPage);
      if (match !== null) return { marker, zone, match };
    }
  }
  if ((zones && !zones.has('text')) || page.mainWordCount >= SHORT_MAIN_WORDS) return null;
  const text = normaliseForMatch(page.mainText).split(' ').slice(0, LEAD_WORDS).join(' ');
  const tiny = page.mainWordCount <= TINY_MAIN_WORDS;
  for (const marker of usable) {
    const match = matchText(marker, text, tiny);
    if (match !== null) return { marker, zone: 'text', match };
  }
  return null;
}

// Marker languages, named for the reader of a result.
const LANGUAGE_NAMES: Readonly<Record<string, string>> = {
  en: 'English', es: 'Spanish', pt: 'Portuguese', fr: 'French', de: 'German', ru: 'Russian', ar: 'Arabic',
  it: 'Italian', nl: 'Dutch', pl: 'Polish', tr: 'Turkish', ja: 'Japanese',
};

const ZONE_WORDS: Record<Zone, string> = { title: 'the title says', heading: 'a heading says', text: 'the page says' };

/** The language of a marker in plain English ("Spanish"); unknown codes are shown as they are. */
export function languageName(lang: string): string {
  return LANGUAGE_NAMES[lang] ?? lang;
}

/** Page wording in quotes, cut to `max` characters. */
export function quote(text: string, max = 80): string {
  const shown = text.length > max ? `${text.slice(0, max - 3)}...` : text;
  return `"${shown}"`;
}

/** `the title says "Video removed"`, `the page says "Este vídeo ya no está disponible" (Spanish)`: for result details. */
export function describeHit(hit: WordingHit): string {
  const language = hit.marker.lang === 'en' ? '' : ` (${languageName(hit.marker.lang)})`;
  return `${ZONE_WORDS[hit.zone]} ${quote(hit.match)}${language}`;
}
