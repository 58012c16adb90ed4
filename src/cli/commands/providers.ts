// `takedown providers list|show ID|lint [DIR]`: the provider definitions the checker uses.
import { resolve } from 'node:path';
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
    const dir = arg ? resolve(io.cwd, arg) : defaultProvidersDir();
    const { providers, issues } = await loadProviders(dir);
    for (const issue of issues) out.err(formatIssue(issue));
    const errors = issues.filter((i) => i.severity === 'error').length;
    out.out(errors === 0 ? `${providers.length} provider definition(s) in ${dir}: ok` : `${errors} problem(s) in ${dir}`);
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
    const provider = providers.find((p) => p.id === arg);
    if (!provider) throw new UserError('UNKNOWN_PROVIDER', `no provider with id "${arg ?? ''}" (see takedown providers list)`);
    out.out(JSON.stringify(provider, null, 2));
    return EXIT.ok;
  }
  throw new UserError('BAD_ACTION', `unknown providers action "${action}": expected list, show ID or lint [DIR]`);
}
