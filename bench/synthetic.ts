// The synthetic web's ground truth: which URL exists on which host, how it answers, and the state a correct checker reports.
import type { CheckState } from '../src/core/states.ts';

/** How one URL of the synthetic web answers. Each kind has exactly one correct state. */
export const KINDS = {
  live: { state: 'live', weight: 60, text: '200, a 30-80 KB page' },
  'live-slow': { state: 'live', weight: 3, text: '200, the answer dribbled over 1-3 s' },
  'live-slash': { state: 'live', weight: 5, text: '301 adding a trailing slash, then a live page' },
  'live-mention': { state: 'live', weight: 2, text: 'live page whose text says the original was removed elsewhere' },
  'removed-404': { state: 'removed', weight: 10, text: '404 page' },
  'removed-410': { state: 'removed', weight: 4, text: '410 page' },
  'soft-wording': { state: 'soft-removed', weight: 6, text: '200 "removed" / "not found" page (en, es, pt, fr, de)' },
  // Never drawn directly: removals on index-fallback hosts become this kind.
  'soft-index': { state: 'soft-removed', weight: 0, text: "200 with the site's index page (site answers unknown paths so)" },
  'redirect-root': { state: 'redirected', weight: 4, text: "302 to the site's home page" },
  'legal-451': { state: 'legal-block', weight: 0.5, text: '451' },
  'login-redirect': { state: 'blocked', weight: 1, text: '302 to a login page' },
  'rate-limited': { state: 'blocked', weight: 1.5, text: '429 with Retry-After: 1, every time' },
  'server-error': { state: 'unreachable', weight: 2, text: '500, 502 or 503, every time' },
  reset: { state: 'unreachable', weight: 0.5, text: 'connection reset in the middle of the body' },
  hang: { state: 'unreachable', weight: 0.5, text: 'connection accepted, never answered' },
} as const satisfies Record<string, { state: CheckState; weight: number; text: string }>;

export type Kind = keyof typeof KINDS;
export const KIND_NAMES = Object.keys(KINDS) as Kind[];

export interface WebShape {
  seed: number;
  hosts: number;
}

/** One URL of a run, with what it really is. */
export interface Target {
  id: number;
  host: number;
  kind: Kind;
  /** Path and query, as the case file lists it. */
  path: string;
}

/** murmur3's finaliser: a cheap, well-mixed 32-bit hash. */
function fmix(h: number): number {
  let x = h >>> 0;
  x ^= x >>> 16;
  x = Math.imul(x, 0x85ebca6b);
  x ^= x >>> 13;
  x = Math.imul(x, 0xc2b2ae35);
  x ^= x >>> 16;
  return x >>> 0;
}

/** A uniform number in [0, 1) fixed by (seed, id, salt). */
export function unit(seed: number, id: number, salt: number): number {
  return fmix(fmix(seed ^ Math.imul(salt, 0x9e3779b1)) ^ fmix(id + 0x632be5ab)) / 2 ** 32;
}

/** A small deterministic generator for page text. */
export function rng(seed: number): () => number {
  let state = fmix(seed) || 1;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 2 ** 32;
  };
}

const TOTAL_WEIGHT = KIND_NAMES.reduce((sum, k) => sum + KINDS[k].weight, 0);

/** Hosts whose unknown paths answer 200 with the site's index page (the classic soft-404 site). */
export function isIndexFallbackHost(host: number): boolean {
  return host % 8 === 3;
}

export function hostOf(shape: WebShape, id: number): number {
  return Math.floor(unit(shape.seed, id, 1) * shape.hosts);
}

export function kindOf(shape: WebShape, id: number): Kind {
  let r = unit(shape.seed, id, 2) * TOTAL_WEIGHT;
  let kind: Kind = 'live';
  for (const k of KIND_NAMES) {
    r -= KINDS[k].weight;
    if (r < 0) {
      kind = k;
      break;
    }
  }
  if ((kind === 'removed-404' || kind === 'removed-410') && isIndexFallbackHost(hostOf(shape, id))) return 'soft-index';
  return kind;
}

const SLUG_WORDS = ['summer', 'night', 'beach', 'party', 'home', 'video', 'private', 'clip', 'amateur', 'couple', 'hotel', 'weekend', 'best', 'new', 'full', 'hd'];

/** The path of URL `id`. Digits appear only in the id, so the server can read it back. */
export function pathOf(shape: WebShape, id: number, kind: Kind): string {
  if (kind === 'live-slash') return `/gallery/${id}`;
  const style = Math.floor(unit(shape.seed, id, 3) * 4);
  const w1 = SLUG_WORDS[Math.floor(unit(shape.seed, id, 4) * SLUG_WORDS.length)] ?? 'clip';
  const w2 = SLUG_WORDS[Math.floor(unit(shape.seed, id, 5) * SLUG_WORDS.length)] ?? 'video';
  if (style === 0) return `/video/${id}/${w1}-${w2}`;
  if (style === 1) return `/watch?v=${id}`;
  if (style === 2) return `/v/${id}`;
  return `/photos/${w1}-${id}.html`;
}

export function targetOf(shape: WebShape, id: number): Target {
  const kind = kindOf(shape, id);
  return { id, host: hostOf(shape, id), kind, path: pathOf(shape, id, kind) };
}

/** The first run of digits in a request target: the URL's id, if it is one of ours. */
export function idInPath(requestTarget: string): number | null {
  const match = /\d+/.exec(requestTarget);
  return match === null ? null : Number(match[0]);
}

/** Loopback addresses, one per synthetic host: 127.0.1.1, 127.0.1.2, ... then 127.0.2.1 ... */
export function hostAddress(host: number): string {
  return `127.0.${1 + Math.floor(host / 250)}.${1 + (host % 250)}`;
}

export function truthOf(kind: Kind): CheckState {
  return KINDS[kind].state;
}
