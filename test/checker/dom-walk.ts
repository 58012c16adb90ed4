// The DOM-building page walker that src/checker/page-walk.ts replaced (cheerio tree, then one iterative walk),
// kept unchanged as the oracle the streaming reader must agree with (page-walk-oracle.test.ts, bench/page-cost.ts).
import { load } from 'cheerio/slim';

/** The parts of a domhandler node this walk reads (cheerio's tree, typed structurally). */
interface DomNode {
  type: string;
  name?: string;
  attribs?: Record<string, string>;
  children?: DomNode[];
  data?: string;
}

interface PageForm {
  action: string | null;
  method: string;
  /** A visible password input sits in this form. */
  hasPassword: boolean;
  /** Visible fields a person types into (text, email, password, textarea, select). */
  inputs: number;
}

interface WalkResult {
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

const MAX_TEXT_CHARS = 200_000;
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

const F_HIDDEN = 1;
const F_CHROME = 2;
const F_MAIN = 4;
const F_ARTICLE = 8;
const F_HEADING = 16;
const F_FORM = 32;
const F_BLOCK = 64;
const F_CONTENT = 128;

interface Exit {
  exit: number;
  headingStart: number;
}
type Entry = DomNode | Exit;

function isHidden(name: string, attribs: Record<string, string>): boolean {
  if (attribs['hidden'] !== undefined) return true;
  if (attribs['aria-hidden']?.trim().toLowerCase() === 'true') return true;
  if (name === 'dialog' && attribs['open'] === undefined) return true;
  const style = attribs['style'];
  return style !== undefined && HIDDEN_STYLE.test(style);
}

function textOf(node: DomNode, limit: number): string {
  let out = '';
  const stack: DomNode[] = [node];
  while (stack.length > 0 && out.length < limit) {
    const current = stack.pop() as DomNode;
    if (current.type === 'text') out += current.data ?? '';
    else if (current.children) for (let i = current.children.length - 1; i >= 0; i--) stack.push(current.children[i] as DomNode);
  }
  return out.slice(0, limit);
}

function isEmptyMount(node: DomNode): boolean {
  return (node.children ?? []).every((child) => child.type === 'comment' || (child.type === 'text' && !child.data?.trim()));
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

// Deeply nested markup would otherwise fill the text cap with separators.
function endsInSpace(parts: string[]): boolean {
  const last = parts[parts.length - 1];
  return last === undefined || /\s$/.test(last);
}

function join(parts: string[], from = 0, to = parts.length): string {
  return parts.slice(from, to).join('').replace(/\s+/g, ' ').trim();
}

/** Parses `html` and collects the visible text and page data in one iterative pass (no recursion). */
export function walkHtmlWithDom(html: string): WalkResult {
  const root = load(html).root()[0] as unknown as DomNode;
  const body: string[] = [];
  const core: string[] = [];
  let bodyLength = 0;
  let coreLength = 0;
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

  function push(text: string): void {
    if (hidden > 0) return;
    if (bodyLength < MAX_TEXT_CHARS && !(text === ' ' && endsInSpace(body))) {
      const kept = text.slice(0, MAX_TEXT_CHARS - bodyLength);
      body.push(kept);
      bodyLength += kept.length;
    }
    if (chrome === 0 && coreLength < MAX_TEXT_CHARS && !(text === ' ' && endsInSpace(core))) {
      const kept = text.slice(0, MAX_TEXT_CHARS - coreLength);
      core.push(kept);
      coreLength += kept.length;
    }
  }

  function enter(node: DomNode): number {
    const name = node.name ?? '';
    const attribs = node.attribs ?? {};
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

  function leave(exit: Exit): void {
    const flags = exit.exit;
    if (flags & F_BLOCK) push(' ');
    if (flags & F_HEADING && result.headings.length < MAX_HEADINGS) {
      const text = join(body, exit.headingStart).slice(0, MAX_HEADING_CHARS);
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

  const stack: Entry[] = [root];
  while (stack.length > 0) {
    const entry = stack.pop() as Entry;
    if ('exit' in entry) {
      leave(entry);
      continue;
    }
    const node = entry;
    if (node.type === 'text') {
      if (node.data) push(node.data);
      continue;
    }
    if (node.type === 'comment' || node.type === 'directive') continue;
    const name = node.name ?? '';
    if (node.type === 'script' || node.type === 'style' || OPAQUE.has(name)) {
      collectJson(node, result);
      continue;
    }
    if (name === 'title') {
      if (!titleSeen) {
        titleSeen = true;
        result.title = textOf(node, MAX_TITLE_CHARS).replace(/\s+/g, ' ').trim();
      }
      continue;
    }
    if (NO_TEXT.has(name)) {
      visitLeaf(name, node.attribs ?? {});
      continue;
    }
    const id = node.attribs?.['id']?.trim().toLowerCase();
    if (id !== undefined && MOUNT_IDS.has(id) && isEmptyMount(node)) result.emptyMount = true;
    const flags = node.type === 'root' ? 0 : enter(node);
    stack.push({ exit: flags, headingStart: body.length });
    const children = node.children ?? [];
    for (let i = children.length - 1; i >= 0; i--) stack.push(children[i] as DomNode);
  }

  result.visibleText = join(body);
  const chosen = pickMain(core, mainRange, articleRange);
  result.mainText = chosen;
  const inMain = mainRange ? media.filter((m) => m.main) : articleRange ? media.filter((m) => m.article) : media;
  result.mainMedia = inMain.map((m) => m.src);
  return result;
}

// <main> (or role=main) first, then the first <article>, else the body without navigation and asides.
function pickMain(core: string[], mainRange: [number, number] | null, articleRange: [number, number] | null): string {
  for (const range of [mainRange, articleRange]) {
    if (!range) continue;
    const text = join(core, range[0], range[1]);
    if (text) return text;
  }
  return join(core);
}

function collectJson(node: DomNode, result: WalkResult): void {
  if (node.name !== 'script' || result.jsonTexts.length >= MAX_JSON_BLOCKS) return;
  const type = (node.attribs?.['type'] ?? '').split(';')[0]?.trim().toLowerCase();
  if (type !== 'application/json' && type !== 'application/ld+json') return;
  const text = textOf(node, MAX_JSON_CHARS).trim();
  if (text) result.jsonTexts.push(text);
}
