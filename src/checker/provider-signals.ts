// Evaluates a provider's signals (src/core/provider.ts) against one response and its page.
import type { HttpResponse } from '../core/http-types.ts';
import type { Provider, ProviderSignal } from '../core/provider.ts';
import type { CheckState, Reason } from '../core/states.ts';
import { resolveJsonPath } from './json-path.ts';
import type { PageView } from './page.ts';
import { foldText } from './text.ts';

export type SignalGroup = 'removed' | 'legal' | 'blocked' | 'live';
export type MatcherKind = 'status' | 'text' | 'title' | 'html' | 'json' | 'redirect' | 'lostParam' | 'header';

export interface SignalMatch {
  group: SignalGroup;
  signal: ProviderSignal;
  /** The matchers the signal set (all of them held). */
  kinds: MatcherKind[];
  state: CheckState;
  reason: Reason;
  /**
   * What matched, in plain words naming the definition: `the YouTube definition's removal notice:
   * "This video has been removed by the uploader"`, `matches the demo-tube definition of live
   * content: the page contains data-playable="true"`.
   */
  detail: string;
}

export type SignalMatches = Record<SignalGroup, SignalMatch[]>;

interface Context {
  response: HttpResponse;
  page: PageView;
  visible: () => string;
  title: () => string;
}

const MAX_EVIDENCE = 80;
const MAX_NAME = 40;
// How a definition's signal group is named in a detail: "matches the X definition of ...", "the X definition's ...: "..."".
const GROUP_WORDS: Record<SignalGroup, { of: string; notice: string }> = {
  removed: { of: 'removed content', notice: 'removal notice' },
  legal: { of: 'a legal block', notice: 'legal-block notice' },
  blocked: { of: 'a blocked page', notice: 'login, private or bot-check notice' },
  live: { of: 'live content', notice: 'sign of live content' },
};
const regexCache = new Map<string, RegExp | null>();

// The loader rejects invalid patterns; here an invalid one simply never matches.
function compileRegex(source: string): RegExp | null {
  const cached = regexCache.get(source);
  if (cached !== undefined) return cached;
  let compiled: RegExp | null = null;
  for (const flags of ['u', '']) {
    try {
      compiled = new RegExp(source, flags);
      break;
    } catch {
      compiled = null;
    }
  }
  if (regexCache.size > 5_000) regexCache.clear();
  regexCache.set(source, compiled);
  return compiled;
}

function shorten(text: string, max = MAX_EVIDENCE): string {
  const flat = text.replace(/\s+/g, ' ').trim();
  return flat.length > max ? `${flat.slice(0, max - 3)}...` : flat;
}

function lazy(compute: () => string): () => string {
  let value: string | undefined;
  return () => (value ??= compute());
}

function matchJson(json: NonNullable<ProviderSignal['json']>, page: PageView): string | null {
  if (page.jsonBlocks.length === 0) return null;
  const values = page.jsonBlocks.flatMap((block) => resolveJsonPath(block, json.path));
  const checks: boolean[] = [];
  if (json.equals !== undefined) checks.push(values.some((v) => v === json.equals));
  if (json.exists !== undefined) checks.push((values.length > 0) === json.exists);
  if (json.notNull !== undefined) {
    checks.push(json.notNull ? values.some((v) => v !== null && v !== undefined) : values.every((v) => v === null));
  }
  if (checks.length === 0) checks.push(values.length > 0);
  if (!checks.every(Boolean)) return null;
  const path = shorten(json.path, 60);
  if (json.equals !== undefined) return `the page's data gives ${path} = ${shorten(JSON.stringify(json.equals), 40)}`;
  if (json.exists === false) return `the page's data has no ${path}`;
  if (json.notNull === true) return `the page's data has a value for ${path}`;
  if (json.notNull === false) return `the page's data has no value for ${path}`;
  return `the page's data has ${path}`;
}

function matchHeader(header: NonNullable<ProviderSignal['header']>, headers: Record<string, string>): string | null {
  const value = headers[header.name.toLowerCase()];
  if (value === undefined) return null;
  if (header.equals !== undefined && value.trim() !== header.equals.trim()) return null;
  if (header.pattern !== undefined && !compileRegex(header.pattern)?.test(value)) return null;
  return `the server sent the header ${header.name.toLowerCase()}: ${shorten(value, 60)}`;
}

function matchLostParam(name: string, response: HttpResponse): string | null {
  if (response.redirects.length === 0) return null;
  try {
    const requested = new URL(response.url).searchParams;
    const final = new URL(response.finalUrl).searchParams;
    if (!requested.has(name)) return null;
    if (final.get(name) === requested.get(name)) return null;
    return final.has(name)
      ? `the redirect changed the ${name} parameter to ${shorten(final.get(name) ?? '', 40)}`
      : `the redirect dropped the ${name} parameter`;
  } catch {
    return null;
  }
}

function matchText(needle: string, haystacks: string[], where: string): string | null {
  const folded = foldText(needle);
  if (!folded) return null;
  return haystacks.some((h) => h.includes(folded)) ? `${where} "${shorten(needle)}"` : null;
}

/** Checks every matcher the signal sets; all must hold. Returns the details, or null. */
function matchSignal(signal: ProviderSignal, ctx: Context): { kinds: MatcherKind[]; details: string[] } | null {
  const kinds: MatcherKind[] = [];
  const details: string[] = [];
  const { response, page } = ctx;
  const hold = (kind: MatcherKind, detail: string | null): boolean => {
    kinds.push(kind);
    if (detail === null) return false;
    details.push(detail);
    return true;
  };
  if (signal.status !== undefined && !hold('status', signal.status.includes(response.status) ? `the server answered ${response.status}` : null)) return null;
  if (signal.text !== undefined && !hold('text', matchText(signal.text, [ctx.visible(), ctx.title()], 'the page says'))) return null;
  if (signal.title !== undefined && !hold('title', matchText(signal.title, [ctx.title()], 'the title says'))) return null;
  if (signal.html !== undefined) {
    const re = compileRegex(signal.html);
    const found = re ? re.exec(page.html) : null;
    // The words the pattern found are the evidence; a pattern that matched nothing visible is shown itself.
    const seen = found ? shorten(found[0]) || `/${shorten(signal.html)}/` : null;
    if (!hold('html', seen ? `the page contains ${seen}` : null)) return null;
  }
  if (signal.json !== undefined && !hold('json', matchJson(signal.json, page))) return null;
  if (signal.redirect !== undefined) {
    const re = compileRegex(signal.redirect);
    const ok = response.redirects.length > 0 && re !== null && re.test(response.finalUrl);
    if (!hold('redirect', ok ? `it redirected to ${response.finalUrl}` : null)) return null;
  }
  if (signal.lostParam !== undefined && !hold('lostParam', matchLostParam(signal.lostParam, response))) return null;
  if (signal.header !== undefined && !hold('header', matchHeader(signal.header, response.headers))) return null;
  return kinds.length > 0 ? { kinds, details } : null;
}

function defaultState(group: SignalGroup, kinds: MatcherKind[]): CheckState {
  if (group === 'legal') return 'legal-block';
  if (group === 'blocked') return 'blocked';
  if (group === 'live') return 'live';
  if (kinds.includes('redirect') || kinds.includes('lostParam')) return 'redirected';
  return kinds.every((k) => k === 'status') ? 'removed' : 'soft-removed';
}

// A signal's own state wins, except that a blocked signal can never mean gone and a live one always means live.
function stateFor(group: SignalGroup, signal: ProviderSignal, kinds: MatcherKind[]): CheckState {
  const own = signal.state;
  if (own === undefined || group === 'live') return defaultState(group, kinds);
  if (group === 'blocked' && own !== 'blocked' && own !== 'unreachable') return 'blocked';
  return own;
}

/** The provider reason code for a state; `unreachable` has none and uses http-5xx. */
export function providerReason(state: CheckState, kinds: readonly MatcherKind[]): Reason {
  switch (state) {
    case 'live':
      return 'provider-live';
    case 'removed':
      return 'provider-status';
    case 'soft-removed':
      if (kinds.includes('json')) return 'provider-json';
      if (kinds.includes('header')) return 'media-placeholder';
      return 'provider-marker';
    case 'redirected':
      return 'provider-redirect';
    case 'legal-block':
      return 'provider-legal';
    case 'blocked':
      return 'provider-blocked';
    case 'unreachable':
      return 'http-5xx';
  }
}

/** The plain-words detail of a signal that held for `provider`. */
export function describeMatch(provider: Provider, group: SignalGroup, signal: ProviderSignal, details: readonly string[]): string {
  const name = shorten(provider.name || provider.id, MAX_NAME);
  const words = GROUP_WORDS[group];
  // A definition that rests on one sentence of the page: quote it as that definition's notice.
  const needle = signal.text ?? signal.title;
  if (details.length === 1 && needle !== undefined) return `the ${name} definition's ${words.notice}: "${shorten(needle)}"`;
  return `matches the ${name} definition of ${words.of}: ${details.join(' and ')}`;
}

/** Every signal of the provider that holds for this response, by group. Never throws. */
export function evaluateSignals(provider: Provider, response: HttpResponse, page: PageView): SignalMatches {
  const ctx: Context = {
    response,
    page,
    visible: lazy(() => foldText(page.visibleText)),
    title: lazy(() => foldText(page.title)),
  };
  const result: SignalMatches = { removed: [], legal: [], blocked: [], live: [] };
  for (const group of ['removed', 'legal', 'blocked', 'live'] as const) {
    for (const signal of provider.signals[group] ?? []) {
      let matched: ReturnType<typeof matchSignal> = null;
      try {
        matched = matchSignal(signal, ctx);
      } catch {
        matched = null;
      }
      if (!matched) continue;
      const state = stateFor(group, signal, matched.kinds);
      result[group].push({
        group, signal, kinds: matched.kinds, state, reason: providerReason(state, matched.kinds),
        detail: describeMatch(provider, group, signal, matched.details),
      });
    }
  }
  return result;
}
