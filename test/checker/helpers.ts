// Builders for HTTP outcomes and pages used by the checker tests.
import { readFileSync } from 'node:fs';
import type { HttpFailureKind, HttpOutcome, HttpResponse, RedirectHop } from '../../src/core/http-types.ts';
import type { Provider, ProviderSignals } from '../../src/core/provider.ts';
import { buildPages, splice } from '../../bench/pages.ts';

const PAGES = new URL('./pages/', import.meta.url);

/** A fixture page from test/checker/pages/, as bytes. */
export function fixture(name: string): Uint8Array {
  return new Uint8Array(readFileSync(new URL(name, PAGES)));
}

export interface ResponseInit {
  url?: string;
  finalUrl?: string;
  status?: number;
  headers?: Record<string, string>;
  body?: string | Uint8Array;
  redirects?: RedirectHop[];
  bodySkipped?: boolean;
}

export const TARGET = 'https://tube.example/video/8812';

export function response(init: ResponseInit = {}): HttpResponse {
  const url = init.url ?? TARGET;
  const body = typeof init.body === 'string' ? new TextEncoder().encode(init.body) : (init.body ?? new Uint8Array(0));
  return {
    url,
    finalUrl: init.finalUrl ?? url,
    status: init.status ?? 200,
    headers: { 'content-type': 'text/html; charset=utf-8', ...init.headers },
    body,
    truncated: false,
    bodySkipped: init.bodySkipped ?? false,
    redirects: init.redirects ?? [],
    timings: { startedAt: '2026-05-04T10:00:00.000Z', headersMs: 12, totalMs: 40 },
  };
}

export function ok(init: ResponseInit = {}): HttpOutcome {
  return { ok: true, response: response(init) };
}

/** An answer reached through one redirect from `from` to `to`. */
export function redirected(from: string, to: string, init: ResponseInit = {}): HttpOutcome {
  return ok({ ...init, url: from, finalUrl: to, redirects: [{ url: from, status: 302, location: to }] });
}

/** A failed exchange; `message` defaults to a placeholder (the HTTP layer writes plain words ending in `[CODE]`). */
export function failed(kind: HttpFailureKind, code?: string, url = TARGET, message = `${kind} failure`): HttpOutcome {
  return {
    ok: false,
    failure: {
      kind,
      ...(code === undefined ? {} : { code }),
      message,
      url,
      redirects: [],
      timings: { startedAt: '2026-05-04T10:00:00.000Z', headersMs: 0, totalMs: 5 },
    },
  };
}

/** A minimal HTML page with a title, a heading and a paragraph inside <main>. */
export function html(title: string, heading: string, text: string): string {
  return `<!doctype html><html><head><meta charset="utf-8"><title>${title}</title></head><body><nav><a href="/">Home</a></nav><main><h1>${heading}</h1><p>${text}</p></main><footer>Terms · Privacy</footer></body></html>`;
}

const VOCABULARY = (
  'the a river path old stone wall mill orchard visitors stop bridge watch light water spring meadow flowers ' +
  'hedges birds small cafe church serves soup bread coffee walk back hour steady pace lane morning evening ' +
  'village market square fishermen boats harbour summer winter snow mountain valley forest trail cabin fire ' +
  'friends family dinner table stories laughter music garden roses bench shade afternoon train station ticket ' +
  'window view city lights street corner bakery shop keeper door bell newspaper letter postman road hill sheep'
).split(' ');

/** Deterministic varied prose of `words` words: the same seed gives the same text. */
export function prose(words: number, seed = 'river'): string {
  let state = 0;
  for (const ch of seed) state = (state * 31 + ch.charCodeAt(0)) >>> 0;
  const out: string[] = [];
  for (let i = 0; i < words; i++) {
    state = (Math.imul(state, 1664525) + 1013904223) >>> 0;
    out.push(VOCABULARY[state % VOCABULARY.length] ?? 'word');
    if (i % 12 === 11) out[out.length - 1] += '.';
  }
  return out.join(' ');
}

export function provider(signals: Partial<ProviderSignals>, extra: Partial<Provider> = {}): Provider {
  return {
    id: 'tube',
    name: 'Tube Example',
    kind: 'platform',
    hosts: ['tube.example'],
    patterns: [],
    signals: { removed: [], legal: [], blocked: [], live: [], ...signals },
    examples: [],
    channels: [],
    ipRanges: [],
    source: ['test'],
    checked: '2026-05-01',
    ...extra,
  };
}

/** Every page the bench's synthetic web serves (live pages spliced as served, notices, homes, login, status pages), as text. */
export function benchPageTexts(): string[] {
  const pages = buildPages(20260, 8);
  const templates = [...pages.live, ...pages.mention];
  const served = templates.map((template, i) => Buffer.concat(splice(template, 1000 + i).chunks).toString('utf8'));
  const others = [...pages.removalNotices, ...Array.from({ length: 8 }, (_, h) => pages.home(h)), pages.login, ...pages.status.values()];
  return [...served, ...others.map((body) => body.toString('utf8'))];
}
