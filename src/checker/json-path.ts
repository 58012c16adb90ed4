// Dotted paths into parsed JSON, for provider `json` signals: `a.b.0.c`, `items[0].id`,
// `media[].status` or `media.*.status` (every element), `**.status` (at any depth).

const MAX_VALUES = 1_000;
const MAX_DEPTH = 64;

export function parseJsonPath(path: string): string[] {
  const tokens = path
    .trim()
    .replace(/^\$\.?/, '')
    .replace(/\[(\d*|\*)\]/g, (_, inner: string) => `.${inner === '' ? '*' : inner}`)
    .split('.');
  return tokens.map((t) => (t === '' ? '*' : t));
}

function children(value: unknown): unknown[] {
  if (Array.isArray(value)) return value;
  if (value !== null && typeof value === 'object') return Object.values(value);
  return [];
}

function descendants(value: unknown, out: unknown[], depth: number): void {
  if (out.length >= MAX_VALUES || depth > MAX_DEPTH) return;
  // Arrays are not listed themselves: a key applied to one would repeat what its elements give.
  if (!Array.isArray(value)) out.push(value);
  for (const child of children(value)) descendants(child, out, depth + 1);
}

function step(value: unknown, token: string): unknown[] {
  if (token === '*') return children(value);
  if (token === '**') {
    const out: unknown[] = [];
    descendants(value, out, 0);
    return out;
  }
  if (Array.isArray(value)) {
    // A key on an array applies to each element, so `posts.filedeleted` reads every post.
    if (/^\d+$/.test(token)) return Number(token) < value.length ? [value[Number(token)]] : [];
    return value.flatMap((item) => step(item, token));
  }
  if (value !== null && typeof value === 'object' && Object.hasOwn(value, token)) {
    return [(value as Record<string, unknown>)[token]];
  }
  return [];
}

/** Every value the path reaches in `root` (empty when it reaches none). */
export function resolveJsonPath(root: unknown, path: string): unknown[] {
  let current: unknown[] = [root];
  for (const token of parseJsonPath(path)) {
    const next: unknown[] = [];
    for (const value of current) {
      for (const found of step(value, token)) {
        if (next.length >= MAX_VALUES) break;
        next.push(found);
      }
    }
    current = next;
    if (current.length === 0) break;
  }
  return current;
}
