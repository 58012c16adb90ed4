// The links and pictures of an HTML page, each with the words a reader sees with it: its text,
// title, alt text and the text around it (pure).
import { load } from 'cheerio/slim';
import { mediaKindOf, type MediaKind } from './site.ts';

export interface PageLink {
  /** Absolute http(s) address, without its fragment. */
  url: string;
  /** 'image' for an <img> or a link to a picture file; 'media' for a link to a video or sound file. */
  kind: 'page' | MediaKind;
  /** The link's own text (empty for a picture). */
  text: string;
  title: string;
  /** Alt text of the picture, or of the pictures inside the link. */
  alt: string;
  /**
   * Text just before and just after it in the same block (a list item, a table row, a post),
   * stopping at the neighbouring links: a link is not described by the titles of its neighbours.
   */
  context: string[];
  /** A picture shown inside a link: where the link goes (a thread, the full-size picture). */
  linkUrl?: string;
}

/** The DOM nodes this walk reads (cheerio's tree, typed structurally, as in checker/page-walk.ts). */
interface DomNode {
  type: string;
  name?: string;
  attribs?: Record<string, string>;
  children?: DomNode[];
  data?: string;
}

const MAX_ITEMS = 3_000;
const MAX_TEXT = 500_000;
const CONTEXT_CHARS = 150;
const MAX_FIELD = 500;

// Never shown as text.
const OPAQUE = new Set(['head', 'script', 'style', 'noscript', 'template', 'svg', 'math', 'iframe', 'object', 'embed', 'canvas', 'select', 'textarea']);
const INLINE = new Set([
  'a', 'abbr', 'b', 'bdi', 'bdo', 'big', 'cite', 'code', 'data', 'del', 'dfn', 'em', 'font', 'i', 'img', 'ins',
  'kbd', 'label', 'mark', 'nobr', 'q', 's', 'samp', 'small', 'span', 'strike', 'strong', 'sub', 'sup',
  'time', 'tt', 'u', 'var', 'wbr',
]);
// Cells and captions are not blocks of their own here: the context of a link in a table is its row,
// of a picture in a figure the figure with its caption.
const NOT_CONTEXT = new Set(['td', 'th', 'figcaption', 'br', 'hr']);

interface Item {
  element: 'a' | 'img';
  url: string;
  kind: PageLink['kind'];
  start: number;
  end: number;
  block: number;
  title: string;
  alts: string[];
  /** For a picture inside a link: that link. */
  parent?: Item;
}

interface Block {
  start: number;
  end: number;
}

type Entry = DomNode | { exit: DomNode };

/** Every link and picture of the page, one entry per address (the first one's words kept, later ones added). */
export function extractLinks(html: string, pageUrl: string): PageLink[] {
  const $ = load(html);
  const base = resolve($('base[href]').first().attr('href') ?? '', pageUrl) ?? pageUrl;
  const root = $.root()[0] as unknown as DomNode;

  let text = '';
  const blocks: Block[] = [{ start: 0, end: Number.POSITIVE_INFINITY }];
  const blockStack: number[] = [0];
  const items: Item[] = [];
  let link: Item | undefined;
  let linkNode: DomNode | undefined;

  const append = (piece: string): void => {
    if (text.length >= MAX_TEXT) return;
    const collapsed = piece.replace(/\s+/g, ' ');
    if (collapsed === ' ' && (text === '' || text.endsWith(' '))) return;
    text += text.endsWith(' ') && collapsed.startsWith(' ') ? collapsed.slice(1) : collapsed;
  };

  const stack: Entry[] = [root];
  while (stack.length > 0) {
    const entry = stack.pop() as Entry;
    if ('exit' in entry) {
      const name = entry.exit.name ?? '';
      if (!INLINE.has(name)) append(' ');
      if (!INLINE.has(name) && !NOT_CONTEXT.has(name)) {
        const index = blockStack.pop() ?? 0;
        const block = blocks[index];
        if (block !== undefined) block.end = text.length;
      }
      if (entry.exit === linkNode && link !== undefined) {
        link.end = text.length;
        link = undefined;
        linkNode = undefined;
      }
      continue;
    }
    const node = entry;
    if (node.type === 'text') {
      append(node.data ?? '');
      continue;
    }
    if (node.type !== 'tag' && node.type !== 'root') continue;
    const name = node.name ?? '';
    if (OPAQUE.has(name)) continue;
    const attribs = node.attribs ?? {};
    if (node.type === 'tag' && !INLINE.has(name)) {
      append(' ');
      if (!NOT_CONTEXT.has(name)) {
        blocks.push({ start: text.length, end: Number.POSITIVE_INFINITY });
        blockStack.push(blocks.length - 1);
      }
    }
    const block = blockStack.at(-1) ?? 0;
    if (name === 'a' && link === undefined && items.length < MAX_ITEMS) {
      // A link that goes nowhere useful (mailto:, javascript:) is kept as a boundary of its neighbours' context.
      const url = resolve(attribs['href'] ?? '', base) ?? '';
      link = { element: 'a', url, kind: url === '' ? 'page' : (mediaKindOf(url) ?? 'page'), start: text.length, end: text.length, block, title: field(attribs['title']), alts: [] };
      linkNode = node;
      items.push(link);
    }
    if (name === 'img' && items.length < MAX_ITEMS) {
      const url = imageSource(attribs, base);
      const alt = field(attribs['alt']);
      if (link !== undefined && alt !== '') link.alts.push(alt);
      if (url !== undefined) {
        items.push({
          element: 'img', url, kind: 'image', start: text.length, end: text.length, block, title: field(attribs['title']), alts: alt === '' ? [] : [alt],
          ...(link === undefined ? {} : { parent: link }),
        });
      }
    }
    if (node.type === 'tag') stack.push({ exit: node });
    const children = node.children ?? [];
    for (let i = children.length - 1; i >= 0; i--) stack.push(children[i] as DomNode);
  }

  // Links and pictures outside links, in document order: they never overlap.
  const top = items.filter((item) => item.parent === undefined);
  const position = new Map(top.map((item, i) => [item, i]));
  const useful = items.filter((item) => item.url !== '');
  return merge(useful.map((item) => toLink(item, top, position, blocks, text)));
}

function toLink(item: Item, top: readonly Item[], position: ReadonlyMap<Item, number>, blocks: readonly Block[], text: string): PageLink {
  // A picture inside a link is described by that link's words.
  const owner = item.parent ?? item;
  const block = blocks[owner.block] ?? { start: 0, end: text.length };
  const i = position.get(owner) ?? 0;
  const from = Math.max(block.start, top[i - 1]?.end ?? 0);
  const to = Math.min(block.end, text.length, top[i + 1]?.start ?? Number.POSITIVE_INFINITY);
  const before = tail(text.slice(from, owner.start));
  const after = head(text.slice(owner.end, to));
  const ownText = owner.element === 'a' ? field(text.slice(owner.start, owner.end)) : '';
  const title = item.title !== '' ? item.title : item.parent?.title ?? '';
  return {
    url: item.url,
    kind: item.kind,
    text: ownText,
    title,
    alt: field(item.alts.join(' ')),
    context: [before, after].filter((part) => part !== ''),
    ...(item.parent === undefined || item.parent.url === '' || item.parent.url === item.url ? {} : { linkUrl: item.parent.url }),
  };
}

/** One entry per address and kind of element: a thread linked from its title and its thumbnail is one link. */
function merge(links: readonly PageLink[]): PageLink[] {
  const byUrl = new Map<string, PageLink>();
  for (const link of links) {
    const known = byUrl.get(link.url);
    if (known === undefined) {
      byUrl.set(link.url, { ...link, context: [...link.context] });
      continue;
    }
    if (link.kind === 'image') known.kind = 'image';
    known.text = joinField(known.text, link.text);
    known.title = joinField(known.title, link.title);
    known.alt = joinField(known.alt, link.alt);
    for (const part of link.context) if (!known.context.includes(part) && known.context.length < 6) known.context.push(part);
    if (known.linkUrl === undefined && link.linkUrl !== undefined) known.linkUrl = link.linkUrl;
  }
  return [...byUrl.values()];
}

function joinField(a: string, b: string): string {
  if (b === '' || a.includes(b)) return a;
  return field(a === '' ? b : `${a} | ${b}`);
}

/** Lazy-loading pages keep the real address in data-src and a placeholder in src. */
function imageSource(attribs: Record<string, string>, base: string): string | undefined {
  for (const name of ['data-src', 'data-original', 'data-lazy-src', 'src']) {
    const url = resolve(attribs[name] ?? '', base);
    if (url !== undefined) return url;
  }
  return undefined;
}

/** An absolute http(s) address without fragment, or undefined (mailto:, javascript:, data:, garbage). */
export function resolve(href: string, base: string): string | undefined {
  const trimmed = href.trim();
  if (trimmed === '' || trimmed.startsWith('#')) return undefined;
  let url: URL;
  try {
    url = new URL(trimmed, base);
  } catch {
    return undefined;
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') return undefined;
  if (url.username !== '' || url.password !== '') return undefined;
  url.hash = '';
  return url.href;
}

function field(value: string | undefined): string {
  return (value ?? '').replace(/\s+/g, ' ').trim().slice(0, MAX_FIELD);
}

function tail(value: string): string {
  const trimmed = value.replace(/\s+/g, ' ').trim();
  if (trimmed.length <= CONTEXT_CHARS) return trimmed;
  const cut = trimmed.slice(-CONTEXT_CHARS);
  const space = cut.indexOf(' ');
  return space === -1 ? cut : cut.slice(space + 1);
}

function head(value: string): string {
  const trimmed = value.replace(/\s+/g, ' ').trim();
  if (trimmed.length <= CONTEXT_CHARS) return trimmed;
  const cut = trimmed.slice(0, CONTEXT_CHARS);
  const space = cut.lastIndexOf(' ');
  return space === -1 ? cut : cut.slice(0, space);
}
