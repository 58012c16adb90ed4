// `takedown providers list|show ID|lint [DIR]`: the provider definitions the checker uses.
import { existsSync, statSync } from 'node:fs';
import { copyFile, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { basename, join, resolve } from 'node:path';
import { didYouMean } from '../../case-file/did-you-mean.ts';
import { formatIssue, UserError } from '../../core/errors.ts';
import { loadProviders, defaultProvidersDir } from '../../providers/load.ts';
import { findWorkspace } from '../../workspace/find.ts';
import { EXIT } from '../exit-codes.ts';
import type { CliIo } from '../io.ts';
import { createOutput, type Format } from '../output.ts';
import { openWorkspace, workspaceProviders } from '../context.ts';
import { loadBuiltinProviders } from '../../providers/load.ts';

export interface ProvidersOptions {
  workspace?: string;
  format?: Format;
}

export async function runProviders(io: CliIo, action: string, arg: string | undefined, options: ProvidersOptions): Promise<number> {
  const out = createOutput(io, options);
  if (action === 'lint') {
    const target = resolve(io.cwd, arg ?? defaultProvidersDir());
    // A single file is linted in a folder of its own making: just that file.
    const single = existsSync(target) && statSync(target).isFile();
    const dir = single ? await mkdtemp(join(tmpdir(), 'takedown-lint-')) : target;
    if (single) await copyFile(target, join(dir, basename(target)));
    const loaded = await loadProviders(dir).finally(() => (single ? rm(dir, { recursive: true, force: true }) : undefined));
    const providers = loaded.providers;
    const issues = loaded.issues.map((i) => (single ? { ...i, file: i.file.replace(join(dir, basename(target)), target) } : i));
    for (const issue of issues) out.err(formatIssue(issue));
    const errors = issues.filter((i) => i.severity === 'error').length;
    out.out(errors === 0 ? `${providers.length} provider definition(s) in ${target}: ok` : `${errors} problem(s) in ${target}`);
    return errors === 0 ? EXIT.ok : EXIT.usage;
  }
  const inWorkspace = options.workspace !== undefined || findWorkspace(io.cwd) !== null;
  const providers = inWorkspace ? await workspaceProviders(await openWorkspace(io, options.workspace)) : await loadBuiltinProviders();
  if (action === 'list') {
    if (out.format !== 'text') {
      const rows = providers.map((p) => ({ id: p.id, name: p.name, kind: p.kind, hosts: p.hosts, checked: p.checked }));
      out.out(out.format === 'json' ? JSON.stringify(rows, null, 2) : rows.map((r) => JSON.stringify(r)).join('\n'));
      return EXIT.ok;
    }
    const width = Math.max(...providers.map((p) => p.id.length));
    for (const p of [...providers].sort((a, b) => a.id.localeCompare(b.id))) {
      out.out(`${p.id.padEnd(width)}  ${p.kind.padEnd(9)}  ${p.hosts.join(', ')}`);
    }
    return EXIT.ok;
  }
  if (action === 'show') {
    if (!arg) throw new UserError('USAGE', 'providers show needs a provider id, e.g. takedown providers show youtube');
    const provider = providers.find((p) => p.id === arg);
    if (!provider) {
      const guess = didYouMean(arg, providers.map((p) => p.id));
      throw new UserError('UNKNOWN_PROVIDER', `no provider with id "${arg}"${guess ? `; did you mean "${guess}"?` : ''} (see takedown providers list)`);
    }
    out.out(JSON.stringify(provider, null, 2));
    return EXIT.ok;
  }
  throw new UserError('BAD_ACTION', `unknown providers action "${action}": expected list, show ID or lint [DIR]`);
}
