// Parses provider YAML text into Providers with positioned issues, and checks a set of them together.
import { schemaIssues } from '../case-file/schema-issues.ts';
import { issueAt, parseYaml } from '../case-file/yaml-source.ts';
import type { YamlSource } from '../case-file/yaml-source.ts';
import type { Issue } from '../core/errors.ts';
import type { Provider } from '../core/provider.ts';
import { crossCheckProvider, idProblem, providerSchema } from './schema.ts';

export interface ParsedProviderFile {
  file: string;
  /** Present only when the file has no error. */
  provider?: Provider;
  issues: Issue[];
  /** Kept to position issues found later, across files. */
  source: YamlSource;
}

/** The id a file must carry: its base name without `.yaml`. */
export function fileIdOf(file: string): string {
  const base = file.split(/[\\/]/).pop() ?? file;
  return base.endsWith('.yaml') ? base.slice(0, -'.yaml'.length) : base;
}

/** Parses one provider file's text. `file` names it in issues and fixes the expected id. */
export function parseProviderText(text: string, file: string): ParsedProviderFile {
  const { source, data, issues } = parseYaml(text, file);
  if (issues.some((issue) => issue.severity === 'error')) return { file, issues, source };
  const id = idProblem(data, fileIdOf(file));
  if (id) issues.push(issueAt(source, id.path, id.message));
  const { value, issues: schemaProblems } = schemaIssues(source, providerSchema, data);
  issues.push(...schemaProblems);
  if (value) {
    for (const problem of crossCheckProvider(value)) issues.push(issueAt(source, problem.path, problem.message));
  }
  issues.sort(byPosition);
  const failed = issues.some((issue) => issue.severity === 'error');
  return value && !failed ? { file, provider: { ...value, file }, issues, source } : { file, issues, source };
}

function byPosition(a: Issue, b: Issue): number {
  return (a.line ?? 0) - (b.line ?? 0) || (a.col ?? 0) - (b.col ?? 0);
}

/**
 * Problems between files: the same id twice, or two providers without patterns claiming the same
 * exact host (nothing would tell them apart, so the second could never match).
 */
export function checkRegistry(files: readonly ParsedProviderFile[]): Issue[] {
  const issues: Issue[] = [];
  const ids = new Map<string, string>();
  const catchAllHosts = new Map<string, Provider>();
  for (const parsed of files) {
    const provider = parsed.provider;
    if (!provider) continue;
    const firstFile = ids.get(provider.id);
    if (firstFile !== undefined) {
      issues.push(issueAt(parsed.source, ['id'], `duplicate provider id "${provider.id}" (also in ${firstFile})`));
      continue;
    }
    ids.set(provider.id, parsed.file);
    if (provider.patterns.length > 0) continue;
    provider.hosts.forEach((host, i) => {
      const owner = catchAllHosts.get(host);
      if (!owner) {
        catchAllHosts.set(host, provider);
        return;
      }
      const message =
        `host "${host}" is already claimed by provider "${owner.id}" (${owner.file ?? ''}); ` +
        'add patterns to one of them to tell their URLs apart';
      issues.push(issueAt(parsed.source, ['hosts', i], message));
    });
  }
  return issues;
}
