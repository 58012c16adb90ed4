// Turns a response body into what the classifier reads: decoded text, title, headings, main text, data blocks.
import { walkHtml, MAX_TEXT_CHARS } from './page-walk.ts';
import type { PageForm } from './page-walk.ts';
import { collapseSpace, countWords } from './text.ts';

export type { PageForm } from './page-walk.ts';

export interface PageView {
  /** Media type without parameters, lower-cased (`text/html`), or null when the server sent none. */
  mediaType: string | null;
  /** The character set the body was decoded with (a WHATWG encoding name). */
  charset: string;
  isHtml: boolean;
  isJson: boolean;
  /** image/*, video/* or audio/*: the body is not decoded. */
  isMedia: boolean;
  /** The decoded body (any type but media), capped; provider `html` patterns run over it. */
  html: string;
  title: string;
  /** Visible h1-h3 texts outside navigation, asides and the site header/footer. */
  headings: string[];
  /** Visible text of <main>/[role=main], else the first <article>, else the body without nav/aside/header/footer. */
  mainText: string;
  mainWordCount: number;
  /** All visible text, whitespace collapsed, capped at 200,000 characters. */
  visibleText: string;
  wordCount: number;
  /** Parsed JSON: the body itself when it is JSON, and each <script type="application/json|ld+json">. */
  jsonBlocks: unknown[];
  /** A password input that is not hidden. */
  hasPasswordField: boolean;
  forms: PageForm[];
  /** The target of a <meta http-equiv="refresh"> with a delay of 30 s or less, as written. */
  metaRefresh: string | null;
  canonical: string | null;
  /** src of the images, videos and audio inside the main content (for the soft-404 comparison). */
  mainMedia: string[];
  /** A client-side app shell: an empty mount point (#root, #app, #__next...) and almost no text. */
  appShell: boolean;
}

/** Bodies beyond this are cut before decoding: the HTTP layer caps them lower anyway. */
export const MAX_DECODE_BYTES = 3 * 1024 * 1024;
const SNIFF_BYTES = 2048;
const APP_SHELL_WORDS = 150;

function mediaTypeOf(contentType: string | null): string | null {
  const type = contentType?.split(';')[0]?.trim().toLowerCase();
  return type ? type : null;
}

function charsetParam(contentType: string | null): string | null {
  const match = /;\s*charset\s*=\s*["']?([^"';\s]+)/i.exec(contentType ?? '');
  return match?.[1] ?? null;
}

function bomCharset(bytes: Uint8Array): string | null {
  if (bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) return 'utf-8';
  if (bytes[0] === 0xff && bytes[1] === 0xfe) return 'utf-16le';
  if (bytes[0] === 0xfe && bytes[1] === 0xff) return 'utf-16be';
  return null;
}

function metaCharset(bytes: Uint8Array): string | null {
  const head = new TextDecoder('latin1').decode(bytes.subarray(0, SNIFF_BYTES));
  const match = /<meta[^>]+charset\s*=\s*["']?\s*([\w.:-]+)/i.exec(head);
  return match?.[1] ?? null;
}

function makeDecoder(label: string | null): InstanceType<typeof TextDecoder> | null {
  if (!label) return null;
  try {
    return new TextDecoder(label.trim().toLowerCase());
  } catch {
    return null;
  }
}

// BOM first (it is what browsers obey), then the header, then <meta charset>, then UTF-8.
function decode(bytes: Uint8Array, contentType: string | null, sniffHtml: boolean): { text: string; charset: string } {
  const decoder = makeDecoder(bomCharset(bytes)) ?? makeDecoder(charsetParam(contentType)) ??
    (sniffHtml ? makeDecoder(metaCharset(bytes)) : null) ?? new TextDecoder('utf-8');
  // TextDecoder never throws without `fatal`: invalid bytes become U+FFFD.
  return { text: decoder.decode(bytes), charset: decoder.encoding };
}

function looksLikeHtml(bytes: Uint8Array): boolean {
  const head = new TextDecoder('latin1').decode(bytes.subarray(0, 1024)).trimStart().slice(0, 200).toLowerCase();
  return /^(?:\ufeff|ï»¿)?\s*<(?:!doctype html|html|head|body|title|meta|!--)/.test(head);
}

function looksLikeJson(text: string): boolean {
  const first = text.trimStart()[0];
  return first === '{' || first === '[';
}

function parseJson(text: string): { ok: true; value: unknown } | { ok: false } {
  try {
    return { ok: true, value: JSON.parse(text) as unknown };
  } catch {
    return { ok: false };
  }
}

function emptyView(mediaType: string | null, charset: string): PageView {
  return {
    mediaType, charset, isHtml: false, isJson: false, isMedia: false, html: '', title: '', headings: [],
    mainText: '', mainWordCount: 0, visibleText: '', wordCount: 0, jsonBlocks: [], hasPasswordField: false,
    forms: [], metaRefresh: null, canonical: null, mainMedia: [], appShell: false,
  };
}

/**
 * Reads a body like a browser would show it. Never throws: malformed HTML, binary garbage and
 * unknown charsets all give a (possibly empty) view. The view is shared: callers must not change it.
 *
 * Nothing is cached here: a caller that looks at the same body twice keeps the view itself (the
 * page worker does, for the second look after the soft-404 probe). A WeakMap from body to view
 * did that before, but V8 keeps a WeakMap's values through its young-generation collections, so
 * every page read (the decoded HTML and its texts, ~150 KB) went to the old generation: 450 MB
 * promoted per 3,000 pages against 6 MB without it, and a full collection every few dozen pages.
 */
export function analysePage(body: Uint8Array, contentType: string | null): PageView {
  const mediaType = mediaTypeOf(contentType);
  if (mediaType && /^(?:image|video|audio)\//.test(mediaType)) {
    return { ...emptyView(mediaType, 'binary'), isMedia: true };
  }
  const bytes = body.byteLength > MAX_DECODE_BYTES ? body.subarray(0, MAX_DECODE_BYTES) : body;
  const declaredHtml = mediaType === 'text/html' || mediaType === 'application/xhtml+xml';
  const declaredJson = mediaType !== null && (mediaType === 'application/json' || mediaType === 'text/json' || mediaType.endsWith('+json'));
  // Servers often send no type, text/plain or octet-stream: sniff those like browsers do.
  const sniffable = mediaType === null || mediaType === 'text/plain' || mediaType === 'application/octet-stream';
  const isHtml = declaredHtml || (sniffable && looksLikeHtml(bytes));
  const { text, charset } = decode(bytes, contentType, isHtml);
  const view = emptyView(mediaType, charset);
  view.html = text;

  if (declaredJson || (sniffable && !isHtml && looksLikeJson(text))) {
    const parsed = parseJson(text.replace(/^\ufeff/, ''));
    if (parsed.ok) view.jsonBlocks.push(parsed.value);
    view.isJson = declaredJson || parsed.ok;
    if (view.isJson) return view;
  }

  if (!isHtml) {
    // Plain text is shown as it is; other types (PDF, archives, XML, scripts) have no visible text to judge.
    if (mediaType === null || mediaType === 'text/plain') {
      view.visibleText = collapseSpace(text.slice(0, MAX_TEXT_CHARS));
      view.mainText = view.visibleText;
      view.wordCount = countWords(view.visibleText);
      view.mainWordCount = view.wordCount;
    }
    return view;
  }

  view.isHtml = true;
  const walked = walkHtml(text);
  view.title = walked.title;
  view.headings = walked.headings;
  view.visibleText = walked.visibleText;
  view.mainText = walked.mainText;
  view.wordCount = countWords(walked.visibleText);
  view.mainWordCount = countWords(walked.mainText);
  view.hasPasswordField = walked.hasPasswordField;
  view.forms = walked.forms;
  view.metaRefresh = walked.metaRefresh;
  view.canonical = walked.canonical;
  view.mainMedia = walked.mainMedia;
  view.appShell = walked.emptyMount && view.wordCount < APP_SHELL_WORDS;
  for (const block of walked.jsonTexts) {
    const parsed = parseJson(block);
    if (parsed.ok) view.jsonBlocks.push(parsed.value);
  }
  return view;
}
