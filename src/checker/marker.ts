// The shape of a generic wording marker and the helpers that compile the marker tables.

/**
 * `phrase`: a sentence a notice says ("this video has been removed"); it may sit inside a longer
 * text. `label`: a bare caption ("Video removed", "404"); it only counts when it is the whole
 * title segment or heading, give or take "Oops!", "Error" and punctuation, because the same
 * words inside a longer sentence are usually about something else.
 */
export type MarkerForm = 'phrase' | 'label';

export interface Marker {
  /** Stable id, e.g. `en.this-removed`: named in tests; result details quote the matched words instead. */
  id: string;
  /** BCP 47 language code of the wording. */
  lang: string;
  form: MarkerForm;
  /** Finds the wording anywhere (word-bounded for spaced scripts). */
  pattern: RegExp;
  /** For labels: matches only when the wording is the whole text. */
  whole: RegExp | null;
}

const BEFORE = String.raw`(?<![\p{L}\p{N}])`;
const AFTER = String.raw`(?![\p{L}\p{N}])`;
export const SEP = String.raw`[\s\p{P}\p{S}]`;

// Words a caption may add around a label: "Oops! 404 - Page not found", "Error: Video unavailable".
const FILLERS = [
  'oops', 'whoops', 'uh[- ]oh', 'sorry', "we're sorry", 'error', '404', '410', 'http', 'lo sentimos', 'vaya', 'ups',
  'desculpe', 'opa', 'erro', 'oups', 'erreur', 'd[ée]sol[ée]e?', 'hoppla', 'fehler', 'leider', 'entschuldigung',
  'ошибка', 'упс', 'ой', 'извините', 'к сожалению', 'خطأ', 'عذرا', 'عفوا', 'للأسف', 'نأسف', 'spiacenti',
  'errore', 'ci dispiace', 'oeps', 'fout', 'helaas', 'przepraszamy', 'niestety', 'b[łl][ąa]d', 'hata',
  '[üu]zg[üu]n[üu]z', 'maalesef', 'エラー', '申し訳ありません', '申し訳ございません',
].join('|');

function compile(source: string): RegExp {
  return new RegExp(source, 'iu');
}

/** A phrase marker. `bounded: false` for scripts without spaces (Japanese) or with attached prefixes (Arabic). */
export function phrase(id: string, lang: string, source: string, bounded = true): Marker {
  const pattern = compile(bounded ? `${BEFORE}(?:${source})${AFTER}` : `(?:${source})`);
  return { id, lang, form: 'phrase', pattern, whole: null };
}

/** A label marker: see MarkerForm. */
export function label(id: string, lang: string, source: string, bounded = true): Marker {
  const pattern = compile(bounded ? `${BEFORE}(?:${source})${AFTER}` : `(?:${source})`);
  const filler = `(?:(?:${FILLERS})(?:${SEP}+|$))`;
  const whole = compile(`^${SEP}*${filler}*(?:${source})${SEP}*${filler}*${SEP}*$`);
  return { id, lang, form: 'label', pattern, whole };
}
