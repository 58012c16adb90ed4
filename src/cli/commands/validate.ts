// `takedown validate`: reports every problem in the case files, with file, line and column.
import { formatIssue } from '../../core/errors.ts';
import { loadCaseFiles } from '../../case-file/load.ts';
import { findWorkspace } from '../../workspace/find.ts';
import { EXIT } from '../exit-codes.ts';
import type { CliIo } from '../io.ts';
import { createOutput, type Format } from '../output.ts';
import { caseFilePaths, duplicateCaseIds, openWorkspace } from '../context.ts';
import { resolve } from 'node:path';
import { UserError } from '../../core/errors.ts';

export interface ValidateOptions {
  workspace?: string;
  format?: Format;
}

export async function runValidate(io: CliIo, files: readonly string[], options: ValidateOptions): Promise<number> {
  const out = createOutput(io, options);
  const paths = await pathsToValidate(io, files, options);
  const results = await loadCaseFiles(paths);
  const duplicates = duplicateCaseIds(results.flatMap((r) => (r.case ? [r.case] : [])));
  let failed = duplicates.length > 0;
  const records = results.map((r, i) => {
    const errors = r.issues.filter((x) => x.severity === 'error');
    if (errors.length > 0) failed = true;
    return {
      file: paths[i] ?? '',
      ok: errors.length === 0,
      case: r.case?.id ?? null,
      urls: r.case?.targets.length ?? 0,
      watch: r.case?.watch.length ?? 0,
      issues: r.issues,
    };
  });
  if (out.format !== 'text') {
    const body = { ok: !failed, files: records, problems: duplicates };
    out.out(out.format === 'json' ? JSON.stringify(body, null, 2) : records.map((r) => JSON.stringify(r)).join('\n'));
    return failed ? EXIT.usage : EXIT.ok;
  }
  for (const r of records) {
    for (const issue of r.issues) (issue.severity === 'error' ? out.err : out.out)(formatIssue(issue));
    if (r.ok) out.out(`${out.color.green('ok')} ${r.file}: case ${r.case}, ${r.urls} URL(s), ${r.watch} watch place(s)`);
  }
  for (const problem of duplicates) out.err(`takedown: ${problem}`);
  const bad = records.filter((r) => !r.ok).length;
  if (bad > 0) out.err(`takedown: ${bad} of ${records.length} case file(s) have errors`);
  return failed ? EXIT.usage : EXIT.ok;
}

async function pathsToValidate(io: CliIo, files: readonly string[], options: ValidateOptions): Promise<string[]> {
  if (files.length > 0) return files.map((f) => resolve(io.cwd, f));
  if (!options.workspace && !findWorkspace(io.cwd)) {
    throw new UserError('NO_CASES', 'name the case files to validate, or run inside a workspace (takedown init DIR)');
  }
  return caseFilePaths(io, await openWorkspace(io, options.workspace), files);
}
