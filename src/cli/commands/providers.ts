// `takedown providers list|show ID|lint [DIR]`: the provider definitions the checker and the notices use.
import { existsSync, statSync } from 'node:fs';
import { copyFile, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { basename, join, resolve } from 'node:path';
import type { ChalkInstance } from 'chalk';
import { didYouMean } from '../../case-file/did-you-mean.ts';
import { formatIssue, UserError } from '../../core/errors.ts';
import type { ProviderChannel } from '../../core/notice.ts';
import type { Provider } from '../../core/provider.ts';
import { loadProviders, defaultProvidersDir } from '../../providers/load.ts';
import { findWorkspace } from '../../workspace/find.ts';
import { EXIT } from '../exit-codes.ts';
import type { CliIo } from '../io.ts';
import { createOutput, type Format, type Output } from '../output.ts';
import { openWorkspace, workspaceProviders } from '../context.ts';
import { loadBuiltinProviders } from '../../providers/load.ts';

export interface ProvidersOptions {
  workspace?: string;
  format?: Format;
}

export async function runProviders(io: CliIo, action: string, arg: string | undefined, options: ProvidersOptions): Promise<number> {
  const out = createOutput(io, options);
  if (action === 'lint') return lint(out, resolve(io.cwd, arg ?? defaultProvidersDir()));
  const inWorkspace = options.workspace !== undefined || findWorkspace(io.cwd) !== null;
  const providers = inWorkspace ? await workspaceProviders(await openWorkspace(io, options.workspace)) : await loadBuiltinProviders();
  if (action === 'list') {
    if (out.format !== 'text') {
      const rows = providers.map((p) => ({
        id: p.id,
        name: p.name,
        kind: p.kind,
        hosts: p.hosts,
        channels: p.channels.map((ch) => ({ id: ch.id, kind: ch.kind, bases: ch.bases })),
        ...(p.routesTo === undefined ? {} : { routesTo: p.routesTo }),
        checked: p.checked,
      }));
      out.out(out.format === 'json' ? JSON.stringify(rows, null, 2) : rows.map((r) => JSON.stringify(r)).join('\n'));
      return EXIT.ok;
    }
    for (const line of formatProviderList(providers)) out.out(line);
    return EXIT.ok;
  }
  if (action === 'show') {
    if (!arg) throw new UserError('USAGE', 'providers show needs a provider id, e.g. takedown providers show youtube');
    const provider = providers.find((p) => p.id === arg);
    if (!provider) {
      const guess = didYouMean(arg, providers.map((p) => p.id));
      throw new UserError('UNKNOWN_PROVIDER', `no provider with id "${arg}"${guess ? `; did you mean "${guess}"?` : ''} (see takedown providers list)`);
    }
    if (out.format !== 'text') out.out(JSON.stringify(provider, null, out.format === 'json' ? 2 : undefined));
    else for (const line of formatProviderShow(provider, out.color)) out.out(line);
    return EXIT.ok;
  }
  throw new UserError('BAD_ACTION', `unknown providers action "${action}": expected list, show ID or lint [DIR]`);
}

async function lint(out: Output, target: string): Promise<number> {
  // A single file is linted in a folder of its own making: just that file.
  const single = existsSync(target) && statSync(target).isFile();
  const dir = single ? await mkdtemp(join(tmpdir(), 'takedown-lint-')) : target;
  if (single) await copyFile(target, join(dir, basename(target)));
  const builtinDir = defaultProvidersDir();
  // Another folder (a workspace's own) may route to the built-in providers.
  const known = resolve(dir) === resolve(builtinDir) ? [] : (await loadProviders(builtinDir)).providers;
  const loaded = await loadProviders(dir, { known }).finally(() => (single ? rm(dir, { recursive: true, force: true }) : undefined));
  const issues = loaded.issues.map((i) => (single ? { ...i, file: i.file.replace(join(dir, basename(target)), target) } : i));
  for (const issue of issues) out.err(formatIssue(issue));
  const errors = issues.filter((i) => i.severity === 'error').length;
  out.out(errors === 0 ? `${loaded.providers.length} provider definition(s) in ${target}: ok` : `${errors} problem(s) in ${target}`);
  return errors === 0 ? EXIT.ok : EXIT.usage;
}

/** A channel in a few characters: `web-form: take-it-down, policy-ncii`. */
function channelSummary(channel: ProviderChannel): string {
  return `${channel.kind}: ${channel.bases.length > 0 ? channel.bases.join(', ') : '(no notice)'}`;
}

/** One line per provider: id, kind, hosts, then its channels or where it routes. */
export function formatProviderList(providers: readonly Provider[]): string[] {
  const sorted = [...providers].sort((a, b) => a.id.localeCompare(b.id));
  const hostsOf = (p: Provider): string => (p.hosts.length > 0 ? p.hosts.join(', ') : '-');
  const idWidth = Math.max(...sorted.map((p) => p.id.length));
  const kindWidth = Math.max(...sorted.map((p) => p.kind.length));
  // Long host lists would push every channel column far right; past 32 characters they just run on.
  const hostWidth = Math.min(32, Math.max(...sorted.map((p) => hostsOf(p).length)));
  return sorted.map((p) => {
    const channels =
      p.routesTo !== undefined ? `-> ${p.routesTo}` : p.channels.length > 0 ? p.channels.map((ch) => `[${channelSummary(ch)}]`).join(' ') : '(no channels)';
    return `${p.id.padEnd(idWidth)}  ${p.kind.padEnd(kindWidth)}  ${hostsOf(p).padEnd(hostWidth)}  ${channels}`;
  });
}

/** Everything a person needs to file with this provider, channel by channel. */
export function formatProviderShow(provider: Provider, color: ChalkInstance): string[] {
  const lines = [`${color.bold(provider.id)}  ${provider.name} (${provider.kind})`];
  if (provider.hosts.length > 0) lines.push(`hosts: ${provider.hosts.join(', ')}`);
  if (provider.patterns.length > 0) lines.push(`patterns: ${provider.patterns.length}`);
  const s = provider.signals;
  const signals = s.removed.length + s.legal.length + s.blocked.length + s.live.length;
  if (signals > 0) {
    lines.push(`checker signals: ${s.removed.length} removed, ${s.legal.length} legal, ${s.blocked.length} blocked, ${s.live.length} live; ${provider.examples.length} example(s)`);
  }
  if (provider.ipRanges.length > 0) lines.push(`ip ranges: ${provider.ipRanges.join(', ')}`);
  lines.push(`source: ${provider.source.join('; ')}`, `checked: ${provider.checked}`);
  if (provider.routesTo !== undefined) lines.push('', `routes to: ${provider.routesTo} (file with that provider; see takedown providers show ${provider.routesTo})`);
  else if (provider.channels.length === 0) lines.push('', 'channels: none known (notices go to the generic providers: the site operator, its host, CDN and registrar)');
  for (const channel of provider.channels) lines.push('', ...formatChannel(channel, color));
  return lines;
}

function formatChannel(channel: ProviderChannel, color: ChalkInstance): string[] {
  const where = channel.address ?? channel.url ?? (channel.addressFrom === 'rdap-abuse' ? 'abuse address found by RDAP' : 'found on the site\'s home page');
  const lines = [`channel ${color.bold(channel.id)}  ${channel.kind}  ${where}`];
  if (channel.url !== undefined && channel.address !== undefined) lines.push(`  page: ${channel.url}`);
  lines.push(`  bases: ${channel.bases.length > 0 ? channel.bases.join(', ') : 'none (no notice: see the note)'}`);
  const only = [channel.minors ? 'takes content made when the person was under 18' : '', channel.adultsOnly ? 'adults only: not for content made under 18' : ''].filter(Boolean);
  if (only.length > 0) lines.push(`  ${only.join('; ')}`);
  lines.push(`  response: ${channel.responseHours === undefined ? 'no time stated' : `${channel.responseHours} h (stated)`}`);
  if (channel.disclosesReporterTo.length > 0) {
    const warning = `  WARNING: may pass the reporter's identity to ${channel.disclosesReporterTo.join(', ')}`;
    lines.push(color.yellow.bold(channel.disclosureNote ? `${warning}: ${channel.disclosureNote}` : warning));
  } else {
    lines.push(`  reporter: ${channel.disclosureNote ?? 'kept confidential'}`);
  }
  if (channel.fields.length > 0) {
    lines.push('  fields:');
    for (const field of channel.fields) {
      lines.push(`    ${field.label}: ${field.answer.replace(/\n/g, '\\n')}`);
      if (field.note) lines.push(`      (${field.note})`);
    }
  }
  if (channel.note) lines.push(`  note: ${channel.note}`);
  lines.push(`  source: ${channel.source.join('; ')} (checked ${channel.checked})`);
  return lines;
}
