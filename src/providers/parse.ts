// Parses provider YAML text into Providers with positioned issues, and checks a set of them together.
import { schemaIssues } from '../case-file/schema-issues.ts';
import { issueAt, parseYaml } from '../case-file/yaml-source.ts';
import type { YamlSource } from '../case-file/yaml-source.ts';
import type { Issue } from '../core/errors.ts';
import type { Provider } from '../core/provider.ts';
import { didYouMean } from '../case-file/did-you-mean.ts';
import { crossCheckProvider, idProblem, rawProblems } from './cross-checks.ts';
import { providerSchema } from './schema.ts';

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
  for (const problem of rawProblems(data)) issues.push(issueAt(source, problem.path, problem.message));
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

export interface RegistryOptions {
  /** Providers from elsewhere (the built-in ones, for a workspace folder) that routes_to may name. */
  known?: readonly Provider[];
}

/**
 * Problems between files: the same id twice; two providers without patterns claiming the same
 * exact host (nothing would tell them apart, so the second could never match); routes_to naming
 * no provider, or one that routes on again; the same IP range in two providers.
 */
export function checkRegistry(files: readonly ParsedProviderFile[], options: RegistryOptions = {}): Issue[] {
  const issues: Issue[] = [];
  const ids = new Map<string, string>();
  const catchAllHosts = new Map<string, Provider>();
  const ranges = new Map<string, Provider>();
  const accepted: ParsedProviderFile[] = [];
  for (const parsed of files) {
    const provider = parsed.provider;
    if (!provider) continue;
    const firstFile = ids.get(provider.id);
    if (firstFile !== undefined) {
      issues.push(issueAt(parsed.source, ['id'], `duplicate provider id "${provider.id}" (also in ${firstFile})`));
      continue;
    }
    ids.set(provider.id, parsed.file);
    accepted.push(parsed);
    provider.ipRanges.forEach((range, i) => {
      const owner = ranges.get(range);
      if (owner) issues.push(issueAt(parsed.source, ['ip_ranges', i], `range ${range} is already in provider "${owner.id}" (${owner.file ?? ''})`));
      else ranges.set(range, provider);
    });
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
  issues.push(...routeIssues(files, accepted, options.known ?? []));
  return issues;
}

/** routes_to must name a provider that acts itself (one hop, so there are no chains or loops) and has channels to file with. */
function routeIssues(files: readonly ParsedProviderFile[], accepted: readonly ParsedProviderFile[], known: readonly Provider[]): Issue[] {
  const targets = new Map<string, Provider>(known.map((p) => [p.id, p]));
  for (const parsed of accepted) if (parsed.provider) targets.set(parsed.provider.id, parsed.provider);
  // A file with errors still names an id (its file name): say it is broken, not unknown.
  const broken = new Set(files.filter((f) => !f.provider).map((f) => fileIdOf(f.file)));
  const issues: Issue[] = [];
  for (const parsed of accepted) {
    const to = parsed.provider?.routesTo;
    if (to === undefined) continue;
    const target = targets.get(to);
    if (target === undefined) {
      const guess = broken.has(to) ? undefined : didYouMean(to, [...targets.keys()]);
      const why = broken.has(to) ? `provider "${to}" has errors of its own` : `no provider has id "${to}"${guess ? `; did you mean "${guess}"?` : ''}`;
      issues.push(issueAt(parsed.source, ['routes_to'], why));
    } else if (target.routesTo !== undefined) {
      issues.push(issueAt(parsed.source, ['routes_to'], `"${to}" routes on to "${target.routesTo}": name "${target.routesTo}" directly`));
    } else if (target.channels.length === 0) {
      issues.push(issueAt(parsed.source, ['routes_to'], `"${to}" has no channels to file with`));
    }
  }
  return issues;
}
