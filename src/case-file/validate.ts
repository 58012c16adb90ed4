// Validates a case file's text (pure): every problem at once, each with its line and column, and the normalised Case.
import type { Case, CaseTarget, WatchPlace } from '../core/case.ts';
import type { Issue } from '../core/errors.ts';
import { allowedBy, checkUrlList } from './case-urls.ts';
import type { UrlEntry } from './case-urls.ts';
import { urlKey } from '../core/url-key.ts';
import { caseFileSchema } from './schema.ts';
import type { CaseFileData } from './schema.ts';
import { describeValue, schemaIssues } from './schema-issues.ts';
import { parseUrlsFile, type SeenUrls, type UrlsFileInput, type UrlsFileResult } from './urls-file.ts';
import { formatPath, issueAt, nodeAtPath, parseYaml, sortIssues } from './yaml-source.ts';
import type { ParsedYaml, YamlSource } from './yaml-source.ts';

export interface CaseValidation {
  /** The normalised case, or null when any issue is an error. */
  case: Case | null;
  /** Errors and notes, in file order. */
  issues: Issue[];
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** `id: 2026` reads as a number in YAML; an id is text, so take the digits as written (keeping `014`'s zero). */
function idAsWritten(source: YamlSource, data: Record<string, unknown>): void {
  const section = data['case'];
  if (!isRecord(section) || typeof section['id'] !== 'number') return;
  const node = nodeAtPath(source, ['case', 'id']);
  const written = node !== undefined && 'source' in node ? node.source : undefined;
  if (typeof written === 'string') section['id'] = written;
}

function target(entry: UrlEntry): CaseTarget {
  const { url, original, note, line, col } = entry;
  return { url, original, ...(note === undefined ? {} : { note }), ...(line === undefined ? {} : { line, col }) };
}

function watchPlace(entry: UrlEntry): WatchPlace {
  const { url, note, line, col } = entry;
  return { url, ...(note === undefined ? {} : { note }), ...(line === undefined ? {} : { line, col }) };
}

function buildCase(value: CaseFileData, file: string, targets: CaseTarget[], watch: WatchPlace[], allow: string[]): Case {
  const c = value.case;
  const claimant: Case['claimant'] = { role: c.claimant.role, confirmsGoodFaith: c.claimant.confirms_good_faith ?? false };
  for (const key of ['name', 'email', 'signature', 'organisation', 'address', 'phone'] as const) {
    const field = c.claimant[key];
    if (field !== undefined) claimant[key] = field;
  }
  return {
    id: c.id,
    ...(c.title === undefined ? {} : { title: c.title }),
    subject: {
      ...(c.subject.name === undefined ? {} : { name: c.subject.name }),
      minorAtCreation: c.subject.minor_at_creation,
    },
    claimant,
    jurisdictions: [...new Set(c.jurisdictions.map((code) => code.toUpperCase()))],
    facts: {
      consent: c.facts.consent,
      copyrightOwner: c.facts.copyright_owner ?? false,
      dmcaAcceptDisclosure: c.facts.dmca_accept_disclosure ?? false,
      deepfake: c.facts.deepfake ?? false,
      ...(c.facts.copyright_work === undefined ? {} : { copyrightWork: c.facts.copyright_work }),
      ...(c.facts.description === undefined ? {} : { description: c.facts.description }),
    },
    keywords: c.keywords ?? [],
    allow,
    targets,
    watch,
    fingerprints: value.fingerprints ?? [],
    storeMedia: c.store_media ?? false,
    file,
  };
}

/** Checks that span fields, run on the raw data so that they report even when the schema found other problems. */
function crossFieldIssues(source: YamlSource, data: Record<string, unknown>, fileUrls: number): Issue[] {
  const issues: Issue[] = [];
  const section = isRecord(data['case']) ? data['case'] : {};
  const subject = isRecord(section['subject']) ? section['subject'] : {};
  if (section['store_media'] === true && subject['minor_at_creation'] === true) {
    issues.push(
      issueAt(
        source,
        ['case', 'store_media'],
        'must not be true when case.subject.minor_at_creation is true: media of a minor is never stored',
      ),
    );
  }
  // The tool never handles a minor's images, not even to hash them (takedown hash refuses too):
  // fingerprints in such a case were made elsewhere, and discovery must not compare pictures with them.
  const fingerprints = data['fingerprints'];
  if (subject['minor_at_creation'] === true && Array.isArray(fingerprints) && fingerprints.length > 0) {
    issues.push(
      issueAt(
        source,
        ['fingerprints'],
        'must be empty when case.subject.minor_at_creation is true: takedown never handles the images of a person under 18, ' +
          'not even as hashes. Use NCMEC Take It Down (https://takeitdown.ncmec.org) on the device that holds the pictures: ' +
          'it hashes them there and shares only the hashes with participating platforms',
      ),
    );
  }
  // The description goes into every notice: a name in it would undo the care taken to print the
  // subject's name only where a law requires it.
  const facts = isRecord(section['facts']) ? section['facts'] : {};
  const name = typeof subject['name'] === 'string' ? subject['name'].trim() : '';
  const description = typeof facts['description'] === 'string' ? facts['description'] : '';
  const named = name.split(/\s+/).filter((part) => part.length >= 3).find((part) => new RegExp(`\\b${part.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}\\b`, 'i').test(description));
  if (named !== undefined) {
    issues.push(
      issueAt(
        source,
        ['case', 'facts', 'description'],
        `names the person depicted ("${named}"); the description goes into every notice, so leave the name out (notices print it only where a law requires it)`,
        { severity: 'note' },
      ),
    );
  }
  // A list of the wrong type is the schema's to report; only a truly empty or absent list means "no URLs".
  const empty = (list: unknown): boolean => list === undefined || list === null || (Array.isArray(list) && list.length === 0);
  // A urls_file: that was not read (not given to validateCaseText, or unreadable, which is reported) may hold URLs.
  const unread = typeof data['urls_file'] === 'string' && fileUrls < 0;
  if (empty(data['urls']) && empty(data['watch']) && fileUrls <= 0 && !unread) {
    const hint = typeof data['urls_file'] === 'string' ? ` (${data['urls_file']} lists none)` : '';
    issues.push(issueAt(source, ['urls'], `no URLs: list at least one URL to check under urls: (or a place to look under watch:)${hint}`));
  }
  return issues;
}

/** The `urls_file:` a parsed case file names, if any: load.ts reads it before validating. */
export function urlsFileOf(parsed: ParsedYaml): string | undefined {
  const data = parsed.data;
  const name = isRecord(data) ? data['urls_file'] : undefined;
  return typeof name === 'string' && name.trim() !== '' ? name : undefined;
}

/**
 * Validates a case file's text. `urlsFile` is the file its `urls_file:` names, as read (or not)
 * by load.ts; without it the rest of the case is validated and the file's URLs are left out.
 */
export function validateCaseText(text: string, file: string, urlsFile?: UrlsFileInput): CaseValidation {
  return validateParsedCase(parseYaml(text, file), file, urlsFile);
}

/**
 * The urls_file's URLs, checked for repeats against the urls: list and then each other. `count`
 * is -1 when no file was given or it could not be read.
 */
function fileTargets(source: YamlSource, input: UrlsFileInput | undefined, listed: readonly UrlEntry[]): UrlsFileResult & { count: number; file: string } {
  if (input === undefined) return { targets: [], places: [], issues: [], count: -1, file: source.file };
  if ('error' in input) return { targets: [], places: [], issues: [], count: -1, file: input.file };
  const seen: SeenUrls = new Map();
  for (const entry of listed) {
    const where = `${formatPath(entry.path.slice(0, 2))}${entry.line === undefined ? '' : ` at line ${entry.line}`}`;
    seen.set(urlKey(entry.url), { where, url: entry.url });
  }
  const read = parseUrlsFile(input, seen);
  return { ...read, count: read.targets.length, file: input.file };
}

export function validateParsedCase(parsed: ParsedYaml, file: string, urlsFile?: UrlsFileInput): CaseValidation {
  const { source, data } = parsed;
  const issues = [...parsed.issues];
  if (parsed.data === undefined) return { case: null, issues };
  if (data === null) {
    issues.push({ file, path: '', message: 'the file is empty; a case file needs at least case: and urls:', severity: 'error' });
    return { case: null, issues };
  }
  if (!isRecord(data)) {
    issues.push(issueAt(source, [], `the file must be a mapping with case: and urls: (got ${describeValue(data)})`));
    return { case: null, issues };
  }

  idAsWritten(source, data);
  const checked = schemaIssues(source, caseFileSchema, data);
  issues.push(...checked.issues);
  const section = isRecord(data['case']) ? data['case'] : {};
  const allow = checkUrlList(source, section['allow'], ['case', 'allow']);
  const urls = checkUrlList(source, data['urls'], ['urls']);
  const watch = checkUrlList(source, data['watch'], ['watch']);
  const fromFile = fileTargets(source, urlsFile, urls.entries);
  issues.push(...allow.issues, ...urls.issues, ...watch.issues, ...crossFieldIssues(source, data, fromFile.count));
  if (urlsFile !== undefined && 'error' in urlsFile) issues.push(issueAt(source, ['urls_file'], `cannot read ${urlsFile.file}: ${urlsFile.error}`));
  // The URL file's own problems come after the case file's, in its line order.
  const fileIssues = fromFile.issues;

  const allowList = allow.entries.map((entry) => entry.url);
  const targets: CaseTarget[] = [];
  for (const entry of urls.entries) {
    const allowedEntry = allowedBy(entry.url, allowList);
    if (allowedEntry === undefined) targets.push(target(entry));
    else issues.push(issueAt(source, entry.path, `excluded: on the case's allow-list (${allowedEntry})`, { severity: 'note' }));
  }
  fromFile.targets.forEach((entry, index) => {
    const allowedEntry = allowList.length === 0 ? undefined : allowedBy(entry.url, allowList);
    if (allowedEntry === undefined) targets.push(entry);
    else fileIssues.push({ file: fromFile.file, ...fromFile.places[index], path: 'urls_file', message: `excluded: on the case's allow-list (${allowedEntry})`, severity: 'note' });
  });

  sortIssues(issues);
  issues.push(...sortIssues(fileIssues));
  const failed = issues.some((issue) => issue.severity === 'error');
  if (failed || checked.value === undefined) return { case: null, issues };
  return { case: buildCase(checked.value, file, targets, watch.entries.map(watchPlace), allowList), issues };
}
