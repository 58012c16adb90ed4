// One streaming pass over a page: collects what a visitor would see, plus the page's data blocks.
//
// No DOM is built. The events (html-events.ts) are those htmlparser2's DOM builder (domhandler,
// under cheerio) would receive, and a stack of open elements mirrors that tree: every close pops
// one entry, text between two other events is one text node. The rules are those of the tree walk
// this replaced (test/checker/dom-walk.ts), which a test runs next to this one over every page fixture.
import { parseHtml, type HtmlHandler } from './html-events.ts';
import { collapseSpace as collapse } from './text.ts';

export interface PageForm {
  action: string | null;
  method: string;
  /** A visible password input sits in this form. */
  hasPassword: boolean;
  /** Visible fields a person types into (text, email, password, textarea, select). */
  inputs: number;
}

export interface WalkResult {
  title: string;
  headings: string[];
  visibleText: string;
  mainText: string;
  jsonTexts: string[];
  hasPasswordField: boolean;
  forms: PageForm[];
  metaRefresh: string | null;
  canonical: string | null;
  mainMedia: string[];
  emptyMount: boolean;
}

export const MAX_TEXT_CHARS = 200_000;
const MAX_HEADINGS = 40;
const MAX_HEADING_CHARS = 300;
const MAX_TITLE_CHARS = 1_000;
const MAX_JSON_BLOCKS = 20;
const MAX_JSON_CHARS = 2_000_000;
const MAX_MEDIA = 60;
const MAX_FORMS = 20;

// Never rendered as text. `svg` also keeps an SVG <title> from being taken for the page title.
const OPAQUE = new Set(['script', 'style', 'noscript', 'template', 'svg', 'math', 'iframe', 'object', 'embed', 'canvas']);
const NO_TEXT = new Set(['meta', 'link', 'base']);
const INLINE = new Set([
  'a', 'abbr', 'b', 'bdi', 'bdo', 'big', 'cite', 'code', 'data', 'del', 'dfn', 'em', 'font', 'i', 'ins',
  'kbd', 'label', 'mark', 'nobr', 'q', 's', 'samp', 'small', 'span', 'strike', 'strong', 'sub', 'sup',
  'time', 'tt', 'u', 'var',
]);
const CHROME_ROLES = new Set(['navigation', 'banner', 'contentinfo', 'complementary', 'search']);
const HEADINGS = new Set(['h1', 'h2', 'h3']);
const MEDIA = new Set(['img', 'video', 'audio', 'source']);
const TYPED_INPUTS = new Set(['hidden', 'submit', 'button', 'reset', 'image', 'checkbox', 'radio']);
// Mount points of client-side apps: empty in the served HTML, filled by scripts.
const MOUNT_IDS = new Set(['root', 'app', '__next', '__nuxt', '___gatsby', 'react-root', 'app-root', 'svelte']);
const HIDDEN_STYLE = /(?:^|;)\s*(?:display\s*:\s*none|visibility\s*:\s*hidden)/i;
const NOT_BLANK = /\S/;

const F_HIDDEN = 1;
const F_CHROME = 2;
const F_MAIN = 4;
const F_ARTICLE = 8;
const F_HEADING = 16;
const F_FORM = 32;
const F_BLOCK = 64;
const F_CONTENT = 128;
/** An element whose subtree is not read as page text (OPAQUE, <title>, meta/link/base). */
const F_SKIP = 256;

// Whether an element with a mount-point id has, so far, only comments and blank text as children.
const MOUNT_NONE = 0;
const MOUNT_EMPTY = 1;
const MOUNT_FILLED = 2;

// What the text inside a skipped subtree is collected for.
const COLLECT_NONE = 0;
const COLLECT_TITLE = 1;
const COLLECT_JSON = 2;

function isHidden(name: string, attribs: Record<string, string>): boolean {
  if (attribs['hidden'] !== undefined) return true;
  if (attribs['aria-hidden']?.trim().toLowerCase() === 'true') return true;
  if (name === 'dialog' && attribs['open'] === undefined) return true;
  const style = attribs['style'];
  return style !== undefined && HIDDEN_STYLE.test(style);
}

function parseRefresh(content: string): string | null {
  const match = /^\s*(\d+(?:\.\d*)?)?\s*[;,]?\s*(?:url\s*=\s*)?(['"]?)([^'"]*)\2\s*$/i.exec(content);
  if (!match) return null;
  const delay = Number(match[1] ?? '0');
  const target = (match[3] ?? '').trim();
  // A long delay is a periodic reload, not a redirect.
  if (!target || delay > 30) return null;
  return target;
}

// The characters /\s/ matches, so that "ends in a space" needs no regular expression per push.
function isSpace(code: number): boolean {
  if (code <= 0x20) return code === 0x20 || (code >= 0x09 && code <= 0x0d);
  return code === 0xa0 || code === 0x1680 || (code >= 0x2000 && code <= 0x200a) || code === 0x2028 ||
    code === 0x2029 || code === 0x202f || code === 0x205f || code === 0x3000 || code === 0xfeff;
}

/** Parses `html` and collects the visible text and page data in one streaming pass (no tree, no recursion). */
export function walkHtml(html: string): WalkResult {
  // The visible text, and the same without site chrome, as pieces were added: collapsed at the end.
  let body = '';
  let core = '';
  // Whether the last piece added ends in white space (true when there is none): deeply nested
  // markup would otherwise fill the text cap with separators.
  let bodyEndsInSpace = true;
  let coreEndsInSpace = true;
  let hidden = 0;
  let chrome = 0;
  let content = 0;
  let formDepth = 0;
  let mainRange: [number, number] | null = null;
  let articleRange: [number, number] | null = null;
  let mainOpen = false;
  let articleOpen = false;
  const result: WalkResult = {
    title: '', headings: [], visibleText: '', mainText: '', jsonTexts: [], hasPasswordField: false,
    forms: [], metaRefresh: null, canonical: null, mainMedia: [], emptyMount: false,
  };
  let titleSeen = false;
  const media: { src: string; main: boolean; article: boolean }[] = [];

  // The open elements, innermost last; index 0 is the document.
  const flagStack: number[] = [0];
  const headingStarts: number[] = [0];
  const mounts: number[] = [MOUNT_NONE];
  // Inside a skipped subtree: the depth of its top element, what its text is collected for, and the text.
  let skipDepth = 0;
  let collecting = COLLECT_NONE;
  let collected = '';
  let collectLimit = 0;
  // Text since the last other event: one text node of the tree.
  let pending = '';

  // `text` is never empty.
  function push(text: string): void {
    if (hidden > 0) return;
    if (body.length < MAX_TEXT_CHARS && !(text === ' ' && bodyEndsInSpace)) {
      const kept = text.length <= MAX_TEXT_CHARS - body.length ? text : text.slice(0, MAX_TEXT_CHARS - body.length);
      body += kept;
      bodyEndsInSpace = isSpace(kept.charCodeAt(kept.length - 1));
    }
    if (chrome === 0 && core.length < MAX_TEXT_CHARS && !(text === ' ' && coreEndsInSpace)) {
      const kept = text.length <= MAX_TEXT_CHARS - core.length ? text : text.slice(0, MAX_TEXT_CHARS - core.length);
      core += kept;
      coreEndsInSpace = isSpace(kept.charCodeAt(kept.length - 1));
    }
  }

  function flush(): void {
    if (pending === '') return;
    push(pending);
    pending = '';
  }

  // A child other than a comment or blank text: the element it sits in is no empty mount point.
  function filled(): void {
    const top = mounts.length - 1;
    if (mounts[top] === MOUNT_EMPTY) mounts[top] = MOUNT_FILLED;
  }

  function enter(name: string, attribs: Record<string, string>): number {
    let flags = 0;
    if (isHidden(name, attribs)) {
      hidden++;
      flags |= F_HIDDEN;
    }
    const role = attribs['role']?.trim().toLowerCase() ?? '';
    // A <header> or <footer> inside the main content belongs to that content (an article's byline).
    const isChrome = name === 'nav' || name === 'aside' || CHROME_ROLES.has(role) ||
      ((name === 'header' || name === 'footer') && content === 0);
    if (isChrome) {
      chrome++;
      flags |= F_CHROME;
    }
    if (name === 'main' || role === 'main' || name === 'article') {
      content++;
      flags |= F_CONTENT;
      if ((name === 'main' || role === 'main') && !mainRange && hidden === 0) {
        mainRange = [core.length, core.length];
        mainOpen = true;
        flags |= F_MAIN;
      } else if (name === 'article' && !articleRange && hidden === 0) {
        articleRange = [core.length, core.length];
        articleOpen = true;
        flags |= F_ARTICLE;
      }
    }
    if (HEADINGS.has(name) && hidden === 0 && chrome === 0) flags |= F_HEADING;
    if (name === 'form' && result.forms.length < MAX_FORMS) {
      result.forms.push({ action: attribs['action'] ?? null, method: (attribs['method'] ?? 'get').toLowerCase(), hasPassword: false, inputs: 0 });
      formDepth++;
      flags |= F_FORM;
    }
    if (!INLINE.has(name)) {
      push(' ');
      flags |= F_BLOCK;
    }
    visitLeaf(name, attribs);
    return flags;
  }

  function visitLeaf(name: string, attribs: Record<string, string>): void {
    if (name === 'input' || name === 'textarea' || name === 'select') {
      const type = (attribs['type'] ?? 'text').trim().toLowerCase();
      if (hidden > 0 || TYPED_INPUTS.has(type)) return;
      const form = formDepth > 0 ? result.forms[result.forms.length - 1] : undefined;
      if (form) form.inputs++;
      if (type === 'password') {
        result.hasPasswordField = true;
        if (form) form.hasPassword = true;
      }
    } else if (name === 'meta') {
      const equiv = attribs['http-equiv']?.trim().toLowerCase();
      if (equiv === 'refresh' && result.metaRefresh === null) result.metaRefresh = parseRefresh(attribs['content'] ?? '');
    } else if (name === 'link') {
      const rel = (attribs['rel'] ?? '').toLowerCase().split(/\s+/);
      if (rel.includes('canonical') && result.canonical === null && attribs['href']) result.canonical = attribs['href'].trim();
    } else if (MEDIA.has(name) && hidden === 0 && chrome === 0 && media.length < MAX_MEDIA) {
      const src = (attribs['src'] ?? attribs['data-src'] ?? '').trim();
      if (src) media.push({ src, main: mainOpen, article: articleOpen });
    }
  }

  function leave(flags: number, headingStart: number): void {
    if (flags & F_BLOCK) push(' ');
    if (flags & F_HEADING && result.headings.length < MAX_HEADINGS) {
      const text = collapse(body.slice(headingStart)).slice(0, MAX_HEADING_CHARS);
      if (text) result.headings.push(text);
    }
    if (flags & F_MAIN && mainRange) {
      mainRange[1] = core.length;
      mainOpen = false;
    }
    if (flags & F_ARTICLE && articleRange) {
      articleRange[1] = core.length;
      articleOpen = false;
    }
    if (flags & F_FORM) formDepth--;
    if (flags & F_CONTENT) content--;
    if (flags & F_CHROME) chrome--;
    if (flags & F_HIDDEN) hidden--;
  }

  // Enters a subtree whose text is not page text: scripts and other OPAQUE elements (JSON data
  // blocks collected), the first <title> (collected), meta/link/base (their attributes read).
  function skip(name: string, attribs: Record<string, string>): void {
    skipDepth = flagStack.length;
    collecting = COLLECT_NONE;
    if (OPAQUE.has(name)) {
      if (name === 'script' && result.jsonTexts.length < MAX_JSON_BLOCKS) {
        const type = (attribs['type'] ?? '').split(';')[0]?.trim().toLowerCase();
        if (type === 'application/json' || type === 'application/ld+json') {
          collecting = COLLECT_JSON;
          collectLimit = MAX_JSON_CHARS;
        }
      }
    } else if (name === 'title') {
      if (!titleSeen) {
        titleSeen = true;
        collecting = COLLECT_TITLE;
        collectLimit = MAX_TITLE_CHARS;
      }
    } else {
      visitLeaf(name, attribs);
    }
    collected = '';
  }

  function endSkip(): void {
    if (collecting === COLLECT_TITLE) {
      result.title = collapse(collected.slice(0, MAX_TITLE_CHARS));
    } else if (collecting === COLLECT_JSON) {
      const text = collected.slice(0, MAX_JSON_CHARS).trim();
      if (text) result.jsonTexts.push(text);
    }
    skipDepth = 0;
    collecting = COLLECT_NONE;
    collected = '';
  }

  const handler: HtmlHandler = {
    onopentag(name, attribs) {
      if (skipDepth > 0) {
        flagStack.push(0);
        headingStarts.push(0);
        mounts.push(MOUNT_NONE);
        return;
      }
      flush();
      filled();
      if (OPAQUE.has(name) || name === 'title' || NO_TEXT.has(name)) {
        skip(name, attribs);
        flagStack.push(F_SKIP);
        headingStarts.push(0);
        mounts.push(MOUNT_NONE);
        return;
      }
      const id = attribs['id']?.trim().toLowerCase();
      const flags = enter(name, attribs);
      flagStack.push(flags);
      headingStarts.push(body.length);
      mounts.push(id !== undefined && MOUNT_IDS.has(id) ? MOUNT_EMPTY : MOUNT_NONE);
    },
    onclosetag() {
      flush();
      // Like the tree builder, a close pops the innermost open element whatever its name.
      const depth = flagStack.length - 1;
      if (depth < 1) return;
      const flags = flagStack.pop() as number;
      const headingStart = headingStarts.pop() as number;
      const mount = mounts.pop() as number;
      if (skipDepth > 0) {
        if (depth === skipDepth) endSkip();
        return;
      }
      if (mount === MOUNT_EMPTY) result.emptyMount = true;
      leave(flags, headingStart);
    },
    ontext(data) {
      if (skipDepth > 0) {
        if (collecting !== COLLECT_NONE && collected.length < collectLimit) collected += data;
        return;
      }
      if (mounts[mounts.length - 1] === MOUNT_EMPTY && NOT_BLANK.test(data)) filled();
      pending += data;
    },
    oncomment() {
      flush();
    },
    onprocessinginstruction() {
      if (skipDepth > 0) return;
      flush();
      filled();
    },
  };
  parseHtml(html, handler);
  flush();
  // Elements the parser left open were closed by it at the end: every close has been seen.

  result.visibleText = collapse(body);
  result.mainText = pickMain(core, mainRange, articleRange);
  const inMain = mainRange ? media.filter((m) => m.main) : articleRange ? media.filter((m) => m.article) : media;
  result.mainMedia = inMain.map((m) => m.src);
  return result;
}

// <main> (or role=main) first, then the first <article>, else the body without navigation and asides.
function pickMain(core: string, mainRange: [number, number] | null, articleRange: [number, number] | null): string {
  for (const range of [mainRange, articleRange]) {
    if (!range) continue;
    const text = collapse(core.slice(range[0], range[1]));
    if (text) return text;
  }
  return collapse(core);
}
