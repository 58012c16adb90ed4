// Renders notice templates and form-answer snippets over a NoticeContext: strict, sandboxed, never an empty gap.
import { UserError } from '../core/errors.ts';
import type { Issue } from '../core/errors.ts';
import type { NoticeContext } from '../core/notice.ts';
import { describeSource, normalizePath, shapeAt, sourceOf, splitPath, valuesAt } from './context-fields.ts';
import { OUTPUT_LIMIT, OutputTooLong, renderParsed } from './engine.ts';
import type { RenderBudget } from './engine.ts';
import { checkTemplateText, problemFromError } from './template-check.ts';
import type { CheckedTemplate } from './template-check.ts';
import { conditionsHold, elementApplies } from './template-schema.ts';
import type { NoticeTemplate } from './template-schema.ts';

export interface RenderedNotice {
  subject: string;
  body: string;
}

/** Stands in for a missing value so one render finds every missing field, not only the first. */
const PLACEHOLDER = '\u2026';
/** More passes than there are fields means the template is not converging: a bug, not input. */
const MAX_PASSES = 100;

const checkedTexts = new Map<string, CheckedTemplate>();

function checked(text: string): CheckedTemplate {
  let result = checkedTexts.get(text);
  if (result === undefined) {
    result = checkTemplateText(text);
    if (checkedTexts.size > 500) checkedTexts.clear();
    checkedTexts.set(text, result);
  }
  return result;
}

/**
 * A copy with every absent value left out: null, blank text and empty lists count as missing, so
 * a strict template fails on them instead of printing a gap.
 */
export function pruneContext(value: unknown): unknown {
  if (Array.isArray(value)) {
    const items = value.map(pruneContext).filter((item) => item !== undefined);
    return items.length === 0 ? undefined : items;
  }
  if (value !== null && typeof value === 'object') {
    const out: Record<string, unknown> = {};
    for (const [key, child] of Object.entries(value)) {
      const kept = pruneContext(child);
      if (kept !== undefined) out[key] = kept;
    }
    return out;
  }
  if (value === null || value === undefined) return undefined;
  if (typeof value === 'string' && value.trim() === '') return undefined;
  return value;
}

/** The variable a strict-variables error names (e.g. `u.state`), found on liquidjs's error chain. */
function undefinedVariableOf(error: unknown): string | undefined {
  let current: unknown = error;
  for (let depth = 0; current !== null && typeof current === 'object' && depth < 5; depth++) {
    const candidate = current as { name?: unknown; variableName?: unknown; originalError?: unknown };
    if (candidate.name === 'InternalUndefinedVariableError' && typeof candidate.variableName === 'string') return candidate.variableName;
    current = candidate.originalError;
  }
  return undefined;
}

/** `u.state` inside `{% for u in urls %}` is `urls[].state`. */
function contextPathOf(variable: string, aliases: Map<string, string>): string | undefined {
  const [root = '', ...rest] = variable.split('.');
  const alias = aliases.get(root);
  const segments = alias === undefined ? [root, ...rest] : [...splitPath(alias), ...rest];
  return normalizePath(segments.map((s) => (/^\d+$/.test(s) ? Number(s) : s)));
}

/** Puts a stand-in at `path` (in every list item for `[]`) so the next pass gets further. */
function fill(target: unknown, segments: readonly string[], value: () => unknown): void {
  const [head, ...rest] = segments;
  if (head === undefined || target === null || typeof target !== 'object') return;
  if (head === '[]') {
    if (Array.isArray(target)) for (const item of target) fill(item, rest, value);
    return;
  }
  const record = target as Record<string, unknown>;
  if (rest.length === 0) {
    if (record[head] === undefined) record[head] = value();
    return;
  }
  if (record[head] === undefined || typeof record[head] !== 'object') record[head] = rest[0] === '[]' ? [{}] : {};
  fill(record[head], rest, value);
}

function standIn(path: string): unknown {
  const shape = shapeAt(path);
  if (Array.isArray(shape)) return [shape[0] === 'leaf' ? PLACEHOLDER : {}];
  if (shape !== undefined && shape !== 'leaf') return {};
  return PLACEHOLDER;
}

interface PassResult {
  text: string;
  /** Context paths the text reached and did not get. */
  missing: string[];
}

type Failure = { kind: 'too-long' } | { kind: 'failed'; error: unknown };

/**
 * Renders, and on each missing value records it, fills a stand-in and renders again, so the
 * result lists every missing field the text actually reaches (guarded optional fields are not).
 */
function renderCollecting(check: CheckedTemplate, scope: object, budget: RenderBudget): PassResult | Failure {
  const templates = check.templates;
  if (templates === undefined) return { kind: 'failed', error: new Error('template does not parse') };
  const working = structuredClone(scope);
  const missing: string[] = [];
  for (let pass = 0; pass < MAX_PASSES; pass++) {
    try {
      return { text: renderParsed(templates, working, budget), missing };
    } catch (error) {
      if (isTooLong(error)) return { kind: 'too-long' };
      const variable = undefinedVariableOf(error);
      const path = variable === undefined ? undefined : contextPathOf(variable, check.aliases);
      if (path === undefined || missing.includes(path)) return { kind: 'failed', error };
      const shape = shapeAt(path);
      // A missing mapping is not reported itself: the next pass names the field inside it.
      if (shape === 'leaf' || Array.isArray(shape)) missing.push(path);
      fill(working, splitPath(path), () => standIn(path));
    }
  }
  return { kind: 'failed', error: new Error('rendering did not settle') };
}

function isTooLong(error: unknown): boolean {
  let current: unknown = error;
  for (let depth = 0; current !== null && typeof current === 'object' && depth < 5; depth++) {
    if (current instanceof OutputTooLong) return true;
    current = (current as { originalError?: unknown }).originalError;
  }
  return false;
}

function describe(template: NoticeTemplate): string {
  return `the ${template.title} notice (${template.file ?? `templates/${template.kind}.yaml`})`;
}

function invalid(what: string, check: CheckedTemplate): UserError {
  const lines = check.problems.map((p) => `  line ${p.line}, column ${p.col}: ${p.message}`);
  return new UserError('NOTICE_TEMPLATE_INVALID', `${what} has errors:\n${lines.join('\n')}`);
}

function failure(what: string, result: Failure): UserError {
  if (result.kind === 'too-long') {
    return new UserError('NOTICE_TOO_LONG', `${what} grew past ${OUTPUT_LIMIT} characters while rendering; its template must have a runaway loop`);
  }
  const problem = problemFromError(result.error);
  return new UserError('NOTICE_RENDER_FAILED', `${what} could not be rendered: ${problem.message} (line ${problem.line}, column ${problem.col} of the template)`);
}

/** One UserError naming every missing value by the key the user fills (NOTICE_MISSING_FIELDS). */
export function missingFieldsError(what: string, file: string, paths: readonly string[]): UserError {
  const sources = new Map(paths.map(sourceOf).map((source) => [describeSource(source), source]));
  const count = sources.size === 1 ? 'a value' : `${sources.size} values`;
  const list = [...sources.keys()].map((line) => `  - ${line}`).join('\n');
  const message = `${what} needs ${count} the case does not give; fill ${sources.size === 1 ? 'it' : 'them'} in and draft again:\n${list}`;
  const issues: Issue[] = [...sources].map(([line, source]) => ({
    file: source.caseFile ? 'case file' : file,
    path: source.caseFile ? source.key : '',
    message: `missing: ${line}`,
    severity: 'error',
  }));
  return new UserError('NOTICE_MISSING_FIELDS', message, issues);
}

function tidyBody(text: string): string {
  return `${text.replace(/[ \t]+$/gm, '').replace(/\n{3,}/g, '\n\n').trim()}\n`;
}

/** One line: a subject goes into a mail header, where a line break would start a new header. */
function tidySubject(text: string): string {
  return text.replace(/\s+/g, ' ').trim();
}

function firstValue(scope: unknown, path: string): unknown {
  return valuesAt(scope, path)[0];
}

/**
 * Renders a notice. Fails with a UserError when the claimant has not confirmed the good-faith
 * statements (NOTICE_GOOD_FAITH_UNCONFIRMED), when values are missing (NOTICE_MISSING_FIELDS, every
 * one listed), or when the template is broken or runs away.
 */
export function renderNotice(template: NoticeTemplate, context: NoticeContext): RenderedNotice {
  const what = describe(template);
  const file = template.file ?? `templates/${template.kind}.yaml`;
  const subjectCheck = checked(template.subject);
  const bodyCheck = checked(template.body);
  if (subjectCheck.problems.length > 0) throw invalid(`the subject of ${what}`, subjectCheck);
  if (bodyCheck.problems.length > 0) throw invalid(`the body of ${what}`, bodyCheck);

  const scope = (pruneContext(context) ?? {}) as object;
  const read = (path: string): unknown => firstValue(scope, path);
  if (!conditionsHold(template.requires, read)) {
    const needs = Object.entries(template.requires ?? {}).map(([path, value]) => `${sourceOf(path).key}: ${JSON.stringify(value)}`);
    throw new UserError('NOTICE_NOT_APPLICABLE', `${what} is only for cases with ${needs.join(' and ')}; this case does not qualify`);
  }
  const applicable = template.elements.filter((el) => elementApplies(el, read));
  if (applicable.some((el) => el.attests) && context.claimant.confirms_good_faith !== true) {
    const statements = applicable.filter((el) => el.attests).map((el) => el.id);
    throw new UserError(
      'NOTICE_GOOD_FAITH_UNCONFIRMED',
      `${what} makes statements in the claimant's name (${statements.join(', ')}); read them, and if they are true set ` +
        'case.claimant.confirms_good_faith: true in the case file',
      [{ file, path: 'case.claimant.confirms_good_faith', message: 'must be true to send statements made in good faith', severity: 'error' }],
    );
  }

  const budget: RenderBudget = {};
  const subject = renderCollecting(subjectCheck, scope, budget);
  if ('kind' in subject) throw failure(what, subject);
  const body = renderCollecting(bodyCheck, scope, budget);
  if ('kind' in body) throw failure(what, body);

  const missing = [...subject.missing, ...body.missing];
  // An element's fields are required even where the template guards them by mistake.
  for (const el of applicable) {
    for (const field of el.fields) if (valuesAt(scope, field).length === 0) missing.push(field);
  }
  if (missing.length > 0) throw missingFieldsError(what, file, missing);
  return { subject: tidySubject(subject.text), body: tidyBody(body.text) };
}

/** Renders a snippet and reports the fields it needs and did not get, instead of failing on them. */
export function renderSnippetCollecting(snippet: string, context: NoticeContext): PassResult {
  const check = checked(snippet);
  const what = `the answer ${JSON.stringify(snippet.length > 60 ? `${snippet.slice(0, 57)}...` : snippet)}`;
  if (check.problems.length > 0) throw invalid(what, check);
  const result = renderCollecting(check, (pruneContext(context) ?? {}) as object, {});
  if ('kind' in result) throw failure(what, result);
  return { text: result.text.replace(/[ \t]+$/gm, '').trim(), missing: result.missing };
}

/** Renders a channel field's answer with the same engine and rules as a notice. */
export function renderSnippet(snippet: string, context: NoticeContext): string {
  const { text, missing } = renderSnippetCollecting(snippet, context);
  if (missing.length > 0) throw missingFieldsError(`the answer ${JSON.stringify(snippet)}`, 'provider definition', missing);
  return text;
}
