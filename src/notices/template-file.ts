// Parses one template file's text into a NoticeTemplate, every problem positioned in the YAML file.
import { isScalar } from 'yaml';
import { didYouMean } from '../case-file/did-you-mean.ts';
import { schemaIssues } from '../case-file/schema-issues.ts';
import { issueAt, nodeAtPath, parseYaml, sortIssues } from '../case-file/yaml-source.ts';
import type { Position, YamlSource } from '../case-file/yaml-source.ts';
import type { Issue } from '../core/errors.ts';
import { NOTICE_KINDS } from '../core/notice.ts';
import { splitPath } from './context-fields.ts';
import { checkTemplateText } from './template-check.ts';
import type { TemplateProblem } from './template-check.ts';
import { crossCheckTemplate, templateSchema } from './template-schema.ts';
import type { NoticeTemplate, TemplateFileData } from './template-schema.ts';

export interface ParsedTemplateFile {
  file: string;
  /** Present only when the file has no error. */
  template?: NoticeTemplate;
  issues: Issue[];
}

/** The kind a file must declare: its base name without `.yaml`. */
export function fileKindOf(file: string): string {
  const base = file.split(/[\\/]/).pop() ?? file;
  return base.endsWith('.yaml') ? base.slice(0, -'.yaml'.length) : base;
}

function kindProblem(data: unknown, file: string): { path: string[]; message: string } | undefined {
  const kind = (data as { kind?: unknown } | null)?.kind;
  const expected = fileKindOf(file);
  if (typeof kind !== 'string') return undefined;
  if (!(NOTICE_KINDS as readonly string[]).includes(kind)) {
    const suggestion = didYouMean(kind, NOTICE_KINDS);
    const hint = suggestion === undefined ? `one of ${NOTICE_KINDS.join(', ')}` : `did you mean "${suggestion}"?`;
    return { path: ['kind'], message: `unknown notice kind "${kind}"; ${hint}` };
  }
  if (kind !== expected) return { path: ['kind'], message: `kind "${kind}" does not match the file name: the template for ${kind} must be ${kind}.yaml` };
  return undefined;
}

/**
 * Where line/col of the Liquid text sit in the file. Exact in a literal block (`body: |`), the
 * usual form; in a folded or quoted scalar lines do not map one to one, so it points at the value.
 */
function filePosition(source: YamlSource, text: string, key: string, problem: TemplateProblem): Position & { approximate: boolean } {
  const node = nodeAtPath(source, [key]);
  const start = isScalar(node) ? node.range?.[0] : undefined;
  if (!isScalar(node) || start === undefined) return { line: 1, col: 1, approximate: true };
  const at = source.lineCounter.linePos(start);
  if (node.type === 'BLOCK_LITERAL') {
    const lines = text.slice(start, node.range?.[1]).split('\n').slice(1);
    const indent = lines.find((line) => line.trim() !== '')?.match(/^ */)?.[0].length ?? 0;
    return { line: at.line + problem.line, col: indent + problem.col, approximate: false };
  }
  if (problem.line === 1 && node.type !== 'BLOCK_FOLDED') {
    const quoted = node.type === 'QUOTE_DOUBLE' || node.type === 'QUOTE_SINGLE';
    return { line: at.line, col: at.col + (quoted ? 1 : 0) + problem.col - 1, approximate: node.type === 'QUOTE_DOUBLE' };
  }
  return { line: at.line, col: at.col, approximate: true };
}

function liquidIssues(source: YamlSource, text: string, data: TemplateFileData): Issue[] {
  const issues: Issue[] = [];
  const used = new Set<string>();
  for (const key of ['subject', 'body'] as const) {
    const checked = checkTemplateText(data[key]);
    checked.fields.forEach((field) => used.add(field));
    for (const problem of checked.problems) {
      const position = filePosition(source, text, key, problem);
      const where = position.approximate ? ` (line ${problem.line}, column ${problem.col} of the ${key})` : '';
      issues.push({ file: source.file, line: position.line, col: position.col, path: key, message: `${problem.message}${where}`, severity: 'error' });
    }
    if (checked.templates === undefined) return issues;
  }
  data.elements.forEach((el, i) => {
    el.fields.forEach((field, j) => {
      if (!usesField(used, field)) issues.push(issueAt(source, ['elements', i, 'fields', j], `the subject and body never use ${field}`));
    });
  });
  return issues;
}

/** `urls[].url` counts as used by `{% for u in urls %}`: the loop's own fields are local names. */
function usesField(used: ReadonlySet<string>, field: string): boolean {
  const parts = splitPath(field);
  for (let n = parts.length; n > 0; n--) {
    const prefix = parts.slice(0, n).join('.').replace(/\.\[\]/g, '[]');
    if (used.has(prefix)) return true;
  }
  return [...used].some((path) => path.startsWith(`${field}.`) || path.startsWith(`${field}[`));
}

/** Parses one template file's text; `file` names it in issues and fixes the kind it must declare. */
export function parseTemplateText(text: string, file: string): ParsedTemplateFile {
  const { source, data, issues } = parseYaml(text, file);
  if (issues.some((issue) => issue.severity === 'error')) return { file, issues };
  const kind = kindProblem(data, file);
  if (kind !== undefined) issues.push(issueAt(source, kind.path, kind.message));
  const { value, issues: schemaProblems } = schemaIssues(source, templateSchema, data);
  // The kind message above already says what is wrong with an unknown kind.
  issues.push(...schemaProblems.filter((issue) => !(kind !== undefined && issue.path === 'kind')));
  if (value !== undefined) {
    for (const problem of crossCheckTemplate(value)) issues.push(issueAt(source, problem.path, problem.message, problem.at === undefined ? {} : { at: problem.at }));
    issues.push(...liquidIssues(source, text, value));
  }
  sortIssues(issues);
  if (value === undefined || issues.some((issue) => issue.severity === 'error')) return { file, issues };
  return { file, template: { ...value, file }, issues };
}
