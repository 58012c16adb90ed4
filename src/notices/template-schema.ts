// The shape of a notice template file (templates/<kind>.yaml) and the checks across its fields.
import { z } from 'zod';
import { describeValue } from '../case-file/schema-issues.ts';
import type { Path } from '../case-file/yaml-source.ts';
import { NOTICE_KINDS } from '../core/notice.ts';
import type { NoticeKind } from '../core/notice.ts';
import { isContextPath, unknownFieldMessage } from './context-fields.ts';

/** A condition value: the element applies when the field equals it (or one of a list). */
export type WhenValue = string | boolean | (string | boolean)[];

/** One required element of the legal basis, and how a rendered notice is seen to meet it. */
export interface TemplateElement {
  id: string;
  /** The statutory wording it satisfies, short. */
  law: string;
  /** Fixed wording that must appear in the rendered notice. */
  phrases: string[];
  /** Context paths whose values must appear (`urls[].url` means every URL). */
  fields: string[];
  /** The element applies only when every listed field has the given value. */
  when?: Record<string, WhenValue>;
  /** A statement the claimant makes in good faith: rendering needs case.claimant.confirms_good_faith. */
  attests: boolean;
}

export interface NoticeTemplate {
  kind: NoticeKind;
  title: string;
  /** The citation, e.g. "47 U.S.C. § 223a(a)(1)(B)". */
  basis: string;
  /** Where the elements come from. */
  source: string[];
  elements: TemplateElement[];
  /** The notice is only true when these fields have these values (child protection: a minor). */
  requires?: Record<string, WhenValue>;
  /** Liquid, one line once rendered. */
  subject: string;
  /** Liquid, the notice text. */
  body: string;
  /** The file it was read from, for messages. */
  file?: string;
}

const text = z.string().trim().min(1);
const textList = z.preprocess((value) => (typeof value === 'string' ? [value] : value), z.array(text));

const elementId = text.regex(/^[a-z0-9]+(-[a-z0-9]+)*$/, {
  error: (issue) => `must be kebab-case, e.g. good-faith-statement (got ${describeValue(issue.input)})`,
});

const whenValue = z.union([z.string(), z.boolean(), z.array(z.union([z.string(), z.boolean()])).min(1)]);

const element = z.strictObject({
  id: elementId,
  law: text,
  phrases: textList.default([]),
  fields: textList.default([]),
  when: z.record(z.string(), whenValue).optional(),
  attests: z.boolean().default(false),
});

export const templateSchema = z.strictObject({
  kind: z.enum(NOTICE_KINDS),
  title: text,
  basis: text,
  source: textList.pipe(z.array(text).min(1)),
  elements: z.array(element).min(1),
  requires: z.record(z.string(), whenValue).optional(),
  subject: text,
  body: text,
});

export type TemplateFileData = z.output<typeof templateSchema>;

export interface SchemaProblem {
  path: Path;
  message: string;
  /** Point at the key rather than its value (a mapping key that is itself wrong). */
  at?: 'key';
}

/** Runs of whitespace as one space, so a phrase matches across line breaks. */
export function squashSpace(value: string): string {
  return value.replace(/\s+/g, ' ').trim();
}

/** Problems the schema cannot see: repeated ids, unknown fields, phrases the text never contains. */
export function crossCheckTemplate(data: TemplateFileData): SchemaProblem[] {
  const problems: SchemaProblem[] = [];
  const seen = new Set<string>();
  const source = squashSpace(`${data.subject}\n${data.body}`);
  for (const key of Object.keys(data.requires ?? {})) {
    if (!isContextPath(key)) problems.push({ path: ['requires', key], message: unknownFieldMessage(key), at: 'key' });
  }
  data.elements.forEach((el, i) => {
    if (seen.has(el.id)) problems.push({ path: ['elements', i, 'id'], message: `duplicate element id "${el.id}"` });
    seen.add(el.id);
    if (el.phrases.length === 0 && el.fields.length === 0) {
      problems.push({ path: ['elements', i], message: 'an element needs phrases or fields that show it is met' });
    }
    el.fields.forEach((field, j) => {
      if (!isContextPath(field)) problems.push({ path: ['elements', i, 'fields', j], message: unknownFieldMessage(field) });
    });
    for (const key of Object.keys(el.when ?? {})) {
      if (!isContextPath(key)) problems.push({ path: ['elements', i, 'when', key], message: unknownFieldMessage(key), at: 'key' });
    }
    el.phrases.forEach((phrase, j) => {
      if (!source.includes(squashSpace(phrase))) {
        problems.push({ path: ['elements', i, 'phrases', j], message: `the subject and body never contain this phrase: ${JSON.stringify(phrase)}` });
      }
    });
  });
  return problems;
}

/** Whether an element applies to this context (its `when` fields all match). */
export function elementApplies(el: TemplateElement, read: (path: string) => unknown): boolean {
  return conditionsHold(el.when, read);
}

/** Whether every field of a `when` or `requires` map has one of its allowed values. */
export function conditionsHold(conditions: Record<string, WhenValue> | undefined, read: (path: string) => unknown): boolean {
  return Object.entries(conditions ?? {}).every(([path, expected]) => {
    const actual = read(path);
    const allowed = Array.isArray(expected) ? expected : [expected];
    return allowed.some((value) => value === actual);
  });
}
