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
  /** What matched, e.g. `text "Video has been removed"` or `status 410`. */
  detail: string;
}

export type SignalMatches = Record<SignalGroup, SignalMatch[]>;

interface Context {
  response: HttpResponse;
  page: PageView;
  visible: () => string;
  title: () => string;
}

const MAX_DETAIL = 100;
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

function shorten(text: string): string {
  return text.length > MAX_DETAIL ? `${text.slice(0, MAX_DETAIL - 3)}...` : text;
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
  const condition = json.equals !== undefined ? ` = ${JSON.stringify(json.equals)}` : json.exists === false ? ' absent' : json.notNull ? ' not null' : ' present';
  return `json ${json.path}${condition}`;
}

function matchHeader(header: NonNullable<ProviderSignal['header']>, headers: Record<string, string>): string | null {
  const value = headers[header.name.toLowerCase()];
  if (value === undefined) return null;
  if (header.equals !== undefined && value.trim() !== header.equals.trim()) return null;
  if (header.pattern !== undefined && !compileRegex(header.pattern)?.test(value)) return null;
  return `header ${header.name.toLowerCase()}: ${value}`;
}

function matchLostParam(name: string, response: HttpResponse): string | null {
  if (response.redirects.length === 0) return null;
  try {
    const requested = new URL(response.url).searchParams;
    const final = new URL(response.finalUrl).searchParams;
    if (!requested.has(name)) return null;
    if (final.get(name) === requested.get(name)) return null;
    return final.has(name) ? `${name} changed to ${final.get(name)}` : `redirect dropped ${name}`;
  } catch {
    return null;
  }
}

function matchText(needle: string, haystacks: string[], kind: string): string | null {
  const folded = foldText(needle);
  if (!folded) return null;
  return haystacks.some((h) => h.includes(folded)) ? `${kind} "${needle}"` : null;
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
  if (signal.status !== undefined && !hold('status', signal.status.includes(response.status) ? `status ${response.status}` : null)) return null;
  if (signal.text !== undefined && !hold('text', matchText(signal.text, [ctx.visible(), ctx.title()], 'text'))) return null;
  if (signal.title !== undefined && !hold('title', matchText(signal.title, [ctx.title()], 'title'))) return null;
  if (signal.html !== undefined) {
    const re = compileRegex(signal.html);
    const found = re ? re.exec(page.html) : null;
    if (!hold('html', found ? `html /${shorten(signal.html)}/` : null)) return null;
  }
  if (signal.json !== undefined && !hold('json', matchJson(signal.json, page))) return null;
  if (signal.redirect !== undefined) {
    const re = compileRegex(signal.redirect);
    const ok = response.redirects.length > 0 && re !== null && re.test(response.finalUrl);
    if (!hold('redirect', ok ? `redirect to ${response.finalUrl}` : null)) return null;
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
        detail: `${provider.id}: ${matched.details.join(', ')}`,
      });
    }
  }
  return result;
}
