// `takedown providers list|show|lint` in process: channels at a glance, a channel's details with a
// warning when it passes the reporter's identity on, and lint across folders.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { runCli, tempDir } from './helpers.ts';

let dir: ReturnType<typeof tempDir>;
beforeEach(() => {
  dir = tempDir();
});
afterEach(() => dir.remove());

describe('providers list', () => {
  it('shows each provider with its kind and channels (kind: bases), or where it routes', async () => {
    const run = await runCli(['providers', 'list'], { cwd: dir.path });
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/^cloudflare\s+cdn\s+cloudflare\.com\s+\[web-form: abuse-report\]$/m);
    expect(run.stdout).toMatch(/^discord\s+platform\s+discord\.com, discordapp\.com\s+\[web-form: take-it-down, policy-ncii\] \[in-app: policy-ncii\]$/m);
    expect(run.stdout).toMatch(/^duckduckgo\s+search-engine\s+duckduckgo\.com\s+-> bing$/m);
    expect(run.stdout).toMatch(/^generic-host\s+generic\s+-\s+\[email: abuse-report, dsa-art16\]$/m);
    expect(run.stdout).toMatch(/^stopncii\s+hash-programme\s+-\s+\[web-form: \(no notice\)\]$/m);
    expect(run.stdout).toMatch(/^pastebin\s+platform\s+pastebin\.com\s+\(no channels\)$/m);
  });

  it('gives channels and routes in JSON', async () => {
    const run = await runCli(['providers', 'list', '--format', 'json'], { cwd: dir.path });
    const rows = JSON.parse(run.stdout) as { id: string; channels: unknown[]; routesTo?: string }[];
    expect(rows.find((r) => r.id === 'duckduckgo')).toMatchObject({ channels: [], routesTo: 'bing' });
    expect(rows.find((r) => r.id === 'esafety')).toMatchObject({ channels: [{ id: 'report-form', kind: 'web-form', bases: ['esafety-referral'] }] });
  });
});

describe('providers show', () => {
  it('warns, on its own line, that a channel passes the reporter on, and to whom', async () => {
    const run = await runCli(['providers', 'show', 'cloudflare'], { cwd: dir.path });
    expect(run.code).toBe(0);
    const lines = run.stdout.split('\n');
    expect(lines).toContain('channel abuse-form  web-form  https://abuse.cloudflare.com');
    expect(lines).toContain('  bases: abuse-report');
    expect(lines).toContain('  response: no time stated');
    expect(lines).toContain('    Category: Non-Consensual Sexually Explicit Imagery (NCSEI)');
    expect(lines.filter((l) => l.includes('WARNING'))).toEqual([
      "  WARNING: may pass the reporter's identity to site-owner, host: Cloudflare forwards substantially complete reports to the hosting provider and the website owner. For some categories you can ask it not to forward your report to the website operator: choose that option.",
    ]);
    expect(run.stdout).toMatch(/^ip ranges: 173\.245\.48\.0\/20, .*2c0f:f248::\/32$/m);
    expect(run.stdout).toMatch(/^ {2}source: abuse\.cloudflare\.com \(third-party code\) \[S127\]; .* \(checked 2026-11-21\)$/m);
  });

  it('names the stated response time and a confidential channel without a warning', async () => {
    const run = await runCli(['providers', 'show', 'discord'], { cwd: dir.path });
    expect(run.stdout).toContain('channel take-it-down-form  web-form  https://discord.com/report\n  bases: take-it-down, policy-ncii\n  response: 48 h (stated)\n');
    expect(run.stdout).toContain('  reporter: Confidential. The uploader is not told who reported.\n');
    expect(run.stdout).toContain('    Legal name of the person depicted: {{ subject.name }}\n');
    expect(run.stdout).not.toContain('WARNING');
  });

  it('says where a provider without channels routes, and where the generic ones find their address', async () => {
    expect((await runCli(['providers', 'show', 'duckduckgo'], { cwd: dir.path })).stdout).toContain('routes to: bing (file with that provider; see takedown providers show bing)');
    expect((await runCli(['providers', 'show', 'generic-registrar'], { cwd: dir.path })).stdout).toContain('channel abuse-email  email  abuse address found by RDAP\n');
  });

  it('gives the whole definition in JSON', async () => {
    const run = await runCli(['providers', 'show', 'google-search', '--format', 'json'], { cwd: dir.path });
    const provider = JSON.parse(run.stdout) as { id: string; channels: { id: string; disclosesReporterTo: string[] }[] };
    expect(provider.id).toBe('google-search');
    expect(provider.channels.find((ch) => ch.id === 'dmca')?.disclosesReporterTo).toEqual(['lumen']);
  });
});

describe('providers lint', () => {
  const router = (to: string): string => `id: finder\nname: Finder\nkind: search-engine\nhosts: [finder.example]\nroutes_to: ${to}\nsource: s\nchecked: 2026-11-21\n`;

  it('lets a folder of its own route to a built-in provider', async () => {
    writeFileSync(join(dir.path, 'finder.yaml'), router('bing'));
    const run = await runCli(['providers', 'lint', dir.path], { cwd: dir.path });
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
  });

  it('reports a route to no provider at its position, with a suggestion', async () => {
    writeFileSync(join(dir.path, 'finder.yaml'), router('bingg'));
    const run = await runCli(['providers', 'lint', 'finder.yaml'], { cwd: dir.path });
    expect(run.code).toBe(2);
    expect(run.stderr).toContain(`${join(dir.path, 'finder.yaml')}:5:12 routes_to: no provider has id "bingg"; did you mean "bing"?`);
  });
});
