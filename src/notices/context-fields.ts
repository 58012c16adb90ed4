// The fields a notice template may use (NoticeContext as data) and where the user fills each one.
import { didYouMean } from '../case-file/did-you-mean.ts';
import type { NoticeContext } from '../core/notice.ts';

/** A field's shape: a value, a list of one shape, or a mapping. */
export type Shape = 'leaf' | readonly [Shape] | { readonly [key: string]: Shape };

// Mirrors NoticeContext key for key: `satisfies` fails to compile when the two disagree.
type ShapeOf<T> = T extends readonly (infer I)[]
  ? readonly [ShapeOf<I>]
  : T extends object
    ? { readonly [K in keyof T]-?: ShapeOf<T[K]> }
    : 'leaf';

export const CONTEXT_SHAPE = {
  notice: { id: 'leaf', kind: 'leaf', date: 'leaf' },
  recipient: { name: 'leaf', rung: 'leaf', channel: 'leaf', address: 'leaf', form_url: 'leaf' },
  claimant: {
    role: 'leaf',
    name: 'leaf',
    email: 'leaf',
    signature: 'leaf',
    organisation: 'leaf',
    address: 'leaf',
    phone: 'leaf',
    confirms_good_faith: 'leaf',
  },
  subject: { name: 'leaf', minor_at_creation: 'leaf' },
  case: {
    id: 'leaf',
    description: 'leaf',
    consent: 'leaf',
    jurisdictions: ['leaf'],
    deepfake: 'leaf',
    copyright_work: 'leaf',
  },
  urls: [{ url: 'leaf', state: 'leaf', checked_at: 'leaf' }],
  site: { host: 'leaf', domain: 'leaf', ip: 'leaf' },
  search: { queries: ['leaf'] },
} as const satisfies ShapeOf<NoticeContext>;

export const CONTEXT_ROOTS: readonly string[] = Object.keys(CONTEXT_SHAPE);

/** Where a value comes from: the case-file key the user fills, or what else supplies it. */
export interface FieldSource {
  /** `case.claimant.signature`, or a description when no case-file key holds it. */
  key: string;
  /** The key is in the case file (the user can fix it there). */
  caseFile: boolean;
  hint?: string;
}

const fromCase = (key: string, hint?: string): FieldSource => ({ key, caseFile: true, ...(hint === undefined ? {} : { hint }) });
const fromTool = (key: string): FieldSource => ({ key, caseFile: false });

const URLS = fromCase('urls', 'the case file must list at least one URL for this notice');

// The queries are the subject's name plus the case's keywords (notices/context.ts).
const QUERIES = fromCase('case.keywords', 'the searches that show the URLs; case.subject.name is one of them when given');

const SOURCES: Record<string, FieldSource> = {
  'notice.id': fromTool('the request id (set by takedown when it drafts the request)'),
  'notice.kind': fromTool('the notice kind (set by takedown)'),
  'notice.date': fromTool('the date of the notice (set by takedown)'),
  'recipient.name': fromTool("the recipient's name (from the provider definition)"),
  'recipient.rung': fromTool("the recipient's place in the escalation ladder (set by takedown)"),
  'recipient.channel': fromTool("the recipient's channel kind (from the provider definition)"),
  'recipient.address': fromTool("the channel's email address (providers/<id>.yaml channels[].address, or found by RDAP)"),
  'recipient.form_url': fromTool("the channel's form URL (providers/<id>.yaml channels[].url)"),
  'claimant.role': fromCase('case.claimant.role', 'subject or representative'),
  'claimant.name': fromCase('case.claimant.name', 'the name of the person filing'),
  'claimant.email': fromCase('case.claimant.email', 'an address for replies; a dedicated one that does not show a name is safest'),
  'claimant.signature': fromCase('case.claimant.signature', 'how the filer signs, e.g. "/A. Lawyer/"'),
  'claimant.organisation': fromCase('case.claimant.organisation'),
  'claimant.address': fromCase('case.claimant.address', 'postal address'),
  'claimant.phone': fromCase('case.claimant.phone'),
  'claimant.confirms_good_faith': fromCase('case.claimant.confirms_good_faith'),
  'subject.name': fromCase('case.subject.name', 'the name of the person depicted'),
  'subject.minor_at_creation': fromCase('case.subject.minor_at_creation'),
  'case.id': fromCase('case.id'),
  'case.description': fromCase('case.facts.description', 'a short description of the content and how it was shared'),
  'case.consent': fromCase('case.facts.consent', 'none or withdrawn'),
  'case.jurisdictions': fromCase('case.jurisdictions'),
  'case.deepfake': fromCase('case.facts.deepfake'),
  'case.copyright_work': fromCase('case.facts.copyright_work', 'the copyrighted work, e.g. "photographs I took of myself in 2023"'),
  urls: URLS,
  'urls[]': URLS,
  'urls[].url': URLS,
  'urls[].state': fromTool('the state of each URL (from its last check: run a check first)'),
  'urls[].checked_at': fromTool('when each URL was last checked (run a check first)'),
  'site.host': fromTool('the host of the URLs (taken from the URLs)'),
  'site.domain': fromTool('the registrable domain of the URLs (taken from the URLs)'),
  'site.ip': fromTool("the site's IP address (found when its host is looked up)"),
  'search.queries': QUERIES,
  'search.queries[]': QUERIES,
};

/** `urls.0.url` and `urls[].url` both become `urls[].url`; numbers and first/last step into lists. */
export function normalizePath(segments: readonly (string | number)[]): string | undefined {
  let shape: Shape = CONTEXT_SHAPE;
  let out = '';
  for (const segment of segments) {
    if (Array.isArray(shape)) {
      if (segment === 'size') return out;
      if (typeof segment === 'number' || segment === 'first' || segment === 'last' || segment === '[]') {
        out += '[]';
        shape = shape[0];
        continue;
      }
      return undefined;
    }
    if (shape === 'leaf') return segment === 'size' ? out : undefined;
    const next: Shape | undefined = Object.hasOwn(shape, segment) ? (shape as Record<string, Shape>)[String(segment)] : undefined;
    if (next === undefined) return undefined;
    out += out === '' ? String(segment) : `.${String(segment)}`;
    shape = next;
  }
  return out;
}

/** Splits `urls[].url` or `search.queries[]` into segments, `[]` standing for "each item". */
export function splitPath(path: string): string[] {
  return path.replace(/\[\]/g, '.[]').split('.').filter((part) => part !== '');
}

/** Whether a dotted path (with `[]` for list items) names a field of the NoticeContext. */
export function isContextPath(path: string): boolean {
  return normalizePath(splitPath(path)) === path.replace(/\.$/, '');
}

/** Every field path, lists included (`urls`, `urls[].url`), for suggestions. */
export function allContextPaths(): string[] {
  const out: string[] = [];
  const walk = (shape: Shape, prefix: string): void => {
    if (prefix !== '') out.push(prefix);
    if (shape === 'leaf') return;
    if (Array.isArray(shape)) return walk(shape[0], `${prefix}[]`);
    for (const [key, child] of Object.entries(shape as Record<string, Shape>)) walk(child, prefix === '' ? key : `${prefix}.${key}`);
  };
  walk(CONTEXT_SHAPE, '');
  return out;
}

/** "unknown field x; did you mean y?" for a path that is not a NoticeContext field. */
export function unknownFieldMessage(path: string): string {
  const paths = allContextPaths();
  // A shortened name (`subject.minor`) is too far from the full one for an edit distance.
  const suggestion = didYouMean(path, paths) ?? paths.find((known) => known.startsWith(path) && path.includes('.'));
  const hint = suggestion === undefined ? `; a notice is given ${CONTEXT_ROOTS.join(', ')}` : `; did you mean "${suggestion}"?`;
  return `"${path}" is not a field a notice is given${hint}`;
}

/** Where the user fills the value at a context path (`claimant.signature` -> `case.claimant.signature`). */
export function sourceOf(path: string): FieldSource {
  return SOURCES[path] ?? fromTool(path);
}

/** `case.claimant.signature (how the filer signs, e.g. "/A. Lawyer/")`. */
export function describeSource(source: FieldSource): string {
  return source.hint === undefined ? source.key : `${source.key} (${source.hint})`;
}

/** Every value at a path, `[]` fanning out over list items (`urls[].url` gives each URL). */
export function valuesAt(root: unknown, path: string): unknown[] {
  let values: unknown[] = [root];
  for (const segment of splitPath(path)) {
    values = values.flatMap((value) => {
      if (segment === '[]') return Array.isArray(value) ? value : [];
      if (value === null || typeof value !== 'object' || !Object.hasOwn(value, segment)) return [];
      return [(value as Record<string, unknown>)[segment]];
    });
  }
  return values.flatMap((value) => (Array.isArray(value) ? value : [value])).filter((value) => value !== undefined);
}

/** The shape at a normalised path (`urls[]` is one URL entry), or undefined for an unknown path. */
export function shapeAt(path: string): Shape | undefined {
  let shape: Shape = CONTEXT_SHAPE;
  for (const segment of splitPath(path)) {
    if (Array.isArray(shape)) {
      if (segment !== '[]') return undefined;
      shape = shape[0];
    } else if (shape === 'leaf' || !Object.hasOwn(shape, segment)) {
      return undefined;
    } else {
      shape = (shape as Record<string, Shape>)[segment] as Shape;
    }
  }
  return shape;
}
