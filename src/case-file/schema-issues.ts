// Runs a zod schema over YAML data and turns its issues into positioned, readable Issues (with "did you mean").
import type { z } from 'zod';
import type { Issue } from '../core/errors.ts';
import { didYouMean } from './did-you-mean.ts';
import { formatPath, issueAt } from './yaml-source.ts';
import type { Path, YamlSource } from './yaml-source.ts';

type Schema = z.core.$ZodType;
type RawIssue = z.core.$ZodRawIssue;

interface LooseDef {
  type: string;
  [key: string]: unknown;
}

function defOf(schema: unknown): LooseDef | undefined {
  return (schema as { _zod?: { def?: LooseDef } } | undefined)?._zod?.def;
}

const WRAPPERS = new Set(['optional', 'nullable', 'default', 'prefault', 'nonoptional', 'readonly', 'catch']);

/** Sees through optional/default/preprocess wrappers to the schema that gives the shape. */
function unwrap(schema: unknown): LooseDef | undefined {
  let def = defOf(schema);
  for (let guard = 0; def !== undefined && guard < 20; guard++) {
    if (WRAPPERS.has(def.type)) def = defOf(def['innerType']);
    else if (def.type === 'pipe') def = defOf(defOf(def['in'])?.type === 'transform' ? def['out'] : def['in']);
    else return def;
  }
  return def;
}

function childOf(def: LooseDef, part: string | number): unknown {
  if (def.type === 'object') return (def['shape'] as Record<string, unknown>)[String(part)];
  if (def.type === 'array') return def['element'];
  if (def.type === 'record') return def['valueType'];
  return undefined;
}

/** The keys the schema knows for the mapping at `path` (for suggestions). */
export function knownKeysAt(schema: Schema, path: Path): string[] {
  let def = unwrap(schema);
  for (const part of path) {
    if (def === undefined) return [];
    def = unwrap(childOf(def, part));
  }
  return def?.type === 'object' ? Object.keys(def['shape'] as Record<string, unknown>) : [];
}

export function describeValue(value: unknown): string {
  if (value === undefined || value === null) return 'nothing';
  if (Array.isArray(value)) return 'a list';
  if (typeof value === 'object') return 'a mapping';
  if (typeof value === 'string') return JSON.stringify(value);
  return String(value);
}

const EXPECTED: Record<string, string> = {
  string: 'text',
  number: 'a number',
  int: 'a whole number',
  boolean: 'true or false',
  array: 'a list',
  object: 'a mapping',
  record: 'a mapping',
};

function sizeWord(origin: string, bound: number | bigint, inclusive: boolean | undefined, kind: 'least' | 'most'): string {
  if (origin === 'array') return `must list at ${kind} ${bound} item${bound === 1 ? '' : 's'}`;
  if (origin === 'string') return bound === 1 && kind === 'least' ? 'must not be empty' : `must be at ${kind} ${bound} characters long`;
  if (inclusive === false) return kind === 'least' ? `must be more than ${bound}` : `must be less than ${bound}`;
  return `must be at ${kind} ${bound}`;
}

/** Default wording for every issue; a schema can still give its own message for a field. */
export function messageFor(issue: RawIssue): string {
  const got = `(got ${describeValue(issue.input)})`;
  switch (issue.code) {
    case 'invalid_type':
      if (issue.input === undefined) return 'missing (required)';
      return `must be ${EXPECTED[issue.expected] ?? issue.expected} ${got}`;
    case 'invalid_value':
      if (issue.input === undefined) return `missing (required): one of ${issue.values.map(String).join(', ')}`;
      return `must be one of ${issue.values.map(String).join(', ')} ${got}`;
    case 'invalid_format':
      if (issue.format === 'email') return `must be an email address ${got}`;
      return `has the wrong form ${got}`;
    case 'too_small':
      return `${sizeWord(issue.origin, issue.minimum, issue.inclusive, 'least')}${issue.origin === 'array' || issue.origin === 'string' ? '' : ` ${got}`}`;
    case 'too_big':
      return `${sizeWord(issue.origin, issue.maximum, issue.inclusive, 'most')}${issue.origin === 'array' || issue.origin === 'string' ? '' : ` ${got}`}`;
    case 'unrecognized_keys':
      return 'unknown key';
    default:
      return `is not valid ${got}`;
  }
}

function unknownKeyIssues(source: YamlSource, schema: Schema, path: Path, keys: readonly string[]): Issue[] {
  const known = knownKeysAt(schema, path);
  return keys.map((key) => {
    const suggestion = didYouMean(key, known);
    const hint = suggestion === undefined ? `; expected one of ${known.join(', ')}` : `; did you mean "${suggestion}"?`;
    return issueAt(source, [...path, key], `unknown key${hint}`, { at: 'key' });
  });
}

function toPath(path: readonly PropertyKey[]): Path {
  return path.map((part) => (typeof part === 'number' ? part : String(part)));
}

/** Validates `data` against `schema`; every zod issue becomes one Issue per offending key or value. */
export function schemaIssues<S extends Schema>(
  source: YamlSource,
  schema: S,
  data: unknown,
): { value: z.core.output<S> | undefined; issues: Issue[] } {
  const result = (schema as unknown as z.ZodType<z.core.output<S>>).safeParse(data, { error: messageFor });
  if (result.success) return { value: result.data, issues: [] };
  const issues: Issue[] = [];
  for (const issue of result.error.issues) {
    const path = toPath(issue.path);
    if (issue.code === 'unrecognized_keys') issues.push(...unknownKeyIssues(source, schema, path, issue.keys));
    else issues.push(issueAt(source, path, issue.message));
  }
  return { value: undefined, issues };
}
